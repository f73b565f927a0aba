// SPDX-License-Identifier: MIT
#include "report/inventory_report.hpp"

#include "core/json_writer.hpp"
#include "report/json_parts.hpp"
#include "report/text_table.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace nixvet {

namespace {

std::string output_names(const Package& p)
{
    std::string names;
    for (const auto& [name, path] : p.outputs) {
        bool in_closure = std::find(p.closure_paths.begin(), p.closure_paths.end(), path) != p.closure_paths.end();
        if (!p.closure_paths.empty() && !in_closure)
            continue;
        if (!names.empty())
            names += ',';
        names += name;
    }
    return names.empty() ? "-" : names;
}

std::string where(const Package& p)
{
    if (p.in_runtime && p.in_build)
        return "both";
    return p.in_runtime ? "runtime" : "build";
}

void write_ref(JsonWriter& w, const SourceRef& ref)
{
    w.begin_object();
    w.field("name", ref.name);
    w.key("path");
    ref.path.empty() ? w.null() : w.value(ref.path);
    w.key("drv_path");
    ref.drv_path.empty() ? w.null() : w.value(ref.drv_path);
    w.field("urls", ref.urls);
    w.key("rev");
    ref.rev.empty() ? w.null() : w.value(ref.rev);
    w.key("hash");
    ref.hash.empty() ? w.null() : w.value(ref.hash);
    w.end_object();
}

void write_package(JsonWriter& w, const Package& p)
{
    w.begin_object();
    w.field("name", p.name);
    w.field("pname", p.pname);
    w.field("version", p.version);
    w.field("name_evidence", name_evidence_name(p.evidence));
    w.field("confidence", is_high_confidence(p.evidence) ? "high" : "low");
    w.key("drv_path");
    p.drv_path.empty() ? w.null() : w.value(p.drv_path);
    w.key("system");
    p.system.empty() ? w.null() : w.value(p.system);
    w.field("fixed_output", p.fixed_output);
    w.field("in_runtime_closure", p.in_runtime);
    w.field("in_build_closure", p.in_build);
    w.key("outputs").begin_object();
    for (const auto& [name, path] : p.outputs) {
        w.key(name);
        path.empty() ? w.null() : w.value(path);
    }
    w.end_object();
    w.field("closure_paths", p.closure_paths);
    w.key("sources").begin_array();
    for (const auto& s : p.sources)
        write_ref(w, s);
    w.end_array();
    w.key("patches").begin_array();
    for (const auto& s : p.patches)
        write_ref(w, s);
    w.end_array();
    w.key("meta");
    if (p.meta_file.empty()) {
        w.null();
    } else {
        w.begin_object();
        w.field("file", p.meta_file);
        w.field("known_vulnerabilities", p.known_vulnerabilities);
        w.key("cpe");
        p.cpe_origin == "nixpkgs meta.identifiers" ? w.value(p.cpe) : w.null();
        w.field("source_provenance", p.source_provenance);
        w.end_object();
    }
    w.end_object();
}

} // namespace

std::string render_inventory_table(const Inventory& inv, const TableStyle& style)
{
    TextTable table({"PACKAGE", "VERSION", "OUTPUTS", "CLOSURE", "PATCHES", "SOURCE"});
    auto add = [&](const Package& p) {
        bool low = !is_high_confidence(p.evidence);
        std::string version = p.version.empty() ? "-" : p.version;
        if (low)
            version += " (?)";
        auto urls = p.source_urls();
        table.add({p.pname, version, output_names(p), where(p),
                   p.patches.empty() ? "-" : std::to_string(p.patches.size()), urls.empty() ? "-" : urls.front()},
                  {"", low ? "33" : ""});
    };
    for (const auto& p : inv.packages)
        add(p);
    if (style.show_sources) {
        table.section("SOURCES");
        for (const auto& p : inv.sources)
            add(p);
    }
    std::string out;
    for (const auto& t : inv.targets) {
        if (t.kind == "sbom")
            out += fmt::format("target {} ({} SBOM)\n", t.argument, t.closure);
        else
            out += fmt::format("target {} -> {} ({}, {} closure)\n", t.argument, t.path, t.kind, t.closure);
    }
    out += '\n';
    out += table.render(style.color);
    out += '\n';
    out += fmt::format("{} packages, {} sources; {} runtime store paths, {} derivations, {} plain input sources",
                       inv.packages.size(), inv.sources.size(), inv.runtime_paths, inv.derivations, inv.input_sources);
    if (inv.low_confidence > 0)
        out += fmt::format("; {} named from store paths only (?)", inv.low_confidence);
    out += '\n';
    for (const auto& note : inv.notes)
        out += "note: " + note + '\n';
    return out;
}

std::string render_inventory_json(const Inventory& inv, const std::string& tool_version)
{
    std::string out;
    write_inventory_json(inv, tool_version, [&](std::string_view piece) { out += piece; });
    return out;
}

void write_inventory_json(const Inventory& inv, const std::string& tool_version, const JsonWriter::Sink& sink)
{
    JsonWriter w(2, sink);
    w.begin_object();
    write_report_head(w, "nixvet.inventory/1", tool_version, inv);
    write_counts(w, {{"packages", inv.packages.size()},
                     {"sources", inv.sources.size()},
                     {"runtime_paths", inv.runtime_paths},
                     {"derivations", inv.derivations},
                     {"input_sources", inv.input_sources},
                     {"low_confidence", inv.low_confidence}});
    w.key("packages").begin_array();
    for (const auto& p : inv.packages)
        write_package(w, p);
    w.end_array();
    w.key("sources").begin_array();
    for (const auto& p : inv.sources)
        write_package(w, p);
    w.end_array();
    write_report_tail(w, inv);
    w.finish();
}

} // namespace nixvet

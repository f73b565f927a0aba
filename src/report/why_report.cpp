// SPDX-License-Identifier: MIT
#include "report/why_report.hpp"

#include "report/json_parts.hpp"
#include "report/text_table.hpp"

#include <fmt/format.h>

namespace nixvet {

std::string render_why_text(const Inventory& inv, const std::string& query, const std::vector<WhyEntry>& entries)
{
    std::string out;
    for (const auto& t : inv.targets)
        out += fmt::format("target {} -> {} ({} closure)\n", t.argument, t.path, t.closure);
    out += '\n';
    if (entries.empty()) {
        out += fmt::format("{} is not in the closure\n", query);
        return out;
    }
    for (const auto& e : entries) {
        const Package& p = inv.packages.at(e.package);
        out += fmt::format("{} {}  {}\n", p.pname, p.version.empty() ? "-" : p.version,
                           p.drv_path.empty() ? (p.closure_paths.empty() ? "" : p.closure_paths.front()) : p.drv_path);
        if (!e.runtime.empty())
            out += "  runtime: " + chain_text(e.runtime) + '\n';
        if (!e.build.empty())
            out += "  build:   " + chain_text(e.build) + '\n';
    }
    for (const auto& note : inv.notes)
        out += "note: " + note + '\n';
    return out;
}

std::string render_why_json(const Inventory& inv, const std::string& query, const std::vector<WhyEntry>& entries,
                            const std::string& tool_version)
{
    JsonWriter w;
    w.begin_object();
    write_report_head(w, "nixvet.why/1", tool_version, inv);
    w.field("query", query);
    w.key("packages").begin_array();
    for (const auto& e : entries) {
        w.begin_object();
        write_package_ref(w, inv.packages.at(e.package));
        w.field("runtime_chain", e.runtime);
        w.field("build_chain", e.build);
        w.end_object();
    }
    w.end_array();
    write_report_tail(w, inv);
    return w.str();
}

} // namespace nixvet

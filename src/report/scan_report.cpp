// SPDX-License-Identifier: MIT
#include "report/scan_report.hpp"

#include "core/json_writer.hpp"
#include "core/terminal_text.hpp"
#include "report/database_parts.hpp"
#include "report/json_parts.hpp"
#include "report/text_table.hpp"

#include <array>
#include <fmt/format.h>

namespace nixvet {

namespace {

const char* colour_of(Severity s)
{
    switch (s) {
    case Severity::critical: return "1;31";
    case Severity::high: return "31";
    case Severity::medium: return "33";
    case Severity::low: return "36";
    case Severity::unknown: return "2";
    }
    return "0";
}

} // namespace

std::string render_scan_table(const Inventory& inv, const ScanResult& scan, const ScanStyle& style)
{
    auto paint = [&](const char* code, const std::string& text) {
        return style.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
    };
    std::string out;
    for (const auto& t : inv.targets) {
        if (t.kind == "sbom")
            out += fmt::format("target {} ({} SBOM)\n", t.argument, t.closure);
        else
            out += fmt::format("target {} -> {} ({} closure)\n", t.argument, t.path, t.closure);
    }
    std::array<size_t, 5> counts{};
    size_t suppressed = 0;
    size_t current = static_cast<size_t>(-1);
    size_t affected_packages = 0; // findings come grouped by package
    size_t last_affected = static_cast<size_t>(-1);
    for (const auto& f : scan.findings) {
        if (!f.suppressed.empty()) {
            ++suppressed;
            if (!style.show_suppressed)
                continue;
        } else {
            ++counts[static_cast<size_t>(f.severity)];
            if (f.package != last_affected) {
                ++affected_packages;
                last_affected = f.package;
            }
        }
        if (f.package != current) {
            current = f.package;
            const Package& p = inv.packages[f.package];
            out += fmt::format("\n{} {}{}\n", paint("1", terminal_safe(p.pname)), terminal_safe(p.version),
                               p.drv_path.empty() ? "" : "  " + terminal_safe(p.drv_path));
            if (p.via.size() > 1)
                out += "  via " + chain_text(p.via, p.via_omitted) + '\n';
        }
        // One line, written in place (a large scan has tens of thousands).
        const AdvisoryFacts& about = f.about();
        const char* colour = f.suppressed.empty() ? colour_of(f.severity) : "2";
        if (style.color)
            fmt::format_to(std::back_inserter(out), "\x1b[{}m", colour);
        fmt::format_to(std::back_inserter(out), "  {:<9}", severity_label(f.severity));
        if (about.cvss && about.cvss->version != "other")
            fmt::format_to(std::back_inserter(out), "{:4.1f}", about.cvss->score);
        else
            out += " n/a";
        fmt::format_to(std::back_inserter(out), "  {:<16}", terminal_safe(f.advisory));
        if (about.known_exploited)
            out += style.color ? " \x1b[1;31mKEV\x1b[0m" : " KEV";
        if (about.epss)
            fmt::format_to(std::back_inserter(out), " EPSS {:.1f}%", *about.epss * 100);
        // Input text is escaped here, inside the colours, where the report's own sink lets colour codes through.
        if (!f.fixed_version.empty())
            out.append(" fixed in ").append(terminal_safe(f.fixed_version));
        out.append("  [")
            .append(identity_rung_name(f.identity.rung))
            .append("; ")
            .append(terminal_safe(f.decided_by))
            .append("]");
        if (!f.suppressed.empty())
            out.append("  suppressed: ").append(terminal_safe(f.suppressed));
        if (!f.vex_note.empty())
            out.append("  ").append(terminal_safe(f.vex_note));
        if (style.color)
            out += "\x1b[0m";
        out += '\n';
    }
    size_t total = counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
    out += fmt::format("\n{} finding{} in {} package{}: {} critical, {} high, {} medium, {} low, {} unknown", total,
                       total == 1 ? "" : "s", affected_packages, affected_packages == 1 ? "" : "s", counts[4],
                       counts[3], counts[2], counts[1], counts[0]);
    if (suppressed > 0)
        out += fmt::format("; {} suppressed{}", suppressed, style.show_suppressed ? "" : " (--show-suppressed)");
    out += fmt::format(". {} packages scanned, {} identified\n", scan.packages_scanned, scan.packages_identified);
    out += database_text(scan.database);
    for (const auto& note : inv.notes)
        out += "note: " + note + '\n';
    return out;
}

std::string render_scan_json(const Inventory& inv, const ScanResult& scan, const std::string& tool_version)
{
    std::string out;
    write_scan_json(inv, scan, tool_version, [&](std::string_view piece) { out += piece; });
    return out;
}

void write_scan_json(const Inventory& inv, const ScanResult& scan, const std::string& tool_version,
                     const JsonWriter::Sink& sink)
{
    JsonWriter w(2, sink);
    w.begin_object();
    write_report_head(w, "nixvet.scan/1", tool_version, inv);
    std::array<uint64_t, 5> counts{};
    uint64_t suppressed = 0;
    for (const auto& f : scan.findings)
        f.suppressed.empty() ? ++counts[static_cast<size_t>(f.severity)] : ++suppressed;
    w.key("counts").begin_object();
    w.field("packages_scanned", static_cast<uint64_t>(scan.packages_scanned));
    w.field("packages_identified", static_cast<uint64_t>(scan.packages_identified));
    for (Severity s : {Severity::critical, Severity::high, Severity::medium, Severity::low, Severity::unknown})
        w.field(severity_name(s), counts[static_cast<size_t>(s)]);
    w.field("suppressed", suppressed);
    w.end_object();
    w.key("findings").begin_array();
    for (const auto& f : scan.findings) {
        const Package& p = inv.packages[f.package];
        w.begin_object();
        w.field("id", f.advisory + "/" + (p.drv_path.empty() ? p.name : p.drv_path));
        w.field("advisory", f.advisory);
        write_package_ref(w, p);
        w.field("via", p.via);
        w.field("via_omitted", static_cast<uint64_t>(p.via_omitted));
        w.field("severity", severity_name(f.severity));
        const AdvisoryFacts& about = f.about();
        write_cvss(w, "cvss", about.cvss);
        w.field("known_exploited", about.known_exploited);
        w.key("epss");
        about.epss ? w.value(*about.epss) : w.null();
        w.key("fixed_version");
        f.fixed_version.empty() ? w.null() : w.value(f.fixed_version);
        w.field("source", f.source);
        w.field("decided_by", f.decided_by);
        w.field("evidence", f.evidence);
        w.field("other_sources", f.also);
        w.key("identity").begin_object();
        w.field("vendor", f.identity.vendor);
        w.field("product", f.identity.product);
        w.field("rung", identity_rung_name(f.identity.rung));
        w.field("evidence", f.identity.evidence);
        w.end_object();
        w.field("description", about.description);
        w.key("suppressed");
        f.suppressed.empty() ? w.null() : w.value(f.suppressed);
        w.key("vex");
        f.vex_note.empty() ? w.null() : w.value(f.vex_note);
        w.end_object();
    }
    w.end_array();
    write_database_json(w, "database", scan.database);
    write_report_tail(w, inv);
    w.finish();
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "report/check_report.hpp"

#include "report/database_parts.hpp"
#include "report/json_parts.hpp"
#include "report/text_table.hpp"

#include <fmt/format.h>

namespace nixvet {

namespace {

std::string package_label(const Package& p)
{
    return p.version.empty() ? p.pname : p.pname + " " + p.version;
}

void write_hits(std::string& out, const Inventory& inv, const std::vector<PolicyHit>& hits, std::string_view label,
                std::string_view style, bool color)
{
    for (const auto& h : hits) {
        std::string head =
            fmt::format("{:<9} {}  {}  {}", label, package_label(inv.packages.at(h.package)), h.subject, h.what);
        out += paint(color, style, head) + "  " + h.rule + '\n';
        if (!h.detail.empty())
            out += "          " + h.detail + '\n';
    }
}

void write_hits_json(JsonWriter& w, std::string_view key, const Inventory& inv, const std::vector<PolicyHit>& hits)
{
    w.key(key).begin_array();
    for (const auto& h : hits) {
        const Package& p = inv.packages.at(h.package);
        w.begin_object();
        write_package_ref(w, p);
        w.field("subject", h.subject);
        w.field("what", h.what);
        w.field("rule", h.rule);
        w.field("detail", h.detail);
        w.end_object();
    }
    w.end_array();
}

} // namespace

std::string render_check_text(const Inventory& inv, const Policy& policy, const PolicyVerdict& verdict, bool color)
{
    std::string out;
    for (const auto& t : inv.targets)
        out += fmt::format("target {} -> {} ({} closure)\n", t.argument, t.path, t.closure);
    out += '\n';
    write_hits(out, inv, verdict.failures, "FAIL", "1;31", color);
    write_hits(out, inv, verdict.warnings, "WARN", "33", color);
    write_hits(out, inv, verdict.accepted, "ACCEPTED", "32", color);
    if (!verdict.failures.empty() || !verdict.warnings.empty() || !verdict.accepted.empty())
        out += '\n';
    std::string result = verdict.pass ? paint(color, "1;32", "PASS") : paint(color, "1;31", "FAIL");
    out += fmt::format("{} against {}: {} failure(s), {} warning(s), {} accepted\n", result, policy.file,
                       verdict.failures.size(), verdict.warnings.size(), verdict.accepted.size());
    for (const auto& e : verdict.expired)
        out += "note: " + e + '\n';
    out += database_text(verdict.database);
    for (const auto& note : inv.notes)
        out += "note: " + note + '\n';
    return out;
}

std::string render_check_json(const Inventory& inv, const Policy& policy, const PolicyVerdict& verdict,
                              const std::string& tool_version)
{
    JsonWriter w;
    w.begin_object();
    write_report_head(w, "nixvet.check/1", tool_version, inv);
    w.field("policy", policy.file);
    w.field("result", verdict.pass ? "pass" : "fail");
    write_counts(w, {{"failures", verdict.failures.size()},
                     {"warnings", verdict.warnings.size()},
                     {"accepted", verdict.accepted.size()}});
    write_hits_json(w, "failures", inv, verdict.failures);
    write_hits_json(w, "warnings", inv, verdict.warnings);
    write_hits_json(w, "accepted", inv, verdict.accepted);
    w.field("expired", verdict.expired);
    write_database_json(w, "database", verdict.database);
    write_report_tail(w, inv);
    return w.str();
}

} // namespace nixvet

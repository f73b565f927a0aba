// SPDX-License-Identifier: MIT
#include "report/check_report.hpp"

#include "report/database_parts.hpp"
#include "report/interchange.hpp"
#include "report/json_parts.hpp"
#include "report/text_table.hpp"

#include <algorithm>
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

std::string render_check_sarif(const Inventory& inv, const Policy& policy, const PolicyVerdict& verdict,
                               const std::string& tool_version, const std::string& anchor)
{
    struct Result
    {
        const PolicyHit* hit;
        const char* level;
        const char* label;
    };
    std::vector<Result> results;
    for (const auto& h : verdict.failures)
        results.push_back({&h, "error", "FAIL"});
    for (const auto& h : verdict.warnings)
        results.push_back({&h, "warning", "WARN"});
    for (const auto& h : verdict.accepted)
        results.push_back({&h, "note", "ACCEPTED"});
    // An advisory is its own rule; a provenance verdict ("binary (inferred)") is "provenance/binary-inferred".
    auto rule_of = [](const PolicyHit& h) {
        if (h.subject != "provenance")
            return h.subject;
        std::string id = "provenance/";
        for (char c : h.what) {
            if (std::isalnum(static_cast<unsigned char>(c)))
                id += c;
            else if (id.back() != '-')
                id += '-';
        }
        while (id.back() == '-')
            id.pop_back();
        return id;
    };
    std::vector<std::string> rules;
    for (const auto& r : results) {
        if (std::find(rules.begin(), rules.end(), rule_of(*r.hit)) == rules.end())
            rules.push_back(rule_of(*r.hit));
    }
    JsonWriter w;
    w.begin_object();
    w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.field("version", "2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.field("name", "nixvet");
    w.field("version", tool_version);
    w.key("rules").begin_array();
    for (const auto& id : rules) {
        w.begin_object();
        w.field("id", id);
        bool provenance = id.starts_with("provenance/");
        w.key("shortDescription").begin_object();
        w.field("text", provenance ? "a package ships prebuilt code (" + id.substr(11) + ")" : id);
        w.end_object();
        if (std::string url = provenance ? std::string() : advisory_url(id); !url.empty())
            w.field("helpUri", url);
        w.end_object();
    }
    w.end_array();
    w.end_object().end_object(); // driver, tool
    w.key("results").begin_array();
    for (const auto& r : results) {
        const PolicyHit& h = *r.hit;
        const Package& p = inv.packages.at(h.package);
        w.begin_object();
        std::string rule = rule_of(h);
        w.field("ruleId", rule);
        w.field("ruleIndex", static_cast<uint64_t>(std::find(rules.begin(), rules.end(), rule) - rules.begin()));
        w.field("level", r.level);
        std::string message = fmt::format("{}: {} {}, {}; decided by {} in {}", r.label, package_label(p), h.subject,
                                          h.what, h.rule, policy.file);
        if (!h.detail.empty())
            message += ". " + h.detail;
        w.key("message").begin_object().field("text", message).end_object();
        write_sarif_locations(w, p, anchor);
        w.key("partialFingerprints").begin_object().field("nixvetCheck/v1", rule + "/" + p.pname).end_object();
        if (r.hit->action == PolicyAction::allow)
            write_sarif_suppression(w, h.rule);
        w.end_object();
    }
    w.end_array();
    w.key("properties").begin_object();
    w.field("result", verdict.pass ? "pass" : "fail");
    w.field("policy", policy.file);
    write_database_json(w, "database", verdict.database);
    w.end_object();
    w.end_object().end_array(); // run, runs
    w.end_object();
    return w.str();
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "report/diff_report.hpp"

#include "report/database_parts.hpp"
#include "report/json_parts.hpp"
#include "report/text_table.hpp"

#include <fmt/format.h>

namespace nixvet {

namespace {

std::string versions(const std::vector<std::string>& v)
{
    return v.empty() ? "-" : fmt::format("{}", fmt::join(v, ", "));
}

std::string target_line(const char* label, const Inventory& inv)
{
    std::string out;
    for (const auto& t : inv.targets)
        out += fmt::format("{} {} -> {} ({} closure)\n", label, t.argument, t.path, t.closure);
    return out;
}

void write_changes(JsonWriter& w, std::string_view key, const std::vector<FindingChange>& changes)
{
    w.key(key).begin_array();
    for (const auto& c : changes) {
        w.begin_object();
        w.field("advisory", c.finding->advisory);
        w.field("pname", c.pname);
        w.field("version", c.version);
        w.field("severity", severity_name(c.finding->severity));
        w.key("fixed_version");
        c.finding->fixed_version.empty() ? w.null() : w.value(c.finding->fixed_version);
        w.end_object();
    }
    w.end_array();
}

} // namespace

std::string render_diff_text(const Inventory& before, const Inventory& after, const ScanDiff& diff, bool color)
{
    std::string out = target_line("old", before) + target_line("new", after) + '\n';
    size_t counts[5] = {};
    for (const auto& c : diff.packages)
        ++counts[static_cast<size_t>(c.kind)];
    out +=
        paint(color, "1", "PACKAGES") + fmt::format("  {} upgraded, {} downgraded, {} changed, {} added, {} removed\n",
                                                    counts[static_cast<size_t>(PackageChange::Kind::upgraded)],
                                                    counts[static_cast<size_t>(PackageChange::Kind::downgraded)],
                                                    counts[static_cast<size_t>(PackageChange::Kind::changed)],
                                                    counts[static_cast<size_t>(PackageChange::Kind::added)],
                                                    counts[static_cast<size_t>(PackageChange::Kind::removed)]);
    for (const auto& c : diff.packages) {
        switch (c.kind) {
        case PackageChange::Kind::added: out += fmt::format("  + {} {}\n", c.pname, versions(c.after)); break;
        case PackageChange::Kind::removed: out += fmt::format("  - {} {}\n", c.pname, versions(c.before)); break;
        default:
            out += fmt::format("  ~ {} {} → {} ({})\n", c.pname, versions(c.before), versions(c.after),
                               package_change_name(c.kind));
        }
    }
    out += '\n';
    out += paint(color, "1", "VULNERABILITIES") +
           fmt::format("  {} fixed, {} new, {} remaining\n", diff.fixed.size(), diff.introduced.size(), diff.remaining);
    auto line = [&](const char* mark, const char* style, const FindingChange& c) {
        out += paint(color, style,
                     fmt::format("  {} {:<8} {:<16} {} {}", mark, severity_label(c.finding->severity),
                                 c.finding->advisory, c.pname, c.version)) +
               '\n';
    };
    for (const auto& c : diff.introduced)
        line("new  ", "31", c);
    for (const auto& c : diff.fixed)
        line("fixed", "32", c);
    out += database_text(diff.database);
    for (const auto* inv : {&before, &after}) {
        for (const auto& note : inv->notes)
            out += "note: " + note + '\n';
    }
    return out;
}

std::string render_diff_json(const Inventory& before, const Inventory& after, const ScanDiff& diff,
                             const std::string& tool_version)
{
    JsonWriter w;
    w.begin_object();
    w.field("schema", "nixvet.diff/1");
    w.field("nixvet_version", tool_version);
    for (const auto& [key, inv] : {std::pair<const char*, const Inventory*>{"old", &before}, {"new", &after}}) {
        w.key(key).begin_array();
        for (const auto& t : inv->targets)
            w.begin_object().field("argument", t.argument).field("path", t.path).end_object();
        w.end_array();
    }
    w.key("packages").begin_array();
    for (const auto& c : diff.packages) {
        w.begin_object();
        w.field("pname", c.pname);
        w.field("change", package_change_name(c.kind));
        w.field("old_versions", c.before);
        w.field("new_versions", c.after);
        w.end_object();
    }
    w.end_array();
    write_changes(w, "new_findings", diff.introduced);
    write_changes(w, "fixed_findings", diff.fixed);
    w.field("remaining_findings", static_cast<uint64_t>(diff.remaining));
    write_database_json(w, "database", diff.database);
    w.end_object();
    return w.str();
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "report/db_report.hpp"

#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "report/database_parts.hpp"
#include "report/json_parts.hpp"

#include <ctime>
#include <fmt/format.h>

namespace nixvet {

namespace {

std::string utc(int64_t t)
{
    return format_utc(t, "%Y-%m-%d %H:%M UTC");
}

std::string human_size(uint64_t bytes)
{
    if (bytes >= (1ULL << 30))
        return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1ULL << 30));
    if (bytes >= (1ULL << 20))
        return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1ULL << 20));
    return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
}

// Continuation lines of a multi-line description stay indented under it.
std::string indented(const std::string& text)
{
    std::string out = "  ";
    for (char c : text) {
        out += c;
        if (c == '\n')
            out += "  ";
    }
    return out + '\n';
}

} // namespace

std::string render_source_changes(const std::vector<SourceChange>& changes)
{
    std::string out;
    if (changes.empty())
        return "no records found\n";
    for (const auto& c : changes) {
        out += fmt::format("{:<5} {} read: {} added, {} updated, {} unchanged", c.source, c.read, c.added, c.updated,
                           c.unchanged);
        if (c.skipped > 0)
            out += fmt::format(", {} malformed skipped", c.skipped);
        out += '\n';
        for (const auto& s : c.skipped_examples)
            out += "      skipped " + s + '\n';
        if (c.skipped > c.skipped_examples.size())
            out += fmt::format("      ... and {} more\n", c.skipped - c.skipped_examples.size());
    }
    return out;
}

std::vector<std::string> db_status_problems(const DatabaseReport& db)
{
    std::vector<std::string> out;
    for (const auto& s : db.sources) {
        if (s.records == 0)
            out.push_back(fmt::format("{} was never loaded: run 'nixvet db update --source {}'", s.source, s.source));
    }
    for (const auto& s : db.stale)
        out.push_back(s + ": run 'nixvet db update'");
    for (const auto& w : db.warnings)
        out.push_back(w);
    return out;
}

std::string render_db_status(const DatabaseReport& db, uint64_t size_bytes)
{
    std::string out = fmt::format("database {} ({}, schema {})\n\n", db.path, human_size(size_bytes), db.schema);
    out += fmt::format("{:<7}{:>10}  {:<34}  {}\n", "SOURCE", "RECORDS", "DATA AS OF", "LAST UPDATE");
    for (const auto& s : db.sources) {
        std::string when = "never";
        if (s.updated > 0) {
            int64_t days = (db.now - s.updated) / 86400;
            when = fmt::format("{} ({} day{} ago)", utc(s.updated), days, days == 1 ? "" : "s");
        }
        if (s.source == "nvd" && s.full_update > 0 && s.full_update != s.updated)
            when += fmt::format("; last full {}", utc(s.full_update));
        std::string as_of = "-";
        auto age = db.age_days(s);
        if (age && !s.data_as_of.empty())
            as_of = fmt::format("{} ({} day{} old{})", s.data_as_of.substr(0, 10), *age, *age == 1 ? "" : "s",
                                db.is_stale(s) ? ", STALE" : "");
        else if (age)
            as_of = fmt::format("no record dates{}", db.is_stale(s) ? ", STALE" : "");
        out += fmt::format("{:<7}{:>10}  {:<34}  {}\n", s.source, s.records, as_of, when);
    }
    std::vector<std::string> problems = db_status_problems(db);
    if (!problems.empty())
        out += '\n';
    for (const auto& p : problems)
        out += "warning: " + p + '\n';
    return out;
}

std::string render_db_status_json(const DatabaseReport& db, uint64_t size_bytes, const std::string& tool_version)
{
    JsonWriter w;
    w.begin_object();
    w.field("schema", "nixvet.db-status/1");
    w.field("nixvet_version", tool_version);
    w.field("size_bytes", size_bytes);
    write_database_json(w, "database", db);
    w.field("problems", db_status_problems(db));
    w.end_object();
    return w.str();
}

std::string render_cve_details(const CveDetails& d)
{
    std::string out = d.id + '\n';
    if (d.nvd) {
        const NvdCve& c = *d.nvd;
        out += fmt::format("\nNVD: {} (published {}, modified {})\n", c.status, c.published, c.last_modified);
        if (!c.tags.empty()) {
            out += "  tags:";
            for (const auto& t : c.tags)
                out += ' ' + t;
            out += '\n';
        }
        out += indented(c.description);
        for (const auto& m : c.metrics)
            out += fmt::format("  CVSS {} {:.1f} {} {} ({}{})\n", m.version, m.score, m.severity, m.vector, m.source,
                               m.primary ? ", primary" : "");
        if (!c.cwes.empty()) {
            out += "  weaknesses:";
            for (const auto& w : c.cwes)
                out += ' ' + w;
            out += '\n';
        }
        out += "  configurations: " + c.configurations_json + '\n';
        out += "  references: " + c.references_json + '\n';
    }
    if (d.cve5) {
        const Cve5Record& r = *d.cve5;
        out += fmt::format("\nCVE List V5: {} (assigner {}, updated {})\n", r.state,
                           r.assigner.empty() ? "unknown" : r.assigner,
                           r.date_updated.empty() ? "unknown" : r.date_updated);
        out += indented(r.description);
        for (const auto& m : r.metrics) {
            if (m.version == "other")
                out += fmt::format("  rated {} by {} ({})\n", m.severity, m.source, m.vector);
            else
                out += fmt::format("  CVSS {} {:.1f} {} {} ({})\n", m.version, m.score, m.severity, m.vector, m.source);
        }
        out += "  affected: " + r.affected_json + '\n';
        if (r.adp_json != "[]")
            out += "  adp: " + r.adp_json + '\n';
    }
    for (const auto& o : d.osv) {
        out += fmt::format("\nOSV {}{} (modified {})\n", o.id, o.withdrawn.empty() ? "" : " WITHDRAWN", o.modified);
        if (!o.summary.empty())
            out += "  " + o.summary + '\n';
        out += "  affected: " + o.affected_json + '\n';
    }
    if (d.kev)
        out += fmt::format("\nKnown exploited (CISA KEV): {} {} — {}; added {}, due {}, ransomware use: {}\n",
                           d.kev->vendor, d.kev->product, d.kev->name, d.kev->date_added, d.kev->due_date,
                           d.kev->ransomware);
    if (d.epss)
        out += fmt::format("\nEPSS: {:.5f} (percentile {:.5f}, scored {})\n", d.epss->score, d.epss->percentile,
                           d.epss->date.empty() ? "on an unknown day" : d.epss->date);
    return out;
}

std::string render_cve_details_json(const CveDetails& d)
{
    JsonWriter w;
    auto metrics = [&](const std::vector<CvssMetric>& list) {
        w.key("metrics").begin_array();
        for (const auto& m : list) {
            w.begin_object();
            w.field("version", m.version);
            w.field("score", m.score);
            w.field("severity", m.severity);
            w.field("vector", m.vector);
            w.field("source", m.source);
            w.field("primary", m.primary);
            w.end_object();
        }
        w.end_array();
    };
    // Stored JSON blobs are embedded as strings: the database keeps them verbatim (minified).
    w.begin_object();
    w.field("id", d.id);
    w.key("nvd");
    if (d.nvd) {
        w.begin_object();
        w.field("status", d.nvd->status);
        w.field("published", d.nvd->published);
        w.field("last_modified", d.nvd->last_modified);
        w.field("description", d.nvd->description);
        w.field("tags", d.nvd->tags);
        w.field("cwes", d.nvd->cwes);
        metrics(d.nvd->metrics);
        w.field("configurations_json", d.nvd->configurations_json);
        w.field("references_json", d.nvd->references_json);
        w.end_object();
    } else {
        w.null();
    }
    w.key("cve5");
    if (d.cve5) {
        w.begin_object();
        w.field("state", d.cve5->state);
        w.field("assigner", d.cve5->assigner);
        w.field("date_updated", d.cve5->date_updated);
        w.field("description", d.cve5->description);
        w.field("cwes", d.cve5->cwes);
        metrics(d.cve5->metrics);
        w.field("affected_json", d.cve5->affected_json);
        w.field("adp_json", d.cve5->adp_json);
        w.end_object();
    } else {
        w.null();
    }
    w.key("osv").begin_array();
    for (const auto& o : d.osv) {
        w.begin_object();
        w.field("id", o.id);
        w.field("modified", o.modified);
        w.field("withdrawn", o.withdrawn);
        w.field("aliases", o.aliases);
        w.field("summary", o.summary);
        w.field("affected_json", o.affected_json);
        w.end_object();
    }
    w.end_array();
    w.key("kev");
    if (d.kev) {
        w.begin_object();
        w.field("vendor", d.kev->vendor);
        w.field("product", d.kev->product);
        w.field("name", d.kev->name);
        w.field("date_added", d.kev->date_added);
        w.field("due_date", d.kev->due_date);
        w.field("known_ransomware_campaign_use", d.kev->ransomware);
        w.end_object();
    } else {
        w.null();
    }
    w.key("epss");
    if (d.epss) {
        w.begin_object();
        w.field("score", d.epss->score);
        w.field("percentile", d.epss->percentile);
        w.field("date", d.epss->date);
        w.end_object();
    } else {
        w.null();
    }
    const CvssMetric* best = d.nvd ? best_metric(d.nvd->metrics) : nullptr;
    if (!best && d.cve5)
        best = best_metric(d.cve5->metrics);
    write_cvss(w, "best_cvss", best ? std::optional<CvssMetric>(*best) : std::nullopt);
    w.end_object();
    return w.str();
}

} // namespace nixvet

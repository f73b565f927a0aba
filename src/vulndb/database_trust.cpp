// SPDX-License-Identifier: MIT
#include "vulndb/database_trust.hpp"

#include "core/clock.hpp"

#include <fmt/format.h>

namespace nixvet {

bool is_vulnerability_source(const std::string& source)
{
    return source == "nvd" || source == "cve5" || source == "osv";
}

namespace {

// When the source's data dates from: its newest record date, else its last import.
std::optional<int64_t> data_time(const SourceStatus& source)
{
    if (source.records == 0)
        return std::nullopt;
    if (std::optional<int64_t> at = parse_iso_utc(source.data_as_of))
        return at;
    return source.updated > 0 ? std::optional<int64_t>(source.updated) : std::nullopt;
}

} // namespace

std::optional<int64_t> DatabaseReport::age_days(const SourceStatus& source) const
{
    std::optional<int64_t> at = data_time(source);
    if (!at)
        return std::nullopt;
    return *at >= now ? 0 : (now - *at) / 86400;
}

bool DatabaseReport::is_stale(const SourceStatus& source) const
{
    std::optional<int64_t> at = data_time(source);
    return at && now - *at > max_age_seconds;
}

namespace {

std::string limit_text(int64_t seconds)
{
    if (seconds % 86400 == 0)
        return fmt::format("{} day{}", seconds / 86400, seconds == 86400 ? "" : "s");
    return fmt::format("{} hours", seconds / 3600);
}

} // namespace

DatabaseReport assess_database(std::string path, std::vector<SourceStatus> sources, int64_t now,
                               int64_t max_age_seconds, StaleDatabase stale)
{
    DatabaseReport r;
    r.path = std::move(path);
    r.schema = VulnDb::k_schema_version;
    r.sources = std::move(sources);
    r.now = now;
    r.max_age_seconds = max_age_seconds;
    for (const auto& s : r.sources) {
        bool vulnerabilities = is_vulnerability_source(s.source);
        if (vulnerabilities && s.records > 0)
            r.has_vulnerability_data = true;
        if (!r.is_stale(s))
            continue;
        std::string sentence =
            s.data_as_of.empty()
                ? fmt::format("{} data imported {} days ago, its records carry no dates (the limit is {})", s.source,
                              *r.age_days(s), limit_text(max_age_seconds))
                : fmt::format("{} data as of {} ({} days old; the limit is {})", s.source, s.data_as_of.substr(0, 10),
                              *r.age_days(s), limit_text(max_age_seconds));
        if (vulnerabilities)
            r.stale.push_back(sentence);
        else
            r.warnings.push_back(sentence + ": findings are ranked with old data");
    }
    if (stale == StaleDatabase::warn) {
        std::vector<std::string> scanned;
        for (const auto& s : r.stale)
            scanned.push_back("stale vulnerability data scanned anyway (--allow-stale-db): " + s);
        r.warnings.insert(r.warnings.begin(), scanned.begin(), scanned.end());
    }
    return r;
}

std::string database_refusal(const DatabaseReport& report, StaleDatabase stale)
{
    if (!report.has_vulnerability_data)
        return fmt::format("the vulnerability database {} holds no vulnerability data (NVD, CVE List V5 and OSV were "
                           "never loaded): a scan would find nothing whatever the closure holds; run 'nixvet db "
                           "update' (or 'nixvet db import FEEDS...' on an air-gapped machine)",
                           report.path);
    if (stale == StaleDatabase::refuse && !report.stale.empty()) {
        std::string what;
        for (const auto& s : report.stale)
            what += (what.empty() ? "" : "; ") + s;
        return fmt::format("the vulnerability database {} is stale: {}: run 'nixvet db update', or pass "
                           "--allow-stale-db to scan with it anyway (--max-db-age sets the limit)",
                           report.path, what);
    }
    return {};
}

} // namespace nixvet

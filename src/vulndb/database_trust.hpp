// SPDX-License-Identifier: MIT
#pragma once

#include "vulndb/vuln_db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nixvet {

/// What to do with a database whose vulnerability data is older than the limit.
enum class StaleDatabase
{
    refuse, ///< exit 2 (the default: never a green scan on old data)
    warn,   ///< --allow-stale-db: scan, and say so in every report
};

/// What every report says of the database it was made with, and whether it may be trusted
/// (docs/vulndb.md, "Trust"). Made from the sources' status; reports only render it.
struct DatabaseReport
{
    std::string path;
    int schema = 0;
    std::vector<SourceStatus> sources;
    int64_t now = 0;
    int64_t max_age_seconds = 0;
    bool has_vulnerability_data = false; ///< NVD, CVE List V5 or OSV holds records
    std::vector<std::string> stale;      ///< vulnerability sources older than the limit, each in a sentence
    std::vector<std::string> warnings;   ///< what every report must say (stale data scanned anyway, old KEV/EPSS)

    /// The age in whole days of a source's data: by its records' own dates, or, for records that
    /// carry none (OpenSSL's own CVE records), by when they were imported; nothing when never loaded.
    [[nodiscard]] std::optional<int64_t> age_days(const SourceStatus& source) const;
    /// True when `source`'s data is older than the limit.
    [[nodiscard]] bool is_stale(const SourceStatus& source) const;
};

/// Judges the database at `path` from its sources' status at `now`: which vulnerability sources
/// (nvd, cve5, osv) are loaded, which are older than `max_age_seconds` by their own newest
/// record dates. With StaleDatabase::warn, staleness becomes a warning.
DatabaseReport assess_database(std::string path, std::vector<SourceStatus> sources, int64_t now,
                               int64_t max_age_seconds, StaleDatabase stale);

/// The one-line reason a scan must not run on this database (no vulnerability data; stale data
/// when refused), or empty when it may.
std::string database_refusal(const DatabaseReport& report, StaleDatabase stale);

/// True for the sources that say which packages are vulnerable (nvd, cve5, osv), as opposed to
/// those that only rank findings (kev, epss).
bool is_vulnerability_source(const std::string& source);

} // namespace nixvet

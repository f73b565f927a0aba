// SPDX-License-Identifier: MIT
#pragma once

#include "vulndb/vuln_db.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace nixvet {

/// The kinds of feed `db import` recognises by content.
enum class FeedKind
{
    unknown,
    nvd,      ///< NVD JSON 2.0 feed or API response (`vulnerabilities[].cve`)
    nvd_1_1,  ///< the retired NVD JSON 1.1 feed (refused with a clear message)
    cve5,     ///< one CVE List V5 record
    osv,      ///< one OSV record
    kev_json, ///< CISA KEV catalog, JSON
    kev_csv,  ///< CISA KEV catalog, CSV
    epss,     ///< FIRST EPSS scores, CSV
};

/// Says what a feed is from its first (decompressed) bytes.
FeedKind detect_feed_kind(std::string_view head);
/// The source a kind feeds: "nvd", "cve5", "osv", "kev", "epss".
const char* feed_source(FeedKind kind);

/// Counts reported while an import runs.
struct ImportProgress
{
    uint64_t bytes = 0;   ///< decompressed bytes read so far
    uint64_t records = 0; ///< records written so far
};

struct ImportOptions
{
    unsigned threads = 0; ///< 0: one per core
    std::function<void(const ImportProgress&)> on_progress;
    std::function<void()> on_wait_for_lock;
    /// Runs inside the transaction just before commit (the updater records feed validators here).
    std::function<void(VulnDb::Writer&)> before_commit;
    /// Sources to mark as fully updated (an NVD import of yearly feeds, as opposed to `modified`).
    bool full_update = true;
};

/// Imports files, directories and zip/tar archives of feeds in one transaction: everything or,
/// on any error (unreadable file, broken JSON, truncated compression), nothing. Malformed single
/// records are skipped and reported. Throws Error/ParseError naming the file and position.
std::vector<SourceChange> import_feeds(VulnDb& db, const std::vector<std::string>& paths, const ImportOptions& options);

} // namespace nixvet

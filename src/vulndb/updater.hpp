// SPDX-License-Identifier: MIT
#pragma once

#include "vulndb/importer.hpp"
#include "vulndb/vuln_db.hpp"

#include <functional>
#include <string>
#include <vector>

namespace nixvet {

/// The sources `db update` knows, in the order it updates them.
const std::vector<std::string>& update_source_names();

struct UpdateOptions
{
    std::vector<std::string> sources; ///< subset of update_source_names()
    std::string mirror;               ///< base URL of a mirror (layout in docs/vulndb.md); empty: official sites
    bool full = false;                ///< NVD: fetch every year, even when the modified feed would do
    int current_year = 0;             ///< the last NVD year feed to fetch
    int64_t now = 0;                  ///< Unix time, to judge whether NVD is fresh enough for the modified feed
    std::string download_dir;
    int retry_delay_ms = 1000;
    int timeout_seconds = 30; ///< per connection, and the longest a download may stall
    std::function<void(const std::string& url, const std::string& error, int delay_ms)> on_retry;
    std::vector<std::string> osv_ecosystems = {"PyPI", "crates.io", "Go", "npm", "RubyGems", "Hackage", "OSS-Fuzz"};
    std::function<void(const std::string& url, uint64_t done, uint64_t total)> on_download;
    std::function<void(const ImportProgress&)> on_import_progress;
    std::function<void()> on_wait_for_lock;
};

/// What happened to one source.
struct SourceUpdate
{
    std::string source;
    std::string mode;  ///< "full", "modified feed", or empty
    std::string error; ///< empty on success; the database is unchanged for this source otherwise
    int fetched = 0;
    int not_modified = 0;
    std::vector<SourceChange> changes;
};

/// The URLs one source is fetched from (NVD: feed and .meta pairs, feeds first), given the policy.
std::vector<std::string> source_urls(const std::string& source, const UpdateOptions& options, bool nvd_full);

/// Updates each source in its own transaction; a failing source is reported and left unchanged
/// while the others go on. Never throws for a source's failure.
std::vector<SourceUpdate> update_sources(VulnDb& db, const UpdateOptions& options);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include "vulndb/vuln_db.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace nixvet {

/// Days after which a source counts as stale in `db status` and scans.
constexpr int64_t k_stale_days = 7;

/// The per-source summary of an import or update.
std::string render_source_changes(const std::vector<SourceChange>& changes);

/// `db status`: per source counts and ages, size, warnings for stale sources. `now` is Unix time.
std::string render_db_status(const std::string& path, uint64_t size_bytes, const std::vector<SourceStatus>& sources,
                             int64_t now);

/// `db show` as text.
std::string render_cve_details(const CveDetails& details);
/// `db show --format json`.
std::string render_cve_details_json(const CveDetails& details);

} // namespace nixvet

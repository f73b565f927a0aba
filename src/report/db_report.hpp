// SPDX-License-Identifier: MIT
#pragma once

#include "vulndb/database_trust.hpp"
#include "vulndb/vuln_db.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace nixvet {

/// The per-source summary of an import or update.
std::string render_source_changes(const std::vector<SourceChange>& changes);

/// `db status`: per source its records, when it was last updated, how old its data is by its own
/// dates, and a line for each source never loaded or stale.
std::string render_db_status(const DatabaseReport& db, uint64_t size_bytes);
/// `db status --format json` (schema nixvet.db-status/1).
std::string render_db_status_json(const DatabaseReport& db, uint64_t size_bytes, const std::string& tool_version);
/// The problems `db status` exits 1 for: sources never loaded, data older than the limit.
std::vector<std::string> db_status_problems(const DatabaseReport& db);

/// `db show` as text.
std::string render_cve_details(const CveDetails& details);
/// `db show --format json`.
std::string render_cve_details_json(const CveDetails& details);

} // namespace nixvet

// SPDX-License-Identifier: MIT
// What every scan report says of the database it was made with (issue: never a silent green).
#pragma once

#include "core/json_writer.hpp"
#include "vulndb/database_trust.hpp"

#include <string>
#include <utility>
#include <vector>

namespace nixvet {

/// Writes `"key": {path, schema, max_age_days, sources: [{source, records, updated, data_as_of,
/// age_days, stale}], warnings}` (docs/scan-json.md).
void write_database_json(JsonWriter& w, std::string_view key, const DatabaseReport& db);

/// The text footer: "database PATH (schema N): nvd 2753 records, data as of 2024-06-17 (532 days
/// old); ..." and a "warning: ..." line for each warning; empty when no database was read.
std::string database_text(const DatabaseReport& db);

/// The same as name/value pairs ("nixvet:database:nvd:data_as_of" → "2024-06-17"), for
/// CycloneDX properties.
std::vector<std::pair<std::string, std::string>> database_properties(const DatabaseReport& db);

} // namespace nixvet

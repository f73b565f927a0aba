// SPDX-License-Identifier: MIT
// JSON pieces shared by the reports.
#pragma once

#include "core/json_writer.hpp"
#include "inventory/inventory.hpp"
#include "vulndb/advisory.hpp"

#include <optional>
#include <string>

namespace nixvet {

/// Writes `"schema"`, `"nixvet_version"` and `"targets"` (argument, path, kind, closure), the
/// head of every report about a closure.
void write_report_head(JsonWriter& w, const std::string& schema, const std::string& tool_version,
                       const Inventory& inventory);

/// Writes `"key": {version, score, severity, vector, source, primary}` or `"key": null`.
void write_cvss(JsonWriter& w, std::string_view key, const std::optional<CvssMetric>& cvss);

} // namespace nixvet

// SPDX-License-Identifier: MIT
// JSON pieces shared by the reports.
#pragma once

#include "core/json_writer.hpp"
#include "inventory/inventory.hpp"
#include "vulndb/advisory.hpp"

#include <initializer_list>
#include <optional>
#include <string>

namespace nixvet {

/// Writes `"schema"`, `"nixvet_version"` and `"targets"` (argument, path, kind, closure), the
/// head of every report about a closure.
void write_report_head(JsonWriter& w, const std::string& schema, const std::string& tool_version,
                       const Inventory& inventory);

/// Writes `"notes"` and closes the report's object: the tail of every report about a closure.
void write_report_tail(JsonWriter& w, const Inventory& inventory);

/// Writes `"package": {name, pname, version, drv_path}` (drv_path null when unknown).
void write_package_ref(JsonWriter& w, const Package& p);

/// Writes `"counts": {name: number, ...}` in the order given.
void write_counts(JsonWriter& w, std::initializer_list<std::pair<std::string_view, size_t>> counts);

/// Writes `"key": {version, score, severity, vector, source, primary}` or `"key": null`.
void write_cvss(JsonWriter& w, std::string_view key, const std::optional<CvssMetric>& cvss);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include "core/json_writer.hpp"
#include "inventory/inventory.hpp"
#include "match/matcher.hpp"

#include <string>

namespace nixvet {

struct ScanStyle
{
    bool color = false;
    bool show_suppressed = false;
};

/// Findings grouped by package, one line each, and a summary line with counts by severity.
std::string render_scan_table(const Inventory& inventory, const ScanResult& scan, const ScanStyle& style);

/// The scan as JSON ("nixvet.scan/1", docs/scan-json.md).
std::string render_scan_json(const Inventory& inventory, const ScanResult& scan, const std::string& tool_version);

/// The same JSON, handed to `sink` piece by piece (for large scans).
void write_scan_json(const Inventory& inventory, const ScanResult& scan, const std::string& tool_version,
                     const JsonWriter::Sink& sink);

} // namespace nixvet

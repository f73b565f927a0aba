// SPDX-License-Identifier: MIT
#pragma once

#include "core/json_writer.hpp"
#include "inventory/inventory.hpp"
#include "match/matcher.hpp"
#include "policy/policy.hpp"

#include <string>

namespace nixvet {

/// `text` with & < > " ' written as character references: safe in HTML text and quoted attributes.
std::string html_escape(std::string_view text);

/// The scan as one self-contained HTML page (inline CSS, no script; a Content-Security-Policy that
/// forbids every script and remote resource): the summary, then each affected package with its
/// chain and findings, then the suppressed findings with their reasons. Handed to `sink` in pieces.
void write_scan_html(const Inventory& inventory, const ScanResult& scan, const std::string& tool_version,
                     const JsonWriter::Sink& sink);

/// A check's verdict as one self-contained HTML page: the verdict, then every failure, warning
/// and acceptance with the rule that decided it and its evidence, then the database.
std::string render_check_html(const Inventory& inventory, const Policy& policy, const PolicyVerdict& verdict,
                              const std::string& tool_version);

} // namespace nixvet

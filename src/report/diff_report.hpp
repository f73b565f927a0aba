// SPDX-License-Identifier: MIT
#pragma once

#include "match/scan_diff.hpp"

#include <string>

namespace nixvet {

/// The diff as text: the two targets, package changes, then fixed and new findings.
std::string render_diff_text(const Inventory& before, const Inventory& after, const ScanDiff& diff, bool color);

/// The diff as JSON ("nixvet.diff/1").
std::string render_diff_json(const Inventory& before, const Inventory& after, const ScanDiff& diff,
                             const std::string& tool_version);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/inventory.hpp"

#include <string>
#include <vector>

namespace nixvet {

/// Why one package is in a closure: the shortest chains that pull it in.
struct WhyEntry
{
    size_t package = 0;               ///< index into Inventory::packages
    std::vector<std::string> runtime; ///< store paths, a runtime root first; empty: not in the runtime closure
    std::vector<std::string> build;   ///< `.drv` paths, a build root first; empty: not in the build closure
};

/// Each package with its chains, one line per chain of hash-less names ("a → b → c").
std::string render_why_text(const Inventory& inventory, const std::string& query, const std::vector<WhyEntry>& entries);

/// The same as JSON ("nixvet.why/1"): full paths.
std::string render_why_json(const Inventory& inventory, const std::string& query, const std::vector<WhyEntry>& entries,
                            const std::string& tool_version);

} // namespace nixvet

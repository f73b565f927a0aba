// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

namespace nixvet {

/// Compares two versions exactly as `builtins.compareVersions` of Nix does: -1, 0 or 1.
/// Components are split at '.' and '-' and between digits and non-digits; numbers compare
/// numerically (one that does not fit a C int compares as a word, as in Nix), "pre" is lowest,
/// an empty component sorts below a number, and a word below a number ("2.3a" < "2.3.1").
int compare_versions(std::string_view a, std::string_view b);

/// Returns the next version component of `v` from `pos` (advancing it); empty at the end.
std::string_view next_version_component(std::string_view v, size_t& pos);

} // namespace nixvet

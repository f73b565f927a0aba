// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string_view>

namespace nixvet {

/// Compares two PEP 440 versions (epoch, release, a/b/rc, post, dev, local): -1, 0 or 1, or
/// nothing when either is not a PEP 440 version.
std::optional<int> compare_pep440(std::string_view a, std::string_view b);

/// Compares two SemVer 2.0 versions (a leading "v" allowed, build metadata ignored): -1, 0 or 1,
/// or nothing when either is not SemVer.
std::optional<int> compare_semver(std::string_view a, std::string_view b);

/// Compares versions by the rules of an OSV ecosystem and range type: PEP 440 for PyPI, SemVer for
/// SEMVER ranges and for crates.io, npm and Go; `builtins.compareVersions` otherwise or when the
/// versions do not parse.
int compare_ecosystem_versions(std::string_view ecosystem, std::string_view range_type, std::string_view a,
                               std::string_view b);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/inventory.hpp"
#include "match/matcher.hpp"

#include <string>
#include <vector>

namespace nixvet {

/// How one package name differs between two closures.
struct PackageChange
{
    enum class Kind
    {
        added,
        removed,
        upgraded,   ///< one version each, the new one higher (builtins.compareVersions)
        downgraded, ///< one version each, the new one lower
        changed,    ///< several versions on a side
    };
    Kind kind = Kind::changed;
    std::string pname;
    std::vector<std::string> before; ///< versions in the old closure, sorted
    std::vector<std::string> after;  ///< versions in the new closure, sorted
};

/// "added", "removed", "upgraded", "downgraded" or "changed".
const char* package_change_name(PackageChange::Kind kind);

/// A finding that only one side has, identified by package name and advisory.
struct FindingChange
{
    std::string pname;
    std::string version; ///< of the side that has it
    const Finding* finding = nullptr;
};

/// What changed between two scans: packages by name, unsuppressed findings by (package name, advisory).
struct ScanDiff
{
    std::vector<PackageChange> packages;   ///< by name
    std::vector<FindingChange> fixed;      ///< in the old closure, not in the new one
    std::vector<FindingChange> introduced; ///< in the new closure, not in the old one
    size_t remaining = 0;                  ///< in both
    DatabaseReport database;               ///< the database both scans were made with
};

/// Compares two scans (each with the inventory it was made from, which must outlive the diff).
ScanDiff diff_scans(const Inventory& before, const ScanResult& before_scan, const Inventory& after,
                    const ScanResult& after_scan);

} // namespace nixvet

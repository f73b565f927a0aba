// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/inventory.hpp"
#include "match/finding.hpp"
#include "match/identity.hpp"
#include "match/vex.hpp"
#include "match/whitelist.hpp"
#include "vulndb/database_trust.hpp"
#include "vulndb/vuln_db.hpp"

#include <string>
#include <vector>

namespace nixvet {

/// The findings of a scan and what was looked at.
struct ScanResult
{
    std::vector<Finding> findings;                 ///< sorted by package, then severity (highest first), then id
    size_t packages_scanned = 0;                   ///< packages with a version
    size_t packages_identified = 0;                ///< of those, with at least one identity
    std::vector<std::vector<Identity>> identities; ///< per inventory package
    DatabaseReport database;                       ///< the database matched against, and its trust
};

/// Matches every package of `inventory` against `db`: identities, NVD configurations, CVE List V5
/// ranges (the authority when the CNA is the product's own vendor), OSV for language packages,
/// then suppression by the CVE ids in patch names and by patch URLs equal to NVD Patch references.
/// `descriptions` false leaves the advisories' descriptions out (a table does not show them).
ScanResult match_inventory(const Inventory& inventory, VulnDb& db, const IdentityCatalog& catalog,
                           bool descriptions = true);

/// Applies VEX statements: not_affected and fixed suppress (with the justification);
/// under_investigation and affected are noted on the finding.
void apply_vex(ScanResult& result, const Inventory& inventory, const VexStatements& vex);

/// Marks the findings a whitelist covers on `today` (YYYY-MM-DD) as suppressed, with its reason.
void apply_whitelist(ScanResult& result, const Inventory& inventory, const Whitelist& whitelist,
                     const std::string& today);

} // namespace nixvet

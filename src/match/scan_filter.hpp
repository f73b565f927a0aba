// SPDX-License-Identifier: MIT
#pragma once

#include "match/matcher.hpp"

#include <optional>
#include <string>
#include <vector>

namespace nixvet {

/// Which findings a scan report keeps (Grype's and Trivy's options of the same names).
struct FindingFilter
{
    bool only_fixed = false;          ///< --only-fixed: findings with a known fixed version
    bool kev_only = false;            ///< --kev-only: findings in CISA's KEV catalog
    std::vector<Severity> severities; ///< --severity LIST: these severities only (empty: all)
};

/// How a scan report orders its findings.
enum class FindingOrder
{
    package,  ///< by package, then severity, then id (the matcher's own order)
    severity, ///< highest severity first, then package
    epss,     ///< highest EPSS first (none last), then severity
    kev,      ///< KEV entries first, then severity
};

/// Parses "critical,high" (case-insensitive; "unknown" too); throws Error naming the bad word.
std::vector<Severity> parse_severity_list(const std::string& text);

/// Parses --sort-by's word; throws Error for another.
FindingOrder parse_finding_order(const std::string& text);

/// Drops the findings `filter` does not keep; returns how many were dropped.
size_t filter_findings(ScanResult& scan, const FindingFilter& filter);

/// What a scan's findings say to a CI gate.
struct ScanGate
{
    size_t counted = 0;    ///< findings not suppressed
    size_t suppressed = 0; ///< findings a patch, whitelist or VEX suppresses
    bool tripped = false;  ///< a counted finding is at or above the threshold
};

/// The gate over `scan`'s findings; nothing trips without a threshold.
ScanGate gate_findings(const ScanResult& scan, std::optional<Severity> threshold);

/// vulnix's exit code for monitoring checks: 0 nothing found, 1 only suppressed findings, 2 findings.
int vulnix_exit_code(const ScanGate& gate);

/// Orders the findings; stable, so ties keep the matcher's order.
void sort_findings(ScanResult& scan, FindingOrder order);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/inventory.hpp"
#include "match/matcher.hpp"
#include "provenance/provenance.hpp"

#include <optional>
#include <string>
#include <vector>

namespace nixvet {

/// What a policy does with something it cares about.
enum class PolicyAction
{
    fail,  ///< the check fails
    warn,  ///< reported, the check still passes
    allow, ///< not reported
};

/// "fail", "warn" or "allow".
const char* policy_action_name(PolicyAction action);

/// A risk the user accepts until a date: `[accept."CVE-…"]`.
struct Acceptance
{
    std::string id;                    ///< the advisory id
    std::vector<std::string> packages; ///< pnames it is limited to; empty: every package
    std::string until;                 ///< YYYY-MM-DD, the last day it applies
    std::string reason;
    size_t line = 0; ///< where the file says it
};

/// A threat model (docs/policy.md): what fails a build, what only warns, what is accepted.
struct Policy
{
    std::string file;
    std::optional<Severity> fail_on = Severity::high; ///< unsuppressed findings at or above fail; none: never
    std::optional<Severity> warn_on;                  ///< at or above (and below fail_on) warn
    PolicyAction kev = PolicyAction::fail;            ///< a finding in CISA's KEV catalog
    PolicyAction unknown_severity = PolicyAction::warn;
    PolicyAction binary = PolicyAction::warn;           ///< declared or inferred (strong clue) binaries
    PolicyAction possibly_binary = PolicyAction::allow; ///< weak clues only
    PolicyAction conflict = PolicyAction::warn;         ///< declared fromSource against a strong clue
    std::vector<std::string> allow_binary;              ///< pnames accepted as binary
    std::vector<Acceptance> accepted;

    /// Parses a policy; throws ParseError naming `file`, the offset or line, and the problem.
    static Policy parse(const std::string& toml_text, const std::string& file);
    /// Reads and parses `path`. Throws Error or ParseError.
    static Policy load(const std::string& path);
};

/// One thing the policy reports.
struct PolicyHit
{
    PolicyAction action = PolicyAction::fail;
    size_t package = 0;  ///< index into Inventory::packages
    std::string subject; ///< the advisory id, or "provenance"
    std::string what;    ///< e.g. "HIGH (5.9)", "binary (inferred)"
    std::string rule;    ///< the policy rule that decided, e.g. "fail-on = \"high\""
    std::string detail;  ///< the evidence: how the finding matched, the provenance clues
};

/// The policy's verdict on a closure.
struct PolicyVerdict
{
    bool pass = true;
    DatabaseReport database; ///< the database the scan was made with
    std::vector<PolicyHit> failures;
    std::vector<PolicyHit> warnings;
    std::vector<PolicyHit> accepted;  ///< findings an acceptance covers (rule: its reason and end date)
    std::vector<std::string> expired; ///< acceptances past their date, which no longer apply
};

/// Applies `policy` on `today` (YYYY-MM-DD) to the unsuppressed findings and the provenance.
PolicyVerdict evaluate_policy(const Policy& policy, const Inventory& inventory, const ScanResult& scan,
                              const ProvenanceReport& provenance, const std::string& today);

} // namespace nixvet

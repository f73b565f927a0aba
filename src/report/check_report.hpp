// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.hpp"

#include <string>

namespace nixvet {

/// The verdict as text: PASS or FAIL with the counts, then each failure, warning and acceptance
/// with the rule that decided and its evidence.
std::string render_check_text(const Inventory& inventory, const Policy& policy, const PolicyVerdict& verdict,
                              bool color);

/// The verdict as JSON in the schema of docs/policy.md ("nixvet.check/1").
std::string render_check_json(const Inventory& inventory, const Policy& policy, const PolicyVerdict& verdict,
                              const std::string& tool_version);

/// The verdict as SARIF 2.1.0: a result per failure (error), warning (warning) and acceptance
/// (note, with the acceptance as an external suppression), each naming the policy rule that
/// decided; rules per advisory or provenance verdict. `anchor` as for write_scan_sarif.
std::string render_check_sarif(const Inventory& inventory, const Policy& policy, const PolicyVerdict& verdict,
                               const std::string& tool_version, const std::string& anchor = {});

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace nixvet {

/// The package being matched: its NVD identity and version, and the closure it sits in.
struct MatchTarget
{
    std::string_view vendor;
    std::string_view product;
    std::string_view version;
    /// True when the closure holds the application `vendor:product` (for "running with" conditions).
    std::function<bool(std::string_view vendor, std::string_view product)> has_application;
};

/// What one source says about one advisory for one package.
struct Verdict
{
    enum class State
    {
        not_applicable, ///< nothing in the entry names this version
        affected,
        unaffected, ///< explicitly not affected (CVE5 status or default)
    };
    State state = State::not_applicable;
    std::string evidence;      ///< the criteria or range that decided it
    std::string fixed_version; ///< the first version out of the affected range, when known
};

/// Evaluates NVD configurations and CVE List V5 `affected` entries. One per thread.
class ApplicabilityEvaluator
{
public:
    ApplicabilityEvaluator();
    ~ApplicabilityEvaluator();
    ApplicabilityEvaluator(const ApplicabilityEvaluator&) = delete;
    ApplicabilityEvaluator& operator=(const ApplicabilityEvaluator&) = delete;

    /// NVD `configurations` JSON: configuration AND/OR over nodes, node AND/OR over cpeMatch,
    /// negate; `vulnerable: false` entries are platform conditions judged for a Linux closure.
    Verdict nvd(std::string_view configurations_json, const MatchTarget& target);

    /// CVE5 `affected` JSON entries: versions with version/lessThan/lessThanOrEqual/status/changes,
    /// defaultStatus; git versions are not judged.
    Verdict cve5(std::string_view affected_json, const MatchTarget& target);

    /// OSV `affected` JSON for the package `ecosystem`/`name`: explicit versions, and ECOSYSTEM or
    /// SEMVER ranges (introduced/fixed/last_affected events) compared as compareVersions does.
    Verdict osv(std::string_view affected_json, std::string_view ecosystem, std::string_view name,
                std::string_view version);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// True when a CPE version field (with an optional update field) names `version`, comparing as
/// `builtins.compareVersions` does ("9.5" + update "p1" names "9.5p1"; "1.0.*" is a prefix).
bool cpe_version_matches(std::string_view cpe_version, std::string_view cpe_update, std::string_view version);

} // namespace nixvet

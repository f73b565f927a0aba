// SPDX-License-Identifier: MIT
#pragma once

#include "match/identity.hpp"
#include "vulndb/advisory.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nixvet {

/// Severity buckets, lowest first.
enum class Severity
{
    unknown,
    low,
    medium,
    high,
    critical,
};

/// "unknown", "low", "medium", "high", "critical".
const char* severity_name(Severity s);
/// The same in capitals, as the reports print it: "UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL".
const char* severity_label(Severity s);
/// Reads a severity name (any case); throws Error for anything else.
Severity parse_severity(const std::string& text);
/// The bucket of a CVSS base severity string ("HIGH") or, when empty, of its score.
Severity severity_of(const std::optional<CvssMetric>& cvss);

/// What the databases say of an advisory, shared by all of its findings.
struct AdvisoryFacts
{
    std::optional<CvssMetric> cvss;
    bool known_exploited = false;
    std::string kev_date_added;
    std::optional<double> epss;
    std::string description;
};

/// One advisory that applies to one package, with the reasons.
struct Finding
{
    size_t package = 0;            ///< index into the inventory's packages
    std::string advisory;          ///< CVE id (NVD, CVE5), or the OSV id of an OSV finding
    std::string source;            ///< "nvd", "cve5" or "osv": the source whose verdict decided
    std::string decided_by;        ///< in words: "NVD configuration", "openssl's own CVE record", ...
    std::string evidence;          ///< the criteria or range that matched
    std::vector<std::string> also; ///< what the other sources said
    Identity identity;
    std::string fixed_version;
    Severity severity = Severity::unknown;
    std::shared_ptr<const AdvisoryFacts> facts; ///< null when the databases say nothing more
    std::string suppressed; ///< why it does not count (a patch, a whitelist entry); empty when it does
    std::string vex_note;   ///< a VEX statement that does not suppress (under_investigation, affected)

    [[nodiscard]] const AdvisoryFacts& about() const
    {
        static const AdvisoryFacts k_nothing;
        return facts ? *facts : k_nothing;
    }
};

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace nixvet {

/// One CVSS score as a source gave it.
struct CvssMetric
{
    std::string version;  ///< "2.0", "3.0", "3.1", "4.0"
    std::string source;   ///< who scored it ("nvd@nist.gov", a CNA's address or short name)
    bool primary = false; ///< NVD's "Primary" (vs "Secondary") type
    double score = 0;
    std::string vector;
    std::string severity; ///< "LOW", "MEDIUM", "HIGH", "CRITICAL" (v2: NVD's derived severity)
};

/// True when `a` should be shown before `b`: a CVSS score before a rating in words ("other"), a
/// newer CVSS version before an older one, the primary scorer before a secondary one.
inline bool better_metric(const CvssMetric& a, const CvssMetric& b)
{
    bool a_cvss = a.version != "other";
    bool b_cvss = b.version != "other";
    if (a_cvss != b_cvss)
        return a_cvss;
    if (a.version != b.version)
        return a.version > b.version;
    return a.primary && !b.primary;
}

/// The metric to show of `metrics` (see better_metric), or nullptr when there is none.
inline const CvssMetric* best_metric(const std::vector<CvssMetric>& metrics)
{
    const CvssMetric* best = nullptr;
    for (const auto& m : metrics) {
        if (!best || better_metric(m, *best))
            best = &m;
    }
    return best;
}

/// A vendor:product pair an advisory applies to, as the product index stores it.
struct ProductKey
{
    std::string vendor;
    std::string product;
    auto operator<=>(const ProductKey&) const = default;
};

/// A product's share of an advisory, as its index row stores it.
struct ProductApplicability
{
    ProductKey key;
    /// NVD: the configurations naming this product, exactly as given except that OR nodes drop
    /// the vulnerable entries of other products (they are false for this one); AND and negated
    /// nodes are kept whole. CVE5: the `affected` entries naming this product.
    std::string json;
};

/// An NVD CVE (JSON 2.0), with the fields nixvet keeps.
struct NvdCve
{
    std::string id;
    std::string status; ///< vulnStatus: Analyzed, Modified, Awaiting Analysis, Rejected, ...
    std::string published;
    std::string last_modified;
    std::string description;       ///< the English one
    std::vector<std::string> tags; ///< cveTags (disputed, unsupported-when-assigned, ...)
    std::vector<std::string> cwes;
    std::vector<CvssMetric> metrics;
    std::string configurations_json;            ///< `configurations` exactly as given, minified; "[]" when absent
    std::string references_json;                ///< `references` minified (url, source, tags)
    std::vector<ProductApplicability> products; ///< per distinct vendor:product of a vulnerable cpeMatch

    [[nodiscard]] bool rejected() const { return status == "Rejected"; }
};

/// A CVE List V5 record (CVE JSON 5.x).
struct Cve5Record
{
    std::string id;
    std::string state; ///< PUBLISHED or REJECTED
    std::string assigner;
    std::string date_updated;
    std::string description;
    std::string affected_json; ///< the CNA's `affected` minified
    std::string adp_json;      ///< the `adp` containers minified ("[]" when none)
    std::string references_json;
    std::vector<std::string> cwes;
    std::vector<CvssMetric> metrics;            ///< CNA and ADP CVSS metrics
    std::vector<ProductApplicability> products; ///< from CNA affected (normalised) and ADP CPEs
};

/// An OSV advisory (schema 1.x).
struct OsvRecord
{
    std::string id;
    std::string modified;
    std::string published;
    std::string withdrawn;
    std::vector<std::string> aliases;
    std::string summary;
    std::string severity_json;
    std::string affected_json;
    std::string references_json;
    std::vector<std::pair<std::string, std::string>> packages; ///< (ecosystem, name)
};

/// One entry of CISA's Known Exploited Vulnerabilities catalog.
struct KevEntry
{
    std::string cve_id;
    std::string vendor;
    std::string product;
    std::string name;
    std::string date_added;
    std::string due_date;
    std::string ransomware; ///< knownRansomwareCampaignUse: "Known" or "Unknown"
};

/// One EPSS score.
struct EpssScore
{
    std::string cve_id;
    double score = 0;
    double percentile = 0;
    std::string date; ///< the file's score_date; of two scores for one CVE the newer wins
};

/// Lower-cases and turns spaces into '_', as NVD writes product names ("HTTP Server" -> "http_server").
std::string normalise_product_name(std::string_view name);

} // namespace nixvet

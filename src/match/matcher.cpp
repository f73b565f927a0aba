// SPDX-License-Identifier: MIT
#include "match/matcher.hpp"

#include "core/error.hpp"
#include "match/applicability.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace nixvet {

const char* severity_name(Severity s)
{
    switch (s) {
    case Severity::unknown: return "unknown";
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
    }
    return "?";
}

Severity parse_severity(const std::string& text)
{
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    for (Severity s : {Severity::unknown, Severity::low, Severity::medium, Severity::high, Severity::critical}) {
        if (t == severity_name(s))
            return s;
    }
    throw Error("unknown severity '" + text + "': expected low, medium, high or critical");
}

Severity severity_of(const std::optional<CvssMetric>& cvss)
{
    if (!cvss)
        return Severity::unknown;
    std::string s = cvss->severity;
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (s == "critical")
        return Severity::critical;
    if (s == "high")
        return Severity::high;
    if (s == "medium" || s == "moderate")
        return Severity::medium;
    if (s == "low")
        return Severity::low;
    // CVSS v2 has no "critical": score bands as NVD's v3 ratings.
    double score = cvss->score;
    if (score >= 9.0)
        return Severity::critical;
    if (score >= 7.0)
        return Severity::high;
    if (score >= 4.0)
        return Severity::medium;
    if (score > 0)
        return Severity::low;
    return Severity::unknown;
}

namespace {

// CVE ids named in a patch's file name ("CVE-2023-5678.patch", "fix-cve-2021-3449-and-4044.diff").
std::set<std::string> cve_ids_in(std::string_view name)
{
    std::set<std::string> ids;
    for (size_t i = 0; i + 13 <= name.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(name[i])) != 'C' ||
            std::toupper(static_cast<unsigned char>(name[i + 1])) != 'V' ||
            std::toupper(static_cast<unsigned char>(name[i + 2])) != 'E' || (name[i + 3] != '-' && name[i + 3] != '_'))
            continue;
        size_t j = i + 4;
        size_t year_start = j;
        while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j])))
            ++j;
        if (j - year_start != 4 || j >= name.size() || (name[j] != '-' && name[j] != '_'))
            continue;
        size_t num_start = ++j;
        while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j])))
            ++j;
        if (j - num_start < 4)
            continue;
        ids.insert(fmt::format("CVE-{}-{}", name.substr(year_start, 4), name.substr(num_start, j - num_start)));
    }
    return ids;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// The start of a patch file in the store (empty when it is not there or not a file). Patches
// are read as text, never applied or run.
std::string patch_text(const std::string& path)
{
    constexpr size_t k_max = 256 * 1024;
    if (path.empty() || path.find('/') != 0)
        return {};
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return {};
    std::string text(k_max, '\0');
    text.resize(std::fread(text.data(), 1, k_max, f));
    std::fclose(f);
    return text;
}

struct Candidate
{
    std::optional<Verdict> nvd;
    std::optional<Verdict> cve5;
    std::optional<Verdict> osv;
    std::string osv_id;
    Identity identity;
};

} // namespace

ScanResult match_inventory(const Inventory& inventory, VulnDb& db, const IdentityCatalog& catalog)
{
    ScanResult result;
    // Applications present in the closure, for NVD's "running with" conditions.
    std::set<std::pair<std::string, std::string>> applications;
    result.identities.resize(inventory.packages.size());
    for (size_t i = 0; i < inventory.packages.size(); ++i) {
        const Package& p = inventory.packages[i];
        if (p.version.empty())
            continue;
        result.identities[i] = catalog.identify(p, db);
        for (const auto& id : result.identities[i])
            applications.emplace(id.vendor, id.product);
    }
    auto has_application = [&](std::string_view vendor, std::string_view product) {
        return applications.count({std::string(vendor), std::string(product)}) > 0;
    };

    for (size_t i = 0; i < inventory.packages.size(); ++i) {
        if (inventory.packages[i].version.empty())
            continue;
        ++result.packages_scanned;
        if (!result.identities[i].empty())
            ++result.packages_identified;
    }

    // One package's findings, with a database connection and an evaluator of the calling thread.
    auto match_package = [&](size_t i, VulnDb& db, ApplicabilityEvaluator& evaluate, std::vector<Finding>& out) {
        const Package& p = inventory.packages[i];
        const auto& identities = result.identities[i];
        std::map<std::string, Candidate> candidates;
        for (const auto& id : identities) {
            if (id.rung == IdentityRung::ecosystem) {
                db.visit_osv_package(id.vendor, id.product, [&](std::string_view osv_id, std::string_view affected) {
                    Verdict v = evaluate.osv(affected, id.vendor, id.product, p.version);
                    if (v.state != Verdict::State::affected)
                        return;
                    Candidate& c = candidates[std::string(osv_id)];
                    c.osv = v;
                    c.osv_id = std::string(osv_id);
                    c.identity = id;
                });
                continue;
            }
            MatchTarget target{id.vendor, id.product, p.version, has_application};
            db.visit_product_entries(id.vendor, id.product, [&](const VulnDb::ProductEntryView& e) {
                Candidate& c = candidates[std::string(e.advisory)];
                if (c.identity.product.empty())
                    c.identity = id;
                if (e.source == "nvd") {
                    Verdict v = evaluate.nvd(e.applicability_json, target);
                    if (!c.nvd || v.state == Verdict::State::affected)
                        c.nvd = v;
                } else {
                    Verdict v = evaluate.cve5(e.applicability_json, target);
                    if (!c.cve5 || v.state == Verdict::State::affected)
                        c.cve5 = v;
                }
            });
        }

        // CVE ids in a patch's name, and in its text when the patch is in the store.
        std::map<std::string, std::string> patched;
        for (const auto& patch : p.patches) {
            for (const auto& id : cve_ids_in(patch.name))
                patched.emplace(id, "patched: " + patch.name);
            for (const auto& id : cve_ids_in(patch_text(patch.path)))
                patched.emplace(id, fmt::format("patched: {} names {} in its text", patch.name, id));
        }
        for (auto& [advisory, c] : candidates) {
            Finding f;
            f.package = i;
            f.advisory = advisory;
            f.identity = c.identity;
            // Most candidates name other versions: only those some source calls affected cost more.
            auto is_affected = [](const std::optional<Verdict>& v) {
                return v && v->state == Verdict::State::affected;
            };
            if (!is_affected(c.osv) && !is_affected(c.nvd) && !is_affected(c.cve5))
                continue;
            VulnDb::CveSummary summary;
            if (c.cve5)
                summary.cve5_assigner = db.cve5_assigner(advisory);
            const Verdict* decided = nullptr;
            if (c.osv) {
                decided = &*c.osv;
                f.source = "osv";
                f.decided_by = "OSV " + c.identity.vendor + " advisory";
            } else {
                // The CNA that is the product's own vendor knows its versions best.
                std::string assigner = lower(summary.cve5_assigner);
                bool vendor_cna =
                    c.cve5 && !assigner.empty() && (assigner == c.identity.vendor || assigner == c.identity.product);
                if (vendor_cna) {
                    decided = &*c.cve5;
                    f.source = "cve5";
                    f.decided_by = fmt::format("{}'s own CVE record (the vendor is the CNA)", summary.cve5_assigner);
                    if (c.nvd && !c.nvd->evidence.empty())
                        f.also.push_back(
                            c.nvd->state == Verdict::State::affected
                                ? c.nvd->evidence
                                : "NVD: " + std::string(c.nvd->evidence.empty() ? "not affected" : c.nvd->evidence));
                } else if (c.nvd && (c.nvd->state == Verdict::State::affected || !c.cve5)) {
                    decided = &*c.nvd;
                    f.source = "nvd";
                    f.decided_by = "NVD configuration";
                    if (c.cve5 && !c.cve5->evidence.empty())
                        f.also.push_back(c.cve5->evidence);
                } else if (c.cve5) {
                    decided = &*c.cve5;
                    f.source = "cve5";
                    f.decided_by = c.nvd ? "CVE List V5 (NVD's configuration names no affected version)"
                                         : "CVE List V5 (NVD has not analysed it)";
                }
            }
            if (!decided || decided->state != Verdict::State::affected)
                continue;
            if (advisory.starts_with("CVE-"))
                summary = db.summary(advisory);
            f.evidence = decided->evidence;
            f.fixed_version = decided->fixed_version;
            f.cvss = summary.cvss;
            f.severity = severity_of(summary.cvss);
            f.known_exploited = summary.known_exploited;
            f.kev_date_added = summary.kev_date_added;
            f.epss = summary.epss;
            f.description = summary.description;
            if (auto it = patched.find(advisory); it != patched.end())
                f.suppressed = it->second;
            if (f.suppressed.empty()) {
                for (const auto& patch : p.patches) {
                    for (const auto& url : patch.urls) {
                        if (std::find(summary.patch_urls.begin(), summary.patch_urls.end(), url) !=
                            summary.patch_urls.end())
                            f.suppressed = "patched: " + url + " is NVD's Patch reference";
                    }
                }
            }
            out.push_back(std::move(f));
        }
    };

    // Packages are matched on all cores, each worker with its own read connection.
    unsigned threads =
        inventory.packages.size() < 256 ? 1U : std::max(1U, std::min(4U, std::thread::hardware_concurrency()));
    std::vector<std::vector<Finding>> found(threads);
    std::atomic<size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto worker = [&](unsigned t, VulnDb& connection) {
        try {
            ApplicabilityEvaluator evaluator;
            for (size_t i = next++; i < inventory.packages.size(); i = next++) {
                if (!inventory.packages[i].version.empty())
                    match_package(i, connection, evaluator, found[t]);
            }
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!error)
                error = std::current_exception();
            next = inventory.packages.size();
        }
    };
    std::vector<std::unique_ptr<VulnDb>> connections;
    for (unsigned t = 1; t < threads; ++t)
        connections.push_back(std::make_unique<VulnDb>(db.path(), VulnDb::Mode::read));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker, t, std::ref(*connections[t - 1]));
    worker(0, db);
    for (auto& th : pool)
        th.join();
    if (error)
        std::rethrow_exception(error);
    for (auto& part : found) {
        for (auto& f : part)
            result.findings.push_back(std::move(f));
    }
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
        if (a.package != b.package)
            return a.package < b.package;
        if (a.severity != b.severity)
            return a.severity > b.severity;
        return a.advisory < b.advisory;
    });
    return result;
}

void apply_vex(ScanResult& result, const Inventory& inventory, const VexStatements& vex)
{
    for (auto& f : result.findings) {
        if (!f.suppressed.empty())
            continue;
        const VexStatements::Statement* s = vex.find(inventory.packages.at(f.package), f.advisory);
        if (!s)
            continue;
        std::string why =
            fmt::format("VEX {} ({}){}", s->status, s->file, s->justification.empty() ? "" : ": " + s->justification);
        if (s->status == "not_affected" || s->status == "fixed")
            f.suppressed = why;
        else
            f.vex_note = why;
    }
}

void apply_whitelist(ScanResult& result, const Inventory& inventory, const Whitelist& whitelist,
                     const std::string& today)
{
    for (auto& f : result.findings) {
        if (!f.suppressed.empty())
            continue;
        if (auto why = whitelist.reason(inventory.packages.at(f.package), f.advisory, today))
            f.suppressed = *why;
    }
}

} // namespace nixvet

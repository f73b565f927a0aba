// SPDX-License-Identifier: MIT
#include "match/matcher.hpp"

#include "core/error.hpp"
#include "match/applicability.hpp"
#include "match/fix_commit.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <functional>
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

const char* severity_label(Severity s)
{
    switch (s) {
    case Severity::unknown: return "UNKNOWN";
    case Severity::low: return "LOW";
    case Severity::medium: return "MEDIUM";
    case Severity::high: return "HIGH";
    case Severity::critical: return "CRITICAL";
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
    throw Error("unknown severity '" + text + "': expected critical, high, medium, low or unknown");
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

// Why a patch of `p` is the fix of `advisory` ("patched: URL is ..."), or empty: a patch fetched
// from one of NVD's Patch references or OSV's FIX references, or naming the same commit as one of
// them or as a commit OSV's GIT ranges call fixed (nixpkgs fetches ".../commit/SHA.patch" where the
// advisory says ".../commit/SHA").
std::string fixed_by_patch(const Package& p, const std::vector<std::string>& nvd_patch_urls, VulnDb& db,
                           const std::string& advisory)
{
    bool any_url = false;
    for (const auto& patch : p.patches)
        any_url = any_url || !patch.urls.empty();
    if (!any_url)
        return {};
    auto same = [](const std::string& patch_url, const std::string& commit, const std::string& reference) {
        return patch_url == reference || (!commit.empty() && same_commit(commit, commit_in_url(reference)));
    };
    std::vector<VulnDb::OsvFixes> osv;
    bool osv_read = false;
    for (const auto& patch : p.patches) {
        for (const auto& url : patch.urls) {
            std::string commit = commit_in_url(url);
            for (const auto& reference : nvd_patch_urls) {
                if (same(url, commit, reference))
                    return "patched: " + url + " is NVD's Patch reference";
            }
            if (!osv_read) {
                osv = db.osv_fixes(advisory);
                osv_read = true;
            }
            for (const auto& fixes : osv) {
                for (const auto& reference : fixes.urls) {
                    if (same(url, commit, reference))
                        return fmt::format("patched: {} is the fix named by {}", url, fixes.advisory);
                }
                for (const auto& fixed : fixes.commits) {
                    if (!commit.empty() && same_commit(commit, fixed))
                        return fmt::format("patched: {} is commit {}, fixed according to {}", url, fixed,
                                           fixes.advisory);
                }
            }
        }
    }
    return {};
}

// A stable id for a knownVulnerabilities text that names no CVE: "NIXPKGS-" and 12 hex digits
// of its FNV-1a hash.
std::string nixpkgs_advisory_id(std::string_view text)
{
    uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return fmt::format("NIXPKGS-{:012x}", h >> 16);
}

// nixpkgs' meta.knownVulnerabilities of package `i` as findings (one per CVE id a text names, else
// one for the text), or as a note on the finding a database already made of the same CVE.
// `first` is where the package's findings start in `out`.
void add_known_vulnerabilities(size_t i, const Package& p, std::vector<Finding>& out, size_t first)
{
    for (const auto& text : p.known_vulnerabilities) {
        std::set<std::string> ids = cve_ids_in(text);
        if (ids.empty())
            ids.insert(nixpkgs_advisory_id(text));
        for (const auto& id : ids) {
            std::string why = "nixpkgs meta.knownVulnerabilities: " + text;
            auto existing = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                         [&](const Finding& f) { return f.advisory == id; });
            if (existing != out.end()) {
                existing->also.push_back(why);
                continue;
            }
            Finding f;
            f.package = i;
            f.advisory = id;
            f.source = "nixpkgs";
            f.decided_by = "nixpkgs meta.knownVulnerabilities";
            f.evidence = text;
            f.identity = {"nixpkgs", p.pname, IdentityRung::meta, "meta.knownVulnerabilities in " + p.meta_file};
            if (!id.starts_with("CVE-"))
                f.facts = std::make_shared<const AdvisoryFacts>(AdvisoryFacts{{}, false, {}, {}, text});
            out.push_back(std::move(f));
        }
    }
}

// Why an NVD-only finding does not count when the product's vendor is a CNA that publishes its
// own records for the product, covering this CVE's time, and has none for this CVE (an NVD
// configuration that names the product by mistake: CVE-2019-0190, an httpd bug, lists openssl
// >= 1.1.1 as vulnerable; OpenSSL's own records, all 272 since 2002, do not). Empty otherwise.
std::string not_in_vendor_records(VulnDb& db,
                                  std::map<std::pair<std::string, std::string>, VulnDb::CnaCoverage>& covered,
                                  const Identity& identity, const std::string& advisory)
{
    constexpr size_t k_min_records = 20; // fewer: the vendor's records are not a catalogue of its CVEs
    auto key = std::make_pair(identity.vendor, identity.product);
    auto it = covered.find(key);
    if (it == covered.end())
        it = covered.emplace(key, db.cna_coverage(identity.vendor, identity.product)).first;
    const VulnDb::CnaCoverage& c = it->second;
    if (c.records < k_min_records || !advisory.starts_with("CVE-") || advisory.size() < 9)
        return {};
    int year = std::atoi(advisory.substr(4, 4).c_str());
    // Before the vendor's first record, or not older than its newest (the vendor's records in
    // this database may predate the CVE): they cannot say.
    if (year < c.first_year || year > c.last_year)
        return {};
    if (c.newest_update.empty()) {
        if (year >= c.last_year)
            return {};
    } else if (std::string published = db.nvd_published(advisory); published.empty() || published > c.newest_update) {
        return {};
    }
    return fmt::format("not in {}'s own CVE records for {} ({} of them since {}); only NVD's configuration names it",
                       identity.vendor, identity.product, c.records, c.first_year);
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

namespace {

// Runs `work(thread, connection)` on `threads` threads, each with its own read connection (the
// caller's on thread 0), each inside one read snapshot; rethrows the first exception.
class ConnectionPool
{
public:
    ConnectionPool(VulnDb& db, unsigned threads) : m_db(db)
    {
        for (unsigned t = 1; t < threads; ++t)
            m_connections.push_back(std::make_unique<VulnDb>(db.path(), VulnDb::Mode::read));
    }

    [[nodiscard]] unsigned threads() const { return static_cast<unsigned>(m_connections.size()) + 1; }

    void run(const std::function<void(unsigned, VulnDb&)>& work)
    {
        std::exception_ptr error;
        std::mutex error_mutex;
        auto guarded = [&](unsigned t, VulnDb& connection) {
            try {
                VulnDb::Snapshot snapshot(connection);
                work(t, connection);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!error)
                    error = std::current_exception();
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads(); ++t)
            pool.emplace_back(guarded, t, std::ref(*m_connections[t - 1]));
        guarded(0, m_db);
        for (auto& th : pool)
            th.join();
        if (error)
            std::rethrow_exception(error);
    }

private:
    VulnDb& m_db;
    std::vector<std::unique_ptr<VulnDb>> m_connections;
};

} // namespace

ScanResult match_inventory(const Inventory& inventory, VulnDb& db, const IdentityCatalog& catalog, bool descriptions)
{
    ScanResult result;
    const size_t n = inventory.packages.size();
    // Packages are identified, then matched, on all cores; each worker claims the next package.
    ConnectionPool connections(db, n < 256 ? 1U : std::max(1U, std::min(4U, std::thread::hardware_concurrency())));
    std::atomic<size_t> next{0};
    result.identities.resize(n);
    connections.run([&](unsigned, VulnDb& connection) {
        for (size_t i = next++; i < n; i = next++) {
            if (!inventory.packages[i].version.empty())
                result.identities[i] = catalog.identify(inventory.packages[i], connection);
        }
    });
    // Applications present in the closure, for NVD's "running with" conditions.
    std::set<std::pair<std::string, std::string>> applications;
    for (const auto& identities : result.identities) {
        for (const auto& id : identities)
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
    // Products whose vendor is a CNA that publishes its own records for them (per worker).
    std::vector<std::map<std::pair<std::string, std::string>, VulnDb::CnaCoverage>> coverage(connections.threads());
    auto match_package = [&](size_t i, VulnDb& connection, ApplicabilityEvaluator& evaluate, std::vector<Finding>& out,
                             std::map<std::pair<std::string, std::string>, VulnDb::CnaCoverage>& covered) {
        const Package& p = inventory.packages[i];
        const size_t first = out.size();
        const auto& identities = result.identities[i];
        std::map<std::string, Candidate> candidates;
        for (const auto& id : identities) {
            if (id.rung == IdentityRung::ecosystem) {
                connection.visit_osv_package(id.vendor, id.product,
                                             [&](std::string_view osv_id, std::string_view affected) {
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
            connection.visit_product_entries(id.vendor, id.product, [&](const VulnDb::ProductEntryView& e) {
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
            std::string cve5_assigner = c.cve5 ? connection.cve5_assigner(advisory) : std::string();
            const Verdict* decided = nullptr;
            if (c.osv) {
                decided = &*c.osv;
                f.source = "osv";
                f.decided_by = "OSV " + c.identity.vendor + " advisory";
            } else {
                // The CNA that is the product's own vendor knows its versions best.
                std::string assigner = lower(cve5_assigner);
                bool vendor_cna =
                    c.cve5 && !assigner.empty() && (assigner == c.identity.vendor || assigner == c.identity.product);
                if (vendor_cna) {
                    decided = &*c.cve5;
                    f.source = "cve5";
                    f.decided_by = fmt::format("{}'s own CVE record (the vendor is the CNA)", cve5_assigner);
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
            f.evidence = decided->evidence;
            f.fixed_version = decided->fixed_version;
            if (auto it = patched.find(advisory); it != patched.end())
                f.suppressed = it->second;
            if (f.suppressed.empty() && f.source == "nvd" && !c.cve5)
                f.suppressed = not_in_vendor_records(connection, covered, c.identity, advisory);
            out.push_back(std::move(f));
        }
        add_known_vulnerabilities(i, p, out, first);
    };

    std::vector<std::vector<Finding>> found(connections.threads());
    next = 0;
    connections.run([&](unsigned t, VulnDb& connection) {
        ApplicabilityEvaluator evaluator;
        for (size_t i = next++; i < n; i = next++) {
            const Package& p = inventory.packages[i];
            if (!p.version.empty() || !p.known_vulnerabilities.empty())
                match_package(i, connection, evaluator, found[t], coverage[t]);
        }
    });
    // Each worker's findings are grouped by package, packages ascending: gather them in package order.
    struct Group
    {
        size_t package, part, begin, end;
    };
    std::vector<Group> groups;
    size_t total = 0;
    for (size_t t = 0; t < found.size(); ++t) {
        total += found[t].size();
        for (size_t b = 0, e = 0; b < found[t].size(); b = e) {
            for (e = b + 1; e < found[t].size() && found[t][e].package == found[t][b].package; ++e) {
            }
            groups.push_back({found[t][b].package, t, b, e});
        }
    }
    std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.package < b.package; });
    result.findings.reserve(total);
    for (const auto& g : groups) {
        for (size_t k = g.begin; k < g.end; ++k)
            result.findings.push_back(std::move(found[g.part][k]));
    }
    found.clear();

    // Severity, KEV, EPSS and Patch references once per CVE, looked up in id order (neighbouring
    // rows share pages) with the work split over the same connections.
    std::vector<std::string> ids;
    for (const auto& f : result.findings) {
        if (f.advisory.starts_with("CVE-"))
            ids.push_back(f.advisory);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<VulnDb::CveSummary> summaries(ids.size());
    std::vector<std::shared_ptr<const AdvisoryFacts>> facts(ids.size());
    std::vector<Severity> severities(ids.size());
    connections.run([&](unsigned t, VulnDb& connection) {
        unsigned threads = connections.threads();
        size_t from = ids.size() * t / threads;
        size_t to = ids.size() * (t + 1) / threads;
        if (from == to)
            return;
        std::vector<VulnDb::CveSummary> part = connection.summaries(ids, from, to, descriptions);
        for (size_t k = from; k < to; ++k) {
            VulnDb::CveSummary& summary = summaries[k];
            summary = std::move(part[k - from]);
            severities[k] = severity_of(summary.cvss);
            facts[k] = std::make_shared<const AdvisoryFacts>(
                AdvisoryFacts{summary.cvss, summary.known_exploited, std::move(summary.kev_date_added), summary.epss,
                              std::move(summary.description)});
        }
    });
    // Each finding gets its CVE's facts, and is checked against the fixes its package's patches
    // fetch (OSV advisories without a CVE alias have no summary, but may name fix commits).
    connections.run([&](unsigned t, VulnDb& connection) {
        unsigned threads = connections.threads();
        size_t count = result.findings.size();
        static const std::vector<std::string> k_no_urls;
        for (size_t k = count * t / threads; k < count * (t + 1) / threads; ++k) {
            Finding& f = result.findings[k];
            const std::vector<std::string>* patch_urls = &k_no_urls;
            if (auto it = std::lower_bound(ids.begin(), ids.end(), f.advisory); it != ids.end() && *it == f.advisory) {
                size_t at = static_cast<size_t>(it - ids.begin());
                f.facts = facts[at];
                f.severity = severities[at];
                patch_urls = &summaries[at].patch_urls;
                if (f.source == "nixpkgs" && f.facts->description.empty()) {
                    // A CVE the databases do not describe: nixpkgs' own words.
                    AdvisoryFacts own = *f.facts;
                    own.description = f.evidence;
                    f.facts = std::make_shared<const AdvisoryFacts>(std::move(own));
                }
            } else if (f.source != "osv") {
                continue;
            }
            if (f.suppressed.empty() && f.source != "nixpkgs") // nixpkgs knows its own patches
                f.suppressed = fixed_by_patch(inventory.packages[f.package], *patch_urls, connection, f.advisory);
        }
    });
    // Within a package (an advisory appears once per package): highest severity first, then by id.
    auto first = result.findings.begin();
    for (const auto& g : groups) {
        auto last = first + static_cast<std::ptrdiff_t>(g.end - g.begin);
        std::sort(first, last, [](const Finding& a, const Finding& b) {
            return a.severity != b.severity ? a.severity > b.severity : a.advisory < b.advisory;
        });
        first = last;
    }
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

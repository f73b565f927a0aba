// SPDX-License-Identifier: MIT
#include "match/applicability.hpp"

#include "core/error.hpp"
#include "inventory/version.hpp"
#include "match/ecosystem_version.hpp"
#include "vulndb/cpe.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <simdjson.h>

namespace nixvet {

namespace dom = simdjson::dom;

struct ApplicabilityEvaluator::Impl
{
    dom::parser parser;
};

ApplicabilityEvaluator::ApplicabilityEvaluator() : m_impl(std::make_unique<Impl>()) {}
ApplicabilityEvaluator::~ApplicabilityEvaluator() = default;

// OpenSSH portable's "9.5p1" is OpenBSD release 9.5 with portability patch 1; NVD bounds name the
// release ("versionEndIncluding": "7.9"), under which compareVersions would put 7.9p1 after 7.9.
// Against a bound without a "p", such a version is compared as its release.
std::string_view release_for_bound(std::string_view version, std::string_view bound, std::string_view product)
{
    if (product != "openssh" || bound.find('p') != std::string_view::npos)
        return version;
    size_t p = version.rfind('p');
    if (p == std::string_view::npos || p == 0 || p + 1 == version.size() ||
        !std::isdigit(static_cast<unsigned char>(version[p - 1])))
        return version;
    for (size_t i = p + 1; i < version.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(version[i])))
            return version;
    }
    return version.substr(0, p);
}

bool cpe_version_matches(std::string_view cpe_version, std::string_view cpe_update, std::string_view version)
{
    std::string scratch;
    std::string_view wanted = cpe_version;
    if (wanted.find('\\') != std::string_view::npos) {
        scratch = cpe_unescape(wanted);
        wanted = scratch;
    }
    if (!wanted.empty() && wanted.back() == '*') {
        wanted.remove_suffix(1);
        return version.starts_with(wanted);
    }
    if (cpe_update != "*" && cpe_update != "-" && !cpe_update.empty()) {
        // 9.5 + p1 = 9.5p1; compareVersions ignores a separator between
        std::string joined = std::string(wanted) + cpe_unescape(cpe_update);
        return compare_versions(joined, version) == 0;
    }
    return compare_versions(wanted, version) == 0;
}

namespace {

std::string_view str(dom::element e, std::string_view key)
{
    std::string_view s;
    return e[key].get_string().get(s) ? std::string_view() : s;
}

bool flag(dom::element e, std::string_view key)
{
    bool b = false;
    return !e[key].get_bool().get(b) && b;
}

// Software built for another platform than Linux ("target_sw" of a CPE).
bool foreign_target(std::string_view target_sw)
{
    static constexpr std::array<std::string_view, 12> k_foreign = {"windows",   "macos", "mac_os_x",   "mac_os",
                                                                   "iphone_os", "ios",   "ipados",     "android",
                                                                   "watchos",   "tvos",  "windows_nt", "macosx"};
    for (auto f : k_foreign) {
        if (target_sw == f)
            return true;
    }
    return false;
}

// A `vulnerable: false` entry: is this condition true for a package in a Linux closure?
bool platform_holds(const CpeView& cpe, const MatchTarget& target)
{
    std::string vendor_scratch;
    std::string product_scratch;
    std::string_view vendor = cpe.value(Cpe::vendor, vendor_scratch);
    std::string_view product = cpe.value(Cpe::product, product_scratch);
    std::string_view part = cpe.raw(Cpe::part);
    if (part == "o")
        return vendor == "linux" && product == "linux_kernel";
    if (part == "h")
        return false; // a specific device
    return target.has_application && target.has_application(vendor, product);
}

struct MatchOutcome
{
    bool value = false;
    std::string evidence;
    std::string fixed;
};

// One cpeMatch entry against the target.
MatchOutcome eval_match(dom::element m, const MatchTarget& target, std::string_view needle)
{
    MatchOutcome out;
    // One pass over the entry's members (a lookup per key would walk them each time).
    enum
    {
        start_including,
        start_excluding,
        end_including,
        end_excluding,
        bound_count
    };
    std::string_view criteria;
    std::string_view uri; // NVD 1.1's name for it
    std::array<std::string_view, bound_count> bounds{};
    bool vulnerable = false;
    dom::object fields;
    if (m.get_object().get(fields))
        return out;
    auto text = [](dom::element e) {
        std::string_view t;
        return e.get_string().get(t) ? std::string_view() : t;
    };
    for (auto field : fields) {
        std::string_view key = field.key;
        if (key == "criteria")
            criteria = text(field.value);
        else if (key == "vulnerable")
            vulnerable = !field.value.get_bool().get(vulnerable) && vulnerable;
        else if (key == "versionStartIncluding")
            bounds[start_including] = text(field.value);
        else if (key == "versionStartExcluding")
            bounds[start_excluding] = text(field.value);
        else if (key == "versionEndIncluding")
            bounds[end_including] = text(field.value);
        else if (key == "versionEndExcluding")
            bounds[end_excluding] = text(field.value);
        else if (key == "cpe23Uri")
            uri = text(field.value);
    }
    if (criteria.empty())
        criteria = uri;
    // Most entries name other products: skip those without parsing them. `needle` is
    // ":vendor:product:", right after "cpe:2.3:a" in a criteria naming this product; one with an
    // escape (rare) gets the full parse.
    if (vulnerable && criteria.compare(std::min<size_t>(9, criteria.size()), needle.size(), needle) != 0 &&
        criteria.find('\\') == std::string_view::npos)
        return out;
    std::optional<CpeView> cpe = CpeView::parse(criteria);
    if (!cpe)
        return out;
    if (!vulnerable) {
        out.value = platform_holds(*cpe, target);
        return out;
    }
    std::string scratch;
    if (cpe->value(Cpe::vendor, scratch) != target.vendor || cpe->value(Cpe::product, scratch) != target.product)
        return out;
    if (!cpe->is_any(Cpe::target_sw) && foreign_target(cpe->value(Cpe::target_sw, scratch)))
        return out;
    std::string_view v = target.version;
    std::string range;
    if (!cpe->is_any(Cpe::version)) {
        if (cpe->is_na(Cpe::version) || !cpe_version_matches(cpe->raw(Cpe::version), cpe->raw(Cpe::update), v))
            return out;
        range = "= " + cpe_unescape(cpe->raw(Cpe::version)) +
                (cpe->is_any(Cpe::update) || cpe->is_na(Cpe::update) ? "" : " " + cpe_unescape(cpe->raw(Cpe::update)));
    } else {
        static constexpr std::array<std::string_view, bound_count> k_ops = {">=", ">", "<=", "<"};
        for (int b = 0; b < bound_count; ++b) {
            if (bounds[b].empty())
                continue;
            int c = compare_versions(release_for_bound(v, bounds[b], target.product), bounds[b]);
            bool ok = b == start_including   ? c >= 0
                      : b == start_excluding ? c > 0
                      : b == end_including   ? c <= 0
                                             : c < 0;
            if (!ok)
                return out;
        }
        // Only an entry that matched says why.
        for (int b = 0; b < bound_count; ++b) {
            if (bounds[b].empty())
                continue;
            if (!range.empty())
                range += ", ";
            range += k_ops[b];
            range += ' ';
            range += bounds[b];
        }
        if (!bounds[end_excluding].empty())
            out.fixed = std::string(bounds[end_excluding]);
        if (range.empty())
            range = "all versions";
    }
    out.value = true;
    out.evidence.reserve(criteria.size() + range.size() + 3);
    out.evidence.append(criteria).append(" (").append(range).append(")");
    return out;
}

MatchOutcome eval_node(dom::element node, const MatchTarget& target, std::string_view needle)
{
    bool is_and = str(node, "operator") == "AND";
    MatchOutcome out;
    out.value = is_and;
    dom::array matches;
    if (!node["cpeMatch"].get_array().get(matches) || !node["cpe_match"].get_array().get(matches)) {
        for (auto m : matches) {
            MatchOutcome r = eval_match(m, target, needle);
            if (r.value && !r.evidence.empty() && out.evidence.empty()) {
                out.evidence = r.evidence;
                out.fixed = r.fixed;
            }
            if (is_and && !r.value) {
                out.value = false;
                break;
            }
            if (!is_and && r.value) {
                out.value = true;
                if (!out.evidence.empty())
                    break; // a vulnerable entry holds: the rest of an OR changes nothing
            }
        }
    }
    if (dom::array children; !node["children"].get_array().get(children)) {
        for (auto child : children) {
            MatchOutcome r = eval_node(child, target, needle);
            if (r.value && out.evidence.empty()) {
                out.evidence = r.evidence;
                out.fixed = r.fixed;
            }
            out.value = is_and ? (out.value && r.value) : (out.value || r.value);
        }
    }
    if (flag(node, "negate"))
        out.value = !out.value;
    return out;
}

bool in_range(std::string_view version, dom::element v, std::string& fixed, std::string& evidence)
{
    std::string_view start = str(v, "version");
    std::string_view less = str(v, "lessThan");
    std::string_view less_eq = str(v, "lessThanOrEqual");
    // "0", "*" and "" start a range at the beginning.
    bool open_start = start.empty() || start == "0" || start == "*" || start == "n/a" || start == "unspecified";
    if (less.empty() && less_eq.empty()) {
        if (compare_versions(version, start) != 0)
            return false;
        evidence = "= " + std::string(start);
        return true;
    }
    if (!open_start && compare_versions(version, start) < 0)
        return false;
    if (!less.empty() && less != "*") {
        if (less.ends_with("*")) {
            // "2.*": to the end of the 2.x series (CVE JSON 5 wildcard)
            if (!version.starts_with(less.substr(0, less.size() - 1)))
                return false;
        } else {
            if (compare_versions(version, less) >= 0)
                return false;
            fixed = std::string(less);
        }
    }
    if (!less_eq.empty() && less_eq != "*" && compare_versions(version, less_eq) > 0)
        return false;
    evidence = fmt::format("{}{}{}", open_start ? "" : ">= " + std::string(start),
                           less.empty() ? "" : (open_start ? "< " : ", < ") + std::string(less),
                           less_eq.empty() ? "" : (open_start ? "<= " : ", <= ") + std::string(less_eq));
    return true;
}

// The database wrote this JSON itself: when it does not parse, the database is damaged, and a
// match that silently fails would report a vulnerable package as clean.
[[noreturn]] void throw_damaged(const char* what)
{
    throw Error(fmt::format("the vulnerability database is damaged: stored {} are not the JSON nixvet wrote; run "
                            "'nixvet db update --full' to rebuild it",
                            what));
}

} // namespace

Verdict ApplicabilityEvaluator::nvd(std::string_view configurations_json, const MatchTarget& target)
{
    Verdict verdict;
    dom::element root;
    if (m_impl->parser.parse(configurations_json.data(), configurations_json.size()).get(root) || !root.is_array())
        throw_damaged("NVD configurations");
    bool named = false;
    // ":vendor:product:" as it appears in the criteria naming this product.
    std::string needle = fmt::format(":{}:{}:", target.vendor, target.product);
    for (auto config : dom::array(root)) {
        dom::array nodes;
        if (config["nodes"].get_array().get(nodes))
            continue;
        bool is_and = str(config, "operator") == "AND";
        MatchOutcome c;
        c.value = is_and;
        for (auto node : nodes) {
            MatchOutcome r = eval_node(node, target, needle);
            if (!r.evidence.empty() && c.evidence.empty()) {
                c.evidence = r.evidence;
                c.fixed = r.fixed;
            }
            c.value = is_and ? (c.value && r.value) : (c.value || r.value);
        }
        if (flag(config, "negate"))
            c.value = !c.value;
        named |= !c.evidence.empty();
        if (c.value && !c.evidence.empty()) {
            verdict.state = Verdict::State::affected;
            verdict.evidence = "NVD " + c.evidence + (is_and ? " with its platform conditions" : "");
            verdict.fixed_version = c.fixed;
            return verdict;
        }
    }
    // The configurations name this product, but not this version (or only on another platform).
    if (named)
        verdict.evidence = "NVD names the product, not this version";
    return verdict;
}

Verdict ApplicabilityEvaluator::cve5(std::string_view affected_json, const MatchTarget& target)
{
    Verdict verdict;
    dom::element root;
    if (m_impl->parser.parse(affected_json.data(), affected_json.size()).get(root) || !root.is_array())
        throw_damaged("affected ranges");
    for (auto entry : dom::array(root)) {
        std::string_view default_status = str(entry, "defaultStatus");
        bool decided = false;
        dom::array versions;
        if (!entry["versions"].get_array().get(versions)) {
            for (auto v : versions) {
                if (str(v, "versionType") == "git")
                    continue;
                std::string fixed;
                std::string evidence;
                if (!in_range(target.version, v, fixed, evidence))
                    continue;
                std::string_view status = str(v, "status");
                // A later "changes" entry can mark the version where it stopped being affected.
                if (dom::array changes; !v["changes"].get_array().get(changes)) {
                    for (auto ch : changes) {
                        std::string_view at = str(ch, "at");
                        if (!at.empty() && compare_versions(target.version, at) >= 0) {
                            status = str(ch, "status");
                            evidence += fmt::format(", changed at {}", at);
                        } else if (!at.empty() && str(ch, "status") == "unaffected" && fixed.empty()) {
                            fixed = std::string(at);
                        }
                    }
                }
                if (status == "unaffected") {
                    verdict.state = Verdict::State::unaffected;
                    verdict.evidence = "CVE List V5: unaffected " + evidence;
                    return verdict;
                }
                if (status == "affected") {
                    verdict.state = Verdict::State::affected;
                    verdict.evidence = "CVE List V5: affected " + evidence;
                    verdict.fixed_version = fixed;
                    decided = true;
                }
            }
        }
        if (decided)
            return verdict;
        if (default_status == "affected") {
            verdict.state = Verdict::State::affected;
            verdict.evidence = "CVE List V5: affected by default status";
            return verdict;
        }
        if (default_status == "unaffected")
            verdict.state = Verdict::State::unaffected;
    }
    if (verdict.state == Verdict::State::unaffected)
        verdict.evidence = "CVE List V5: no affected range holds this version (default unaffected)";
    return verdict;
}

Verdict ApplicabilityEvaluator::osv(std::string_view affected_json, std::string_view ecosystem, std::string_view name,
                                    std::string_view version)
{
    Verdict verdict;
    dom::element root;
    if (m_impl->parser.parse(affected_json.data(), affected_json.size()).get(root) || !root.is_array())
        throw_damaged("affected ranges");
    for (auto entry : dom::array(root)) {
        dom::element package;
        if (entry["package"].get(package) || str(package, "ecosystem") != ecosystem)
            continue;
        std::string lname(str(package, "name"));
        std::transform(lname.begin(), lname.end(), lname.begin(), [](unsigned char c) { return std::tolower(c); });
        if (lname != name)
            continue;
        if (dom::array versions; !entry["versions"].get_array().get(versions)) {
            for (auto v : versions) {
                std::string_view listed;
                if (!v.get_string().get(listed) && listed == version) {
                    verdict.state = Verdict::State::affected;
                    verdict.evidence =
                        fmt::format("OSV {}/{}: version {} is listed as affected", ecosystem, name, version);
                    return verdict;
                }
            }
        }
        dom::array ranges;
        if (entry["ranges"].get_array().get(ranges))
            continue;
        for (auto range : ranges) {
            std::string_view type = str(range, "type");
            if (type != "ECOSYSTEM" && type != "SEMVER")
                continue; // GIT ranges name commits, not versions
            dom::array events;
            if (range["events"].get_array().get(events))
                continue;
            // Events in order: inside an [introduced, fixed) or [introduced, last_affected] span,
            // compared by the ecosystem's own rules (PEP 440, SemVer).
            auto compare = [&](std::string_view x, std::string_view y) {
                return compare_ecosystem_versions(ecosystem, type, x, y);
            };
            bool inside = false;
            std::string introduced;
            std::string fixed;
            for (auto e : events) {
                if (std::string_view at = str(e, "introduced"); !at.empty()) {
                    if (at == "0" || compare(version, at) >= 0) {
                        inside = true;
                        introduced = std::string(at);
                        fixed.clear();
                    }
                } else if (std::string_view f = str(e, "fixed"); !f.empty()) {
                    if (inside && compare(version, f) >= 0)
                        inside = false;
                    else if (inside)
                        fixed = std::string(f);
                } else if (std::string_view last = str(e, "last_affected"); !last.empty()) {
                    if (inside && compare(version, last) > 0)
                        inside = false;
                }
            }
            if (inside) {
                verdict.state = Verdict::State::affected;
                verdict.evidence = fmt::format("OSV {}/{} {} range: introduced {}{}", ecosystem, name, type, introduced,
                                               fixed.empty() ? "" : ", fixed " + fixed);
                verdict.fixed_version = fixed;
                return verdict;
            }
        }
    }
    return verdict;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "match/scan_diff.hpp"

#include "inventory/version.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace nixvet {

const char* package_change_name(PackageChange::Kind kind)
{
    switch (kind) {
    case PackageChange::Kind::added: return "added";
    case PackageChange::Kind::removed: return "removed";
    case PackageChange::Kind::upgraded: return "upgraded";
    case PackageChange::Kind::downgraded: return "downgraded";
    case PackageChange::Kind::changed: return "changed";
    }
    return "?";
}

namespace {

std::map<std::string, std::set<std::string>> versions_by_name(const Inventory& inv)
{
    std::map<std::string, std::set<std::string>> out;
    for (const auto& p : inv.packages)
        out[p.pname].insert(p.version);
    return out;
}

// Unsuppressed findings by (pname, advisory); the first of a key stands for it.
std::map<std::pair<std::string, std::string>, FindingChange> findings_by_key(const Inventory& inv,
                                                                             const ScanResult& scan)
{
    std::map<std::pair<std::string, std::string>, FindingChange> out;
    for (const auto& f : scan.findings) {
        if (!f.suppressed.empty())
            continue;
        const Package& p = inv.packages.at(f.package);
        out.emplace(std::make_pair(p.pname, f.advisory), FindingChange{p.pname, p.version, &f});
    }
    return out;
}

} // namespace

ScanDiff diff_scans(const Inventory& before, const ScanResult& before_scan, const Inventory& after,
                    const ScanResult& after_scan)
{
    ScanDiff diff;
    diff.database = after_scan.database;
    auto old_versions = versions_by_name(before);
    auto new_versions = versions_by_name(after);
    std::set<std::string> names;
    for (const auto& [name, v] : old_versions)
        names.insert(name);
    for (const auto& [name, v] : new_versions)
        names.insert(name);
    for (const auto& name : names) {
        auto o = old_versions.find(name);
        auto n = new_versions.find(name);
        PackageChange c;
        c.pname = name;
        if (o != old_versions.end())
            c.before.assign(o->second.begin(), o->second.end());
        if (n != new_versions.end())
            c.after.assign(n->second.begin(), n->second.end());
        if (c.before == c.after)
            continue;
        if (c.before.empty())
            c.kind = PackageChange::Kind::added;
        else if (c.after.empty())
            c.kind = PackageChange::Kind::removed;
        else if (c.before.size() == 1 && c.after.size() == 1)
            c.kind = compare_versions(c.before[0], c.after[0]) < 0 ? PackageChange::Kind::upgraded
                                                                   : PackageChange::Kind::downgraded;
        else
            c.kind = PackageChange::Kind::changed;
        diff.packages.push_back(std::move(c));
    }
    auto old_findings = findings_by_key(before, before_scan);
    auto new_findings = findings_by_key(after, after_scan);
    for (const auto& [key, change] : old_findings) {
        if (new_findings.count(key))
            ++diff.remaining;
        else
            diff.fixed.push_back(change);
    }
    for (const auto& [key, change] : new_findings) {
        if (!old_findings.count(key))
            diff.introduced.push_back(change);
    }
    // Worst first, then by package and id.
    auto order = [](const FindingChange& a, const FindingChange& b) {
        if (a.finding->severity != b.finding->severity)
            return a.finding->severity > b.finding->severity;
        if (a.pname != b.pname)
            return a.pname < b.pname;
        return a.finding->advisory < b.finding->advisory;
    };
    std::sort(diff.fixed.begin(), diff.fixed.end(), order);
    std::sort(diff.introduced.begin(), diff.introduced.end(), order);
    return diff;
}

} // namespace nixvet

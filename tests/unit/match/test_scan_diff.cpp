// SPDX-License-Identifier: MIT
#include "match/scan_diff.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

Inventory inventory(std::initializer_list<std::pair<const char*, const char*>> packages)
{
    Inventory inv;
    for (auto [pname, version] : packages) {
        Package p;
        p.pname = pname;
        p.version = version;
        inv.packages.push_back(p);
    }
    return inv;
}

Finding finding(size_t package, const char* id, Severity s, const char* suppressed = "")
{
    Finding f;
    f.package = package;
    f.advisory = id;
    f.severity = s;
    f.suppressed = suppressed;
    return f;
}

TEST(ScanDiff, ClassifiesPackagesByTheirVersions)
{
    Inventory before = inventory({{"curl", "8.4.0"}, {"zlib", "1.3"}, {"gone", "1"}, {"py", "3.11.6"}, {"same", "1"}});
    Inventory after = inventory(
        {{"curl", "8.9.1"}, {"zlib", "1.2.13"}, {"new", "2"}, {"py", "3.11.6"}, {"py", "3.12.1"}, {"same", "1"}});
    ScanDiff d = diff_scans(before, ScanResult{}, after, ScanResult{});
    std::map<std::string, PackageChange::Kind> kinds;
    for (const auto& c : d.packages)
        kinds[c.pname] = c.kind;
    EXPECT_EQ(kinds.size(), 5U) << "'same' did not change";
    EXPECT_EQ(kinds["curl"], PackageChange::Kind::upgraded);
    EXPECT_EQ(kinds["zlib"], PackageChange::Kind::downgraded);
    EXPECT_EQ(kinds["gone"], PackageChange::Kind::removed);
    EXPECT_EQ(kinds["new"], PackageChange::Kind::added);
    EXPECT_EQ(kinds["py"], PackageChange::Kind::changed);
}

TEST(ScanDiff, MatchesFindingsByPackageNameAndAdvisory)
{
    Inventory before = inventory({{"curl", "8.4.0"}, {"openssl", "3.0.12"}});
    Inventory after = inventory({{"openssl", "3.0.13"}, {"curl", "8.9.1"}});
    ScanResult old_scan;
    old_scan.findings = {finding(0, "CVE-A", Severity::medium), finding(1, "CVE-B", Severity::high),
                         finding(1, "CVE-P", Severity::low, "patched: CVE-P.patch")};
    ScanResult new_scan;
    new_scan.findings = {finding(0, "CVE-B", Severity::high), finding(1, "CVE-C", Severity::critical),
                         finding(0, "CVE-P", Severity::low)};
    ScanDiff d = diff_scans(before, old_scan, after, new_scan);
    ASSERT_EQ(d.fixed.size(), 1U);
    EXPECT_EQ(d.fixed[0].finding->advisory, "CVE-A");
    EXPECT_EQ(d.fixed[0].version, "8.4.0");
    ASSERT_EQ(d.introduced.size(), 2U);
    EXPECT_EQ(d.introduced[0].finding->advisory, "CVE-C") << "worst first";
    EXPECT_EQ(d.introduced[1].finding->advisory, "CVE-P") << "suppressed before, counts now";
    EXPECT_EQ(d.remaining, 1U) << "CVE-B, on openssl on both sides";
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "match/scan_filter.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

ScanResult sample()
{
    // CVE-2 is in KEV; CVE-3 and CVE-4 have EPSS scores.
    std::vector<AdvisoryFacts> facts(4);
    facts[1].known_exploited = true;
    facts[2].epss = 0.9;
    facts[3].epss = 0.1;
    ScanResult r;
    const std::tuple<const char*, Severity, const char*> rows[] = {{"CVE-1", Severity::low, "1.1"},
                                                                   {"CVE-2", Severity::high, ""},
                                                                   {"CVE-3", Severity::medium, "2.0"},
                                                                   {"CVE-4", Severity::critical, ""}};
    for (size_t i = 0; i < 4; ++i) {
        Finding f;
        f.advisory = std::get<0>(rows[i]);
        f.severity = std::get<1>(rows[i]);
        f.fixed_version = std::get<2>(rows[i]);
        f.facts = std::make_shared<const AdvisoryFacts>(facts[i]);
        r.findings.push_back(f);
    }
    return r;
}

std::vector<std::string> ids(const ScanResult& r)
{
    std::vector<std::string> out;
    for (const auto& f : r.findings)
        out.push_back(f.advisory);
    return out;
}

TEST(ScanFilter, KeepsWhatEachFilterAsksFor)
{
    ScanResult r = sample();
    EXPECT_EQ(filter_findings(r, FindingFilter{true, false, {}}), 2U);
    EXPECT_EQ(ids(r), (std::vector<std::string>{"CVE-1", "CVE-3"})) << "--only-fixed";
    r = sample();
    filter_findings(r, FindingFilter{false, true, {}});
    EXPECT_EQ(ids(r), std::vector<std::string>{"CVE-2"}) << "--kev-only";
    r = sample();
    filter_findings(r, FindingFilter{false, false, parse_severity_list("critical, HIGH")});
    EXPECT_EQ(ids(r), (std::vector<std::string>{"CVE-2", "CVE-4"})) << "--severity";
    EXPECT_THROW(parse_severity_list("high,severe"), Error);
    EXPECT_EQ(parse_severity_list("unknown"), std::vector<Severity>{Severity::unknown});
}

TEST(ScanFilter, OrdersBySeverityEpssOrKev)
{
    ScanResult r = sample();
    sort_findings(r, FindingOrder::severity);
    EXPECT_EQ(ids(r), (std::vector<std::string>{"CVE-4", "CVE-2", "CVE-3", "CVE-1"}));
    sort_findings(r, FindingOrder::epss);
    EXPECT_EQ(ids(r), (std::vector<std::string>{"CVE-3", "CVE-4", "CVE-2", "CVE-1"})) << "no EPSS: last, by severity";
    sort_findings(r, FindingOrder::kev);
    EXPECT_EQ(ids(r).front(), "CVE-2");
    EXPECT_EQ(parse_finding_order("epss"), FindingOrder::epss);
    EXPECT_THROW(parse_finding_order("cvss"), Error);
}

TEST(ScanFilter, TheGateCountsWhatIsNotSuppressed)
{
    ScanResult r = sample();
    r.findings[3].suppressed = "patched: CVE-4.patch"; // the critical one
    ScanGate high = gate_findings(r, Severity::high);
    EXPECT_EQ(high.counted, 3U);
    EXPECT_EQ(high.suppressed, 1U);
    EXPECT_TRUE(high.tripped) << "CVE-2 is high";
    EXPECT_FALSE(gate_findings(r, Severity::critical).tripped) << "the only critical one is suppressed";
    EXPECT_FALSE(gate_findings(r, std::nullopt).tripped);
    EXPECT_EQ(vulnix_exit_code(high), 2);
    for (auto& f : r.findings)
        f.suppressed = "whitelisted";
    EXPECT_EQ(vulnix_exit_code(gate_findings(r, std::nullopt)), 1);
    r.findings.clear();
    EXPECT_EQ(vulnix_exit_code(gate_findings(r, std::nullopt)), 0);
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "policy/policy.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

std::string error_of(const std::string& toml)
{
    try {
        Policy::parse(toml, "tm.toml");
    } catch (const ParseError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(Policy, ReadsEverySettingAndDefaultsTheRest)
{
    Policy p = Policy::parse(R"(# threat model
[vulnerabilities]
fail-on = "critical"
warn-on = "low"
kev = "warn"
unknown-severity = "allow"

[provenance]
binary = "fail"
possibly-binary = "warn"
conflict = "allow"
allow = ["slack", "vault-bin"]

[accept."CVE-2025-15467"]
packages = "openssl"
until = 2027-06-30
reason = "not reachable"

[accept.'GHSA-xxxx-yyyy']
until = 2027-01-01
reason = "dev only"
)",
                             "tm.toml");
    EXPECT_EQ(p.fail_on, Severity::critical);
    EXPECT_EQ(p.warn_on, Severity::low);
    EXPECT_EQ(p.kev, PolicyAction::warn);
    EXPECT_EQ(p.unknown_severity, PolicyAction::allow);
    EXPECT_EQ(p.binary, PolicyAction::fail);
    EXPECT_EQ(p.possibly_binary, PolicyAction::warn);
    EXPECT_EQ(p.conflict, PolicyAction::allow);
    EXPECT_EQ(p.allow_binary, (std::vector<std::string>{"slack", "vault-bin"}));
    ASSERT_EQ(p.accepted.size(), 2U);
    EXPECT_EQ(p.accepted[0].id, "CVE-2025-15467");
    EXPECT_EQ(p.accepted[0].packages, std::vector<std::string>{"openssl"});
    EXPECT_EQ(p.accepted[0].until, "2027-06-30");
    EXPECT_EQ(p.accepted[0].line, 14U);
    EXPECT_EQ(p.accepted[1].id, "GHSA-xxxx-yyyy");
    EXPECT_TRUE(p.accepted[1].packages.empty());

    Policy defaults = Policy::parse("", "empty.toml");
    EXPECT_EQ(defaults.fail_on, Severity::high);
    EXPECT_FALSE(defaults.warn_on);
    EXPECT_EQ(defaults.kev, PolicyAction::fail);
    EXPECT_EQ(defaults.binary, PolicyAction::warn);
    EXPECT_FALSE(Policy::parse("[vulnerabilities]\nfail-on = \"none\"\n", "t").fail_on);
}

TEST(Policy, AMistakeIsAnErrorNamingTheLine)
{
    EXPECT_EQ(error_of("[vulnerabilities]\nfail-on = \"severe\"\n"),
              "tm.toml:2:11: [vulnerabilities]: fail-on = \"severe\": expected \"critical\", \"high\", "
              "\"medium\", \"low\" or \"none\"");
    EXPECT_NE(
        error_of("\n[provenance]\nbinaries = \"fail\"\n").find("tm.toml:3:12: [provenance]: unknown key 'binaries'"),
        std::string::npos);
    EXPECT_NE(error_of("[provenance]\nbinary = \"block\"\n").find("expected \"fail\", \"warn\" or \"allow\""),
              std::string::npos);
    EXPECT_NE(error_of("[vulnerability]\n").find("unknown table"), std::string::npos);
    EXPECT_NE(error_of("[accept.\"CVE-1\"]\nreason = \"x\"\n").find("until: required"), std::string::npos);
    EXPECT_NE(error_of("[accept.\"CVE-1\"]\nuntil = \"2027-01-01\"\nreason = \"x\"\n").find("until: required"),
              std::string::npos)
        << "a date, not a string";
    EXPECT_NE(error_of("[accept.\"CVE-1\"]\nuntil = 2027-01-01\n").find("reason: required"), std::string::npos);
    EXPECT_NE(error_of("fail-on = \"high\"\n").find("tm.toml:1:11: 'fail-on' is outside any table"), std::string::npos);
    EXPECT_NE(error_of("[accept.a.b]\nuntil = 2027-01-01\nreason = \"x\"\n").find("unknown table"), std::string::npos);
    EXPECT_NE(error_of("[provenance]\nallow = 2027-01-01\n").find("allow: expected a string or a list"),
              std::string::npos);
    // The TOML itself: line and column from the reader.
    EXPECT_NE(error_of("[vulnerabilities]\nfail-on = high\n").find("tm.toml:2:11: expected a string"),
              std::string::npos)
        << error_of("[vulnerabilities]\nfail-on = high\n");
    EXPECT_NE(error_of("[accept.\"CVE-1\"]\nuntil = 2027-13-45\nreason = \"r\"\n")
                  .find("tm.toml:2:9: 2027-13-45 is not a date"),
              std::string::npos)
        << "an impossible date never accepts a risk";
    EXPECT_NE(error_of("[accept.\"CVE-1\"]\nuntil = 2099-02-31\nreason = \"r\"\n").find("not a date of the calendar"),
              std::string::npos);
}

Finding finding(size_t package, const std::string& id, Severity s, bool kev = false)
{
    Finding f;
    f.package = package;
    f.advisory = id;
    f.severity = s;
    f.decided_by = "NVD configuration";
    f.evidence = "cpe";
    if (kev) {
        AdvisoryFacts facts;
        facts.known_exploited = true;
        f.facts = std::make_shared<AdvisoryFacts>(facts);
    }
    return f;
}

struct World
{
    Inventory inv;
    ScanResult scan;
    ProvenanceReport provenance;
};

World world()
{
    World w;
    for (const char* name : {"openssl", "curl", "vault-bin", "slack"}) {
        Package p;
        p.pname = name;
        p.name = std::string(name) + "-1.0";
        p.version = "1.0";
        w.inv.packages.push_back(p);
    }
    w.inv.packages[2].native_build_inputs = {"auto-patchelf-hook"};
    w.inv.packages[3].source_provenance = {"binaryNativeCode"};
    w.scan.findings = {finding(0, "CVE-1", Severity::critical), finding(0, "CVE-2", Severity::high),
                       finding(0, "CVE-3", Severity::medium),   finding(1, "CVE-4", Severity::low, true),
                       finding(1, "CVE-5", Severity::unknown),  finding(1, "CVE-6", Severity::critical)};
    w.scan.findings.back().suppressed = "patched: CVE-6.patch";
    w.provenance = assess_provenance(w.inv);
    return w;
}

std::vector<std::string> subjects(const std::vector<PolicyHit>& hits)
{
    std::vector<std::string> out;
    for (const auto& h : hits)
        out.push_back(h.subject + (h.subject == "provenance" ? ":" + std::to_string(h.package) : ""));
    return out;
}

TEST(Policy, TheStrictestApplicableRuleDecides)
{
    World w = world();
    Policy p = Policy::parse("[vulnerabilities]\nwarn-on = \"medium\"\n", "tm.toml");
    PolicyVerdict v = evaluate_policy(p, w.inv, w.scan, w.provenance, "2026-11-28");
    EXPECT_FALSE(v.pass);
    // Critical and high fail (fail-on = high); the KEV finding fails though low; CVE-6 is suppressed.
    EXPECT_EQ(subjects(v.failures), (std::vector<std::string>{"CVE-1", "CVE-2", "CVE-4"}));
    EXPECT_EQ(v.failures[2].rule, "[vulnerabilities] kev = \"fail\"");
    EXPECT_EQ(v.failures[0].rule, "[vulnerabilities] fail-on = \"high\"");
    // Medium warns (warn-on), unknown warns (default), and the two binaries warn (binary = "warn").
    EXPECT_EQ(subjects(v.warnings), (std::vector<std::string>{"CVE-3", "CVE-5", "provenance:2", "provenance:3"}));
    EXPECT_EQ(v.warnings[2].what, "binary (inferred)");
    EXPECT_NE(v.warnings[2].detail.find("auto-patchelf-hook"), std::string::npos);
    EXPECT_EQ(v.warnings[3].what, "binary (declared)");

    Policy lenient = Policy::parse("[vulnerabilities]\nfail-on = \"none\"\nkev = \"warn\"\n", "tm.toml");
    PolicyVerdict l = evaluate_policy(lenient, w.inv, w.scan, w.provenance, "2026-11-28");
    EXPECT_TRUE(l.pass);
    EXPECT_TRUE(l.failures.empty());
    EXPECT_EQ(subjects(l.warnings), (std::vector<std::string>{"CVE-4", "CVE-5", "provenance:2", "provenance:3"}));
}

TEST(Policy, AcceptancesHoldUntilTheirDateAndOnlyForTheirPackages)
{
    World w = world();
    Policy p = Policy::parse(R"([accept."CVE-1"]
until = 2026-11-28
reason = "not reachable"
[accept."CVE-2"]
packages = ["curl"]
until = 2027-01-01
reason = "curl only"
[accept."CVE-4"]
until = 2026-11-27
reason = "expired yesterday"
[provenance]
binary = "fail"
allow = ["slack"]
)",
                             "tm.toml");
    PolicyVerdict v = evaluate_policy(p, w.inv, w.scan, w.provenance, "2026-11-28");
    EXPECT_EQ(subjects(v.accepted), (std::vector<std::string>{"CVE-1", "provenance:3"}))
        << "the last day of an acceptance still counts; slack is allowed";
    EXPECT_EQ(v.accepted[0].rule, "accepted until 2026-11-28 (line 1): not reachable");
    EXPECT_EQ(subjects(v.failures), (std::vector<std::string>{"CVE-2", "CVE-4", "provenance:2"}))
        << "CVE-2 is accepted for curl, not openssl; CVE-4's acceptance has expired";
    ASSERT_EQ(v.expired.size(), 1U);
    EXPECT_EQ(v.expired[0], "tm.toml: [accept.\"CVE-4\"] (line 8) expired on 2026-11-27; it no longer applies");

    PolicyVerdict next_day = evaluate_policy(p, w.inv, w.scan, w.provenance, "2026-11-29");
    EXPECT_EQ(subjects(next_day.accepted), std::vector<std::string>{"provenance:3"});
}

TEST(Policy, NothingToReportPasses)
{
    World w = world();
    w.scan.findings.clear();
    Policy p = Policy::parse("[provenance]\nbinary = \"allow\"\n", "tm.toml");
    PolicyVerdict v = evaluate_policy(p, w.inv, w.scan, w.provenance, "2026-11-28");
    EXPECT_TRUE(v.pass);
    EXPECT_TRUE(v.failures.empty());
    EXPECT_TRUE(v.warnings.empty());
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "match/whitelist.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

Package package(const std::string& pname, const std::string& version)
{
    Package p;
    p.pname = pname;
    p.version = version;
    p.name = pname + "-" + version;
    return p;
}

const char* k_rules = R"(
["openssl-3.0.12"]
cve = ["CVE-2023-5678", "CVE-2023-6129"]
until = "2026-12-31"
issue_url = "https://github.com/NixOS/nixpkgs/pull/1"
comment = "fix about to be deployed"

["curl"]
comment = "not exposed"

["*"]
cve = ["CVE-1999-0001"]

["zlib-1.2.13"]
until = 2020-01-01
)";

TEST(Whitelist, MatchesByNameNameVersionAndStar)
{
    Whitelist w = Whitelist::parse(k_rules, "w.toml");
    const std::string today = "2026-11-28";
    auto openssl = w.reason(package("openssl", "3.0.12"), "CVE-2023-5678", today);
    ASSERT_TRUE(openssl);
    EXPECT_EQ(*openssl, "whitelisted by [openssl-3.0.12] in w.toml: fix about to be deployed "
                        "(https://github.com/NixOS/nixpkgs/pull/1) until 2026-12-31");
    EXPECT_FALSE(w.reason(package("openssl", "3.0.12"), "CVE-2024-0727", today)) << "only the listed CVEs";
    EXPECT_FALSE(w.reason(package("openssl", "3.0.13"), "CVE-2023-5678", today)) << "only that version";
    EXPECT_TRUE(w.reason(package("curl", "8.4.0"), "CVE-2024-7264", today)) << "a name without cve: every CVE";
    EXPECT_TRUE(w.reason(package("anything", "1"), "CVE-1999-0001", today));
    EXPECT_FALSE(w.reason(package("anything", "1"), "CVE-1999-0002", today));
}

TEST(Whitelist, RulesExpire)
{
    Whitelist w = Whitelist::parse(k_rules, "w.toml");
    EXPECT_FALSE(w.reason(package("openssl", "3.0.12"), "CVE-2023-5678", "2027-01-01"));
    EXPECT_TRUE(w.reason(package("openssl", "3.0.12"), "CVE-2023-5678", "2026-12-31")) << "until is inclusive";
    EXPECT_FALSE(w.reason(package("zlib", "1.2.13"), "CVE-2022-37434", "2026-11-28")) << "a TOML date works too";
    auto expired = w.expired("2026-11-28");
    ASSERT_EQ(expired.size(), 1U);
    EXPECT_EQ(expired[0], "w.toml: [zlib-1.2.13] expired on 2020-01-01");
}

TEST(Whitelist, RejectsMalformedRules)
{
    EXPECT_THROW(Whitelist::parse("[\"x\"]\ncve = 3\n", "w.toml"), ParseError);
    EXPECT_THROW(Whitelist::parse("[\"x\"]\nuntil = \"soon\"\n", "w.toml"), ParseError);
    EXPECT_THROW(Whitelist::parse("[\"x\"]\ncves = [\"CVE-1\"]\n", "w.toml"), ParseError) << "a typo is an error";
    EXPECT_THROW(Whitelist::parse("[\"x\"\n", "w.toml"), ParseError);
}

TEST(Whitelist, AnImpossibleDateIsAnErrorNotAnAcceptedRisk)
{
    // "2027-99-99" compares after every real date as text: it would whitelist for ever.
    try {
        Whitelist::parse("[\"openssl\"]\ncve = [\"CVE-2023-5678\"]\nuntil = \"2027-99-99\"\n", "w.toml");
        ADD_FAILURE() << "accepted";
    } catch (const ParseError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "w.toml:3:9: [openssl] until: expected a date YYYY-MM-DD of the calendar, not '2027-99-99'");
    }
    EXPECT_THROW(Whitelist::parse("[\"x\"]\nuntil = \"2026-02-29\"\n", "w.toml"), ParseError);
    EXPECT_NO_THROW(Whitelist::parse("[\"x\"]\nuntil = \"2028-02-29\"\n", "w.toml"));
}

TEST(Whitelist, VulnixsOwnWhitelistsLoadUnchanged)
{
    const std::string today = "2026-12-01";
    for (const char* name : {"whitelist.toml", "test_whitelist.toml"}) {
        SCOPED_TRACE(name);
        Whitelist w = Whitelist::load(std::string(NIXVET_FIXTURES) + "/vulnix/" + name);
        EXPECT_TRUE(w.reason(package("anything", "1.0"), "CVE-2015-2504", today)) << "[\"*\"] with its CVEs";
        EXPECT_FALSE(w.reason(package("anything", "1.0"), "CVE-2015-0001", today));
        EXPECT_TRUE(w.reason(package("libxslt", "1.1.29"), "CVE-2099-1", today)) << "every CVE of libxslt";
        EXPECT_TRUE(w.reason(package("unzip", "6.0"), "CVE-2015-7696", today)) << "cve as a string; status ignored";
        EXPECT_FALSE(w.reason(package("unzip", "6.0"), "CVE-2014-8139", today));
        EXPECT_TRUE(w.reason(package("audiofile", "0.3.2"), "CVE-2099-2", today)) << "an empty section: every CVE";
        EXPECT_TRUE(w.reason(package("audiofile", "0.3.6"), "CVE-2017-6834", today));
        EXPECT_FALSE(w.reason(package("audiofile", "0.3.6"), "CVE-2017-6839", today));
        auto expired = w.expired(today);
        ASSERT_EQ(expired.size(), 1U);
        EXPECT_NE(expired[0].find("[libxslt-2.0] expired on 2018-03-01"), std::string::npos) << expired[0];
    }
}

TEST(Whitelist, RulesVulnixWouldRefuseAreRefused)
{
    EXPECT_THROW(Whitelist::parse("[\"*\"]\ncomment = \"everything\"\n", "w.toml"), ParseError)
        << "a rule for every package must name its CVEs";
    EXPECT_THROW(Whitelist::parse("[\"OpenSSL\"]\n", "w.toml"), ParseError) << "vulnix's selectors are lower-case";
    EXPECT_THROW(Whitelist::parse("[\"x\"]\nissue_url = \"ticket 12\"\n", "w.toml"), ParseError);
    EXPECT_THROW(Whitelist::parse("[a.b]\n", "w.toml"), ParseError);
    EXPECT_NO_THROW(
        Whitelist::parse("[\"x\"]\nuntil = 2027-01-01T00:00:00Z\ncomment = \"\"\"\nlong\ntext\"\"\"\n", "w.toml"))
        << "a TOML date-time and a multi-line string";
}

} // namespace

// SPDX-License-Identifier: MIT
#include "match/ecosystem_version.hpp"

#include <gtest/gtest.h>
#include <vector>

using namespace nixvet;

namespace {

void expect_ascending(const std::vector<std::string>& versions,
                      std::optional<int> (*compare)(std::string_view, std::string_view))
{
    for (size_t i = 0; i < versions.size(); ++i) {
        for (size_t j = 0; j < versions.size(); ++j) {
            auto c = compare(versions[i], versions[j]);
            ASSERT_TRUE(c.has_value()) << versions[i] << " vs " << versions[j];
            EXPECT_EQ(*c, i < j ? -1 : (i > j ? 1 : 0)) << versions[i] << " vs " << versions[j];
        }
    }
}

TEST(Pep440, OrdersTheSpecificationsExample)
{
    // The order PEP 440 gives in its "Summary of permitted suffixes and relative ordering".
    expect_ascending({"1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
                      "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5",
                      "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1"},
                     compare_pep440);
}

TEST(Pep440, NormalisesSpellings)
{
    EXPECT_EQ(compare_pep440("1.0", "1.0.0"), 0);
    EXPECT_EQ(compare_pep440("1.0alpha1", "1.0a1"), 0);
    EXPECT_EQ(compare_pep440("1.0-rc.2", "1.0rc2"), 0);
    EXPECT_EQ(compare_pep440("1.0-1", "1.0.post1"), 0);
    EXPECT_EQ(compare_pep440("v2.0", "2.0"), 0);
    EXPECT_EQ(compare_pep440("1!1.0", "2.0"), 1) << "the epoch first";
    EXPECT_FALSE(compare_pep440("not-a-version", "1.0").has_value());
}

TEST(SemVer, OrdersTheSpecificationsExample)
{
    // SemVer 2.0.0, item 11.
    expect_ascending({"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                      "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"},
                     compare_semver);
    EXPECT_EQ(compare_semver("v1.2.3", "1.2.3+build.5"), 0);
    EXPECT_FALSE(compare_semver("1.2", "1.2.0").has_value());
}

TEST(EcosystemVersions, PicksTheRulesAndFallsBackToNix)
{
    // compareVersions would put 2.0rc1 after 2.0; PyPI does not.
    EXPECT_EQ(compare_ecosystem_versions("PyPI", "ECOSYSTEM", "2.0rc1", "2.0"), -1);
    EXPECT_EQ(compare_ecosystem_versions("crates.io", "SEMVER", "1.0.0-alpha", "1.0.0"), -1);
    EXPECT_EQ(compare_ecosystem_versions("Go", "SEMVER", "v0.3.0", "0.10.0"), -1);
    EXPECT_EQ(compare_ecosystem_versions("Debian", "ECOSYSTEM", "1.0", "1.0.0"), -1) << "compareVersions";
    EXPECT_EQ(compare_ecosystem_versions("crates.io", "SEMVER", "1.2", "1.10"), -1) << "not SemVer: compareVersions";
}

} // namespace

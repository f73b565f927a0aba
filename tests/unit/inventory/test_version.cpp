// SPDX-License-Identifier: MIT
#include "inventory/version.hpp"
#include "oracle.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

// Every pair was evaluated by the real `builtins.compareVersions` (Nix 2.8).
TEST(CompareVersions, AgreesWithNixOnEveryOraclePair)
{
    auto rows = read_oracle("compare_versions.tsv");
    ASSERT_GE(rows.size(), 10000U);
    size_t mismatches = 0;
    for (const auto& row : rows) {
        ASSERT_EQ(row.size(), 3U);
        int expected = std::stoi(row[2]);
        int got = compare_versions(row[0], row[1]);
        if (got != expected && ++mismatches <= 20)
            ADD_FAILURE() << "compareVersions \"" << row[0] << "\" \"" << row[1] << "\": Nix says " << expected
                          << ", nixvet says " << got;
    }
    EXPECT_EQ(mismatches, 0U);
}

TEST(CompareVersions, KnownEdges)
{
    EXPECT_EQ(compare_versions("1.0", "1.0.0"), -1);
    EXPECT_EQ(compare_versions("1.0pre", "1.0"), -1);
    EXPECT_EQ(compare_versions("2.3a", "2.3.1"), -1);
    EXPECT_EQ(compare_versions("01", "1"), 0);
    EXPECT_EQ(compare_versions("1.10", "1.9"), 1);
    // A number that overflows a C int is compared as a word, as Nix does.
    EXPECT_EQ(compare_versions("2147483648", "5"), -1);
    EXPECT_EQ(compare_versions("9.5p1", "9.5"), 1);
}

TEST(CompareVersions, SplitsComponents)
{
    size_t pos = 0;
    std::string_view v = "1.2pre3-rc..x";
    std::vector<std::string_view> parts;
    for (auto c = next_version_component(v, pos); !c.empty(); c = next_version_component(v, pos))
        parts.push_back(c);
    EXPECT_EQ(parts, (std::vector<std::string_view>{"1", "2", "pre", "3", "rc", "x"}));
}

} // namespace

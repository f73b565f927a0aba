// SPDX-License-Identifier: MIT
#include "inventory/drv_name.hpp"
#include "oracle.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

// Every name was split by the real `builtins.parseDrvName` (Nix 2.8).
TEST(DrvName, AgreesWithNixOnEveryOracleName)
{
    auto rows = read_oracle("parse_drv_name.tsv");
    ASSERT_GE(rows.size(), 2000U);
    size_t mismatches = 0;
    for (const auto& row : rows) {
        ASSERT_EQ(row.size(), 3U);
        DrvName got = DrvName::parse(row[0]);
        if ((got.name != row[1] || got.version != row[2]) && ++mismatches <= 20)
            ADD_FAILURE() << "parseDrvName \"" << row[0] << "\": Nix says (" << row[1] << ", " << row[2]
                          << "), nixvet says (" << got.name << ", " << got.version << ")";
    }
    EXPECT_EQ(mismatches, 0U);
}

TEST(DrvName, SplitsAtTheFirstDashBeforeANonLetter)
{
    EXPECT_EQ(DrvName::parse("python3.11-requests-2.31.0"), (DrvName{"python3.11-requests", "2.31.0"}));
    EXPECT_EQ(DrvName::parse("perl5.38.2-DBI-1.643"), (DrvName{"perl5.38.2-DBI", "1.643"}));
    EXPECT_EQ(DrvName::parse("unstable-2023-01-01"), (DrvName{"unstable", "2023-01-01"}));
    EXPECT_EQ(DrvName::parse("foo-"), (DrvName{"foo-", ""}));
    EXPECT_EQ(DrvName::parse("source"), (DrvName{"source", ""}));
}

} // namespace

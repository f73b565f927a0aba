// SPDX-License-Identifier: MIT
#include "vulndb/database_trust.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

constexpr int64_t k_now = 1'796'000'000; // 2026-11-30T00:53:20Z
constexpr int64_t k_week = 7 * 86400;

std::vector<SourceStatus> sources(const std::string& nvd_as_of, uint64_t nvd_records = 10)
{
    return {{"nvd", nvd_records, k_now, k_now, nvd_as_of},
            {"cve5", 0, 0, 0, ""},
            {"osv", 0, 0, 0, ""},
            {"kev", 5, k_now, 0, "2020-01-01"},
            {"epss", 0, 0, 0, ""}};
}

TEST(DatabaseTrust, NoVulnerabilityDataIsRefusedWhateverTheFlags)
{
    auto kev_only = assess_database("db", sources("", 0), k_now, k_week, StaleDatabase::warn);
    EXPECT_FALSE(kev_only.has_vulnerability_data);
    EXPECT_NE(database_refusal(kev_only, StaleDatabase::warn).find("holds no vulnerability data"), std::string::npos);
}

TEST(DatabaseTrust, StalenessIsByTheDataOwnDates)
{
    // Imported now (updated = k_now), but the newest record is a month old.
    auto old = assess_database("db", sources("2026-10-30T00:00:00"), k_now, k_week, StaleDatabase::refuse);
    ASSERT_EQ(old.stale.size(), 1U);
    EXPECT_EQ(old.stale[0], "nvd data as of 2026-10-30 (31 days old; the limit is 7 days)");
    EXPECT_NE(database_refusal(old, StaleDatabase::refuse).find("is stale: nvd data as of 2026-10-30"),
              std::string::npos);
    EXPECT_EQ(old.warnings.size(), 1U) << "old KEV data is a warning: " << old.warnings[0];

    auto allowed = assess_database("db", sources("2026-10-30T00:00:00"), k_now, k_week, StaleDatabase::warn);
    EXPECT_EQ(database_refusal(allowed, StaleDatabase::warn), "");
    EXPECT_EQ(allowed.warnings.front(),
              "stale vulnerability data scanned anyway (--allow-stale-db): nvd data as of 2026-10-30 (31 days old; "
              "the limit is 7 days)");

    auto fresh = assess_database("db", sources("2026-11-29T20:00:00"), k_now, k_week, StaleDatabase::refuse);
    EXPECT_TRUE(fresh.stale.empty());
    EXPECT_EQ(database_refusal(fresh, StaleDatabase::refuse), "");
    EXPECT_EQ(fresh.age_days(fresh.sources[0]), 0);
    auto limit = assess_database("db", sources("2026-11-23T00:53:20"), k_now, k_week, StaleDatabase::refuse);
    EXPECT_TRUE(limit.stale.empty()) << "exactly 7 days old is within 7 days";
}

TEST(DatabaseTrust, RecordsWithoutDatesAreAsOldAsTheirImport)
{
    std::vector<SourceStatus> cve5_only{{"nvd", 0, 0, 0, ""}, {"cve5", 272, k_now - 30 * 86400, 0, ""}};
    auto r = assess_database("db", cve5_only, k_now, k_week, StaleDatabase::refuse);
    EXPECT_TRUE(r.has_vulnerability_data);
    ASSERT_EQ(r.stale.size(), 1U);
    EXPECT_EQ(r.stale[0], "cve5 data imported 30 days ago, its records carry no dates (the limit is 7 days)");
}

} // namespace

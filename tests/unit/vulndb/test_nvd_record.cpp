// SPDX-License-Identifier: MIT
#include "core/compressed_file.hpp"
#include "core/json_stream.hpp"
#include "vulndb/nvd_record.hpp"

#include <gtest/gtest.h>
#include <map>

using namespace nixvet;

namespace {

// Every record of the real NVD sample, by id.
const std::map<std::string, NvdCve>& real_records()
{
    static const std::map<std::string, NvdCve> records = [] {
        std::map<std::string, NvdCve> m;
        NvdRecordParser parser;
        std::string file = std::string(NIXVET_FIXTURES) + "/vulndb/nvd/nvdcve-2.0-all.json.gz";
        JsonArrayStream s("vulnerabilities", file, [&](std::string e, uint64_t) {
            Result<NvdCve> r = parser.parse(e);
            if (!r)
                throw Error("real record rejected: " + r.error());
            std::string id = r->id;
            m.emplace(id, std::move(*r));
        });
        s.feed(read_compressed_file(file));
        s.finish();
        return m;
    }();
    return records;
}

const NvdCve& record(const std::string& id)
{
    auto it = real_records().find(id);
    if (it == real_records().end())
        throw Error(id + " is not in the sample");
    return it->second;
}

TEST(NvdRecord, ReadsEveryRealRecord)
{
    EXPECT_EQ(real_records().size(), 2753U);
}

TEST(NvdRecord, IndexesOnlyVulnerableProductsOfAndConfigurations)
{
    // Internet Explorer running on Windows: the Windows CPEs are platform conditions.
    const NvdCve& c = record("CVE-2010-3962");
    ASSERT_EQ(c.products.size(), 1U);
    EXPECT_EQ(c.products[0].key.vendor, "microsoft");
    EXPECT_EQ(c.products[0].key.product, "internet_explorer");
    EXPECT_NE(c.configurations_json.find("\"operator\":\"AND\""), std::string::npos);
    EXPECT_NE(c.configurations_json.find("windows_xp"), std::string::npos) << "the raw structure is kept";
}

TEST(NvdRecord, KeepsEveryCvssVersion)
{
    const NvdCve& c = record("CVE-2025-4565");
    bool v40 = false;
    bool v31 = false;
    for (const auto& m : c.metrics) {
        v40 |= m.version == "4.0" && m.score > 0;
        v31 |= m.version == "3.1" && m.score > 0;
    }
    EXPECT_TRUE(v40);
    EXPECT_TRUE(v31);
    const NvdCve& old = record("CVE-1999-0019");
    ASSERT_FALSE(old.metrics.empty());
    EXPECT_EQ(old.metrics[0].version, "2.0");
    EXPECT_FALSE(old.metrics[0].severity.empty()) << "v2 severity sits beside cvssData";
}

TEST(NvdRecord, ReadsStatusTagsAndWeaknesses)
{
    const NvdCve& rejected = record("CVE-2020-0487");
    EXPECT_TRUE(rejected.rejected());
    EXPECT_EQ(rejected.configurations_json, "[]");
    const NvdCve& tagged = record("CVE-2016-15012");
    ASSERT_EQ(tagged.tags.size(), 1U);
    EXPECT_EQ(tagged.tags[0], "unsupported-when-assigned");
    const NvdCve& heartbleed = record("CVE-2023-0464");
    EXPECT_FALSE(heartbleed.cwes.empty());
    EXPECT_NE(heartbleed.references_json.find("\"url\""), std::string::npos);
    bool openssl = false;
    for (const auto& p : heartbleed.products)
        openssl |= p.key.vendor == "openssl" && p.key.product == "openssl";
    EXPECT_TRUE(openssl);
}

TEST(NvdRecord, GivesEachProductOnlyTheConfigurationsThatNameIt)
{
    // One OR node naming three products and a platform entry, plus an AND configuration.
    std::string json = R"({"cve": {"id": "CVE-2099-0001", "lastModified": "2024", "configurations": [
      {"nodes": [{"operator": "OR", "negate": false, "cpeMatch": [
        {"vulnerable": true, "criteria": "cpe:2.3:a:acme:alpha:*:*:*:*:*:*:*:*", "versionEndExcluding": "2.0"},
        {"vulnerable": true, "criteria": "cpe:2.3:a:acme:beta:1.0:*:*:*:*:*:*:*"},
        {"vulnerable": false, "criteria": "cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*"},
        {"vulnerable": true, "criteria": "cpe:2.3:a:acme:alpha:3.0:*:*:*:*:*:*:*"}]}]},
      {"operator": "AND", "nodes": [
        {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": true, "criteria": "cpe:2.3:a:acme:gamma:*:*:*:*:*:*:*:*"}]},
        {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": false, "criteria": "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"}]}]}]}})";
    NvdRecordParser parser;
    Result<NvdCve> r = parser.parse(json);
    ASSERT_TRUE(r) << r.error();
    ASSERT_EQ(r->products.size(), 3U);
    std::map<std::string, std::string> by_product;
    for (const auto& p : r->products)
        by_product[p.key.product] = p.json;
    EXPECT_EQ(by_product["alpha"],
              R"([{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":false,"criteria":)"
              R"("cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*"},{"vulnerable":true,"criteria":)"
              R"("cpe:2.3:a:acme:alpha:*:*:*:*:*:*:*:*","versionEndExcluding":"2.0"},{"vulnerable":true,)"
              R"("criteria":"cpe:2.3:a:acme:alpha:3.0:*:*:*:*:*:*:*"}]}]}])");
    EXPECT_EQ(by_product["beta"].find("alpha"), std::string::npos);
    EXPECT_NE(by_product["beta"].find("linux_kernel"), std::string::npos) << "platform entries stay";
    // The AND configuration is kept whole, Windows condition included.
    EXPECT_NE(by_product["gamma"].find("\"operator\":\"AND\""), std::string::npos);
    EXPECT_NE(by_product["gamma"].find("windows"), std::string::npos);
    EXPECT_EQ(by_product["gamma"].find("alpha"), std::string::npos);
    // The full structure is kept once.
    EXPECT_NE(r->configurations_json.find("beta"), std::string::npos);
}

TEST(NvdRecord, SaysWhatIsWrongWithABadRecord)
{
    NvdRecordParser parser;
    EXPECT_EQ(parser.parse(R"({"cve": {"vulnStatus": "Analyzed"}})").error(), "no cve.id");
    EXPECT_EQ(parser.parse(R"({"nope": 1})").error(), "no 'cve' object");
    EXPECT_NE(parser.parse(R"({"cve": {"id": "CVE-1-2", "configurations": {}}})").error().find("not a list"),
              std::string::npos);
    EXPECT_NE(parser.parse(R"({"cve": )").error().find("invalid JSON"), std::string::npos);
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/file.hpp"
#include "vulndb/importer.hpp"
#include "vulndb/record_readers.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <set>

using namespace nixvet;
namespace fs = std::filesystem;

namespace {

const std::string k_dir = std::string(NIXVET_FIXTURES) + "/vulndb";

TEST(Cve5Record, ReadsOpenSslsOwnRecords)
{
    RecordReader reader;
    Result<Cve5Record> r = reader.parse_cve5(read_file(k_dir + "/cve5/CVE-2014-0160.json"));
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(r->id, "CVE-2014-0160");
    EXPECT_EQ(r->state, "PUBLISHED");
    EXPECT_EQ(r->assigner, "openssl");
    ASSERT_EQ(r->products.size(), 1U);
    EXPECT_EQ(r->products[0].key.vendor, "openssl");
    EXPECT_EQ(r->products[0].key.product, "openssl");
    EXPECT_EQ(r->products[0].json, r->affected_json) << "its one affected entry names OpenSSL";
    EXPECT_NE(r->affected_json.find("\"lessThan\":\"1.0.1g\""), std::string::npos);
    int read = 0;
    for (const auto& e : fs::directory_iterator(k_dir + "/cve5")) {
        Result<Cve5Record> any = reader.parse_cve5(read_file(e.path()));
        EXPECT_TRUE(any) << e.path() << ": " << any.error();
        ++read;
    }
    EXPECT_EQ(read, 272);
}

TEST(Cve5Record, AMissingContainerFieldIsAFailureValueNotAnException)
{
    // Found by fuzz_advisory_records: no providerMetadata in the CNA container.
    RecordReader reader;
    Result<Cve5Record> r = reader.parse_cve5(R"({"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "CVE-2099-1",
        "state": "PUBLISHED"}, "containers": {"cna": {"affected": [], "metrics": [{"other": {"type": "x"}}]},
        "adp": [{"metrics": []}]}})");
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(r->assigner, "");
    std::string seed = read_file(std::string(NIXVET_FIXTURES) +
                                 "/../../fuzz/corpus/fuzz_advisory_records/regression-cve5-no-provider-metadata.json");
    EXPECT_NO_THROW((void)reader.parse_cve5(seed));
}

TEST(OsvRecord, ReadsEveryEcosystemSample)
{
    RecordReader reader;
    std::set<std::string> ecosystems;
    int withdrawn = 0;
    for (const auto& e : fs::recursive_directory_iterator(k_dir + "/osv")) {
        if (!e.is_regular_file())
            continue;
        Result<OsvRecord> r = reader.parse_osv(read_file(e.path()));
        ASSERT_TRUE(r) << e.path() << ": " << r.error();
        EXPECT_FALSE(r->modified.empty());
        for (const auto& [eco, name] : r->packages) {
            ecosystems.insert(eco);
            EXPECT_FALSE(name.empty());
        }
        withdrawn += !r->withdrawn.empty();
    }
    EXPECT_EQ(ecosystems, (std::set<std::string>{"Go", "Homebrew", "OSS-Fuzz", "PyPI", "crates.io"}));
    EXPECT_GE(withdrawn, 1);
    EXPECT_EQ(reader.parse_osv(R"({"id": "X-1"})").error(), "X-1: no 'modified' (required by the OSV schema)");
}

TEST(Kev, JsonAndCsvSayTheSame)
{
    auto json = parse_kev_json(read_file(k_dir + "/kev/known_exploited_vulnerabilities.json"), "kev.json");
    auto csv = parse_kev_csv(read_file(k_dir + "/kev/known_exploited_vulnerabilities.csv"), "kev.csv");
    ASSERT_EQ(json.size(), 1404U);
    ASSERT_EQ(csv.size(), json.size());
    for (size_t i = 0; i < json.size(); ++i) {
        EXPECT_EQ(json[i].cve_id, csv[i].cve_id);
        EXPECT_EQ(json[i].date_added, csv[i].date_added);
        EXPECT_EQ(json[i].ransomware, csv[i].ransomware);
        EXPECT_EQ(json[i].name, csv[i].name);
    }
    EXPECT_THROW(parse_kev_csv("cveID,vendorProject\nCVE-1,x\n", "k.csv"), ParseError);
}

TEST(Epss, ReadsScoresAndRejectsOtherCsv)
{
    auto scores = parse_epss_csv(read_file(k_dir + "/kev/vunnel-example-1.csv"), "e.csv");
    ASSERT_EQ(scores.size(), 5U);
    for (const auto& s : scores) {
        EXPECT_TRUE(s.cve_id.starts_with("CVE-"));
        EXPECT_GE(s.score, 0.0);
        EXPECT_LE(s.percentile, 1.0);
    }
    EXPECT_THROW(parse_epss_csv("cve,epss,percentile\nCVE-1,high,0.1\n", "e.csv"), ParseError);
    EXPECT_THROW(parse_epss_csv("a,b,c\n", "e.csv"), ParseError);
}

TEST(FeedKind, DetectsEachFormatFromItsContent)
{
    EXPECT_EQ(detect_feed_kind(R"({"resultsPerPage" : 1, "format" : "NVD_CVE", "vulnerabilities" : [)"), FeedKind::nvd);
    EXPECT_EQ(detect_feed_kind(R"({"CVE_data_type" : "CVE", "CVE_Items" : [)"), FeedKind::nvd_1_1);
    EXPECT_EQ(detect_feed_kind(read_file(k_dir + "/cve5/CVE-2014-0160.json")), FeedKind::cve5);
    EXPECT_EQ(detect_feed_kind(R"({"id": "GO-2020-0001", "modified": "2023", "affected": []})"), FeedKind::osv);
    EXPECT_EQ(detect_feed_kind(read_file(k_dir + "/kev/known_exploited_vulnerabilities.json").substr(0, 4096)),
              FeedKind::kev_json);
    EXPECT_EQ(detect_feed_kind("cveID,vendorProject,product\n"), FeedKind::kev_csv);
    EXPECT_EQ(detect_feed_kind("#model_version:v2023.03.01,score_date:2023\ncve,epss,percentile\n"), FeedKind::epss);
    EXPECT_EQ(detect_feed_kind("hello"), FeedKind::unknown);
}

} // namespace

// SPDX-License-Identifier: MIT
// Never a silent green: a scan, a check or a diff refuses a database without vulnerability data
// or with stale data (by the data's own dates), and every report records the database it used.
// The real fixtures are months to years old; "fresh" feeds are written here with today's dates.
#include "cli_runner.hpp"
#include "core/clock.hpp"
#include "support/scratch_dir.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace nixvet;
using namespace nixvet::test;
namespace fs = std::filesystem;

namespace {

const std::string k_fixtures = std::string(NIXVET_FIXTURES) + "/vulndb";

class TrustCli : public ::testing::Test
{
protected:
    ProcessOutput nixvet(std::vector<std::string> args)
    {
        args.insert(args.begin() + 1, {"--db", m_db});
        return run_nixvet(args, {"NO_COLOR=1"});
    }
    ProcessOutput import(const std::vector<std::string>& paths)
    {
        std::vector<std::string> args{"db", "--db", m_db, "import"};
        args.insert(args.end(), paths.begin(), paths.end());
        return run_nixvet(args);
    }
    std::string write(const std::string& name, const std::string& text)
    {
        std::string path = m_scratch.file(name);
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    // One record of each source, dated today.
    std::vector<std::string> fresh_feeds()
    {
        std::string today = format_utc(now_unix_seconds(), "%Y-%m-%d");
        std::string now = format_utc(now_unix_seconds(), "%Y-%m-%dT%H:%M:%S");
        return {
            write("nvd.json", R"({"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"CVE-2099-0001",)"
                              R"("sourceIdentifier":"x","published":")" +
                                  now + R"(.000","lastModified":")" + now +
                                  R"(.000","vulnStatus":"Analyzed","descriptions":[{"lang":"en","value":"fresh"}],)"
                                  R"("metrics":{},"references":[]}}]})"),
            write("CVE-2099-0002.json",
                  R"({"dataType":"CVE_RECORD","dataVersion":"5.1","cveMetadata":{"cveId":"CVE-2099-0002",)"
                  R"("state":"PUBLISHED","dateUpdated":")" +
                      now +
                      R"(.000Z"},"containers":{"cna":{"affected":[],"descriptions":[{"lang":"en","value":"x"}]}}})"),
            write("GO-2099-0001.json",
                  R"({"schema_version":"1.3.1","id":"GO-2099-0001","modified":")" + now + R"(Z","affected":[]})"),
            write("kev.json", R"({"title":"CISA Catalog","catalogVersion":"x","count":1,"vulnerabilities":[)"
                              R"({"cveID":"CVE-2099-0001","vendorProject":"x","product":"x","vulnerabilityName":"x",)"
                              R"("dateAdded":")" +
                                  today + R"(","dueDate":")" + today +
                                  R"(","knownRansomwareCampaignUse":"Unknown"}]})"),
            write("epss.csv", "#model_version:v2025.03.14,score_date:" + now +
                                  "Z\ncve,epss,percentile\n"
                                  "CVE-2099-0001,0.5,0.5\n"),
        };
    }

    ScratchDir m_scratch{"nixvet-trust"};
    std::string m_db = m_scratch.file("vulndb.sqlite");
};

TEST_F(TrustCli, ADatabaseWithoutVulnerabilityDataIsNoScan)
{
    // A failed first update leaves a file; KEV alone says which CVEs are exploited, not which
    // packages are vulnerable. "0 findings, exit 0" from either was the most dangerous answer.
    ASSERT_EQ(import({k_fixtures + "/kev/known_exploited_vulnerabilities.json"}).exit_code, 0);
    std::string policy = write("tm.toml", "[vulnerabilities]\nfail-on = \"high\"\n");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"scan", test_store("result-system"), "--fail-on", "low"},
             {"scan", test_store("result-system"), "--allow-stale-db"},
             {"check", "--policy", policy, test_store("result-system")},
             {"diff", test_store("result-system"), test_store("result-system-next")}}) {
        SCOPED_TRACE(args.front());
        ProcessOutput out = nixvet(args);
        EXPECT_EQ(out.exit_code, 2) << out.out;
        EXPECT_EQ(out.out, "");
        EXPECT_EQ(out.err, "nixvet: error: the vulnerability database " + m_db +
                               " holds no vulnerability data (NVD, CVE List V5 and OSV were never loaded): a scan "
                               "would find nothing whatever the closure holds; run 'nixvet db update' (or 'nixvet db "
                               "import FEEDS...' on an air-gapped machine)\n");
    }
    ProcessOutput status = nixvet({"db", "status"});
    EXPECT_EQ(status.exit_code, 1) << "sources never loaded";
    EXPECT_NE(status.out.find("warning: nvd was never loaded"), std::string::npos) << status.out;
}

TEST_F(TrustCli, StaleDataIsRefusedByItsOwnDatesNotByWhenItWasImported)
{
    // Imported a moment ago, the real records are months old: a six-month-old mirror is old.
    ASSERT_EQ(import({k_fixtures + "/nvd", k_fixtures + "/osv"}).exit_code, 0);
    ProcessOutput out = nixvet({"scan", test_store("result-system")});
    EXPECT_EQ(out.exit_code, 2) << out.out;
    EXPECT_EQ(out.out, "");
    EXPECT_TRUE(out.err.starts_with("nixvet: error: the vulnerability database " + m_db +
                                    " is stale: nvd data as of 2026-06-17 ("))
        << out.err;
    EXPECT_NE(out.err.find("osv data as of 2026-07-18 ("), std::string::npos) << out.err;
    EXPECT_NE(out.err.find("pass --allow-stale-db to scan with it anyway"), std::string::npos);

    // A limit the data is within: a scan with no warning.
    ProcessOutput wide = nixvet({"scan", test_store("result-system"), "--max-db-age", "5000d"});
    EXPECT_EQ(wide.exit_code, 0) << wide.err;
    EXPECT_EQ(wide.err, "");
    EXPECT_EQ(nixvet({"scan", test_store("result-system"), "--max-db-age", "soon"}).exit_code, 2);

    ProcessOutput status = nixvet({"db", "status", "--format", "json"});
    EXPECT_EQ(status.exit_code, 1);
    auto j = json_of(ProcessOutput{status.out, status.err, 0});
    bool nvd_stale = false;
    for (auto s : j->doc["database"]["sources"].get_array()) {
        if (std::string_view(s["source"]) == "nvd") {
            nvd_stale = bool(s["stale"]);
            EXPECT_EQ(std::string_view(s["data_as_of"]), "2026-06-17T07:43:17");
        }
    }
    EXPECT_TRUE(nvd_stale);
}

TEST_F(TrustCli, AllowedStaleDataIsSaidInEveryFormat)
{
    ASSERT_EQ(import({k_fixtures + "/nvd", k_fixtures + "/cve5"}).exit_code, 0);
    const std::string warning = "stale vulnerability data scanned anyway (--allow-stale-db): nvd data as of 2026-06-17";
    std::vector<std::string> base{"scan", test_store("result-system"), "--allow-stale-db"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        ProcessOutput out = nixvet(args);
        EXPECT_EQ(out.exit_code, 0) << out.err;
        EXPECT_NE(out.err.find("nixvet: warning: " + warning), std::string::npos) << out.err;
        return out;
    };
    ProcessOutput text = with({});
    EXPECT_NE(text.out.find("\ndatabase " + m_db + " (schema 6): nvd 2753 records, data as of 2026-06-17 ("),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("\nwarning: " + warning), std::string::npos) << text.out;

    auto json = json_of(with({"--format", "json"}));
    EXPECT_EQ(std::string_view(json->doc["database"]["path"]), m_db);
    EXPECT_TRUE(std::string_view(json->doc["database"]["warnings"].at(0)).starts_with(warning));

    auto sarif = json_of(with({"--format", "sarif"}));
    EXPECT_TRUE(
        std::string_view(sarif->doc["runs"].at(0)["properties"]["database"]["warnings"].at(0)).starts_with(warning));
    expect_valid("sarif-schema-2.1.0.json", sarif->run.out);

    auto cdx = json_of(with({"--format", "cyclonedx"}));
    bool said = false;
    for (auto p : cdx->doc["metadata"]["properties"].get_array())
        said |= std::string_view(p["name"]) == "nixvet:database:warning" &&
                std::string_view(p["value"]).starts_with(warning);
    EXPECT_TRUE(said) << cdx->run.out.substr(0, 2000);
    expect_valid("bom-1.6.schema.json", cdx->run.out);

    ProcessOutput html = with({"--format", "html"});
    EXPECT_NE(html.out.find("<strong class=\"warning\">warning: " + warning), std::string::npos);

    std::string policy = write("tm.toml", "[vulnerabilities]\nfail-on = \"critical\"\n");
    ProcessOutput check = nixvet({"check", "--policy", policy, test_store("result-system"), "--allow-stale-db"});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(check.out.find("\nwarning: " + warning), std::string::npos) << check.out;
    auto diff = json_of(nixvet({"diff", test_store("result-system"), test_store("result-system-next"),
                                "--allow-stale-db", "--format", "json"}));
    EXPECT_TRUE(std::string_view(diff->doc["database"]["warnings"].at(0)).starts_with(warning));
}

TEST_F(TrustCli, ARecordDatedInTheFutureDoesNotMakeOldDataFresh)
{
    std::string future =
        write("future.json", R"({"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"CVE-2099-0009",)"
                             R"("sourceIdentifier":"x","published":"2099-01-01T00:00:00.000","lastModified":)"
                             R"("2099-01-01T00:00:00.000","vulnStatus":"Analyzed","descriptions":[{"lang":"en",)"
                             R"("value":"from the future"}],"metrics":{},"references":[]}}]})");
    ASSERT_EQ(import({k_fixtures + "/nvd", future}).exit_code, 0);
    ProcessOutput out = nixvet({"scan", test_store("result-system")});
    EXPECT_EQ(out.exit_code, 2);
    EXPECT_NE(out.err.find("is stale: nvd data as of 2026-06-17"), std::string::npos) << out.err;
}

TEST_F(TrustCli, FreshDataScansWithoutAWordAndStatusPasses)
{
    ASSERT_EQ(import(fresh_feeds()).exit_code, 0);
    ProcessOutput scan = nixvet({"scan", test_store("result-system")});
    EXPECT_EQ(scan.exit_code, 0) << scan.err;
    EXPECT_EQ(scan.err, "");
    EXPECT_EQ(scan.out.find("warning"), std::string::npos) << scan.out;
    ProcessOutput status = nixvet({"db", "status"});
    EXPECT_EQ(status.exit_code, 0) << status.out;
    EXPECT_NE(status.out.find(" (0 days old)"), std::string::npos) << status.out;
}

} // namespace

// SPDX-License-Identifier: MIT
// The conventions Grype, Trivy and vulnix users already type: several reports from one run (-o),
// one word for --format everywhere, filters, exit codes, errors that say what was meant.
#include "cli_runner.hpp"
#include "support/scratch_dir.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace nixvet;
using namespace nixvet::test;
namespace fs = std::filesystem;

namespace {

const std::string k_fixtures = std::string(NIXVET_FIXTURES) + "/vulndb";

class Conventions : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_db = (fs::temp_directory_path() / ("nixvet-conventions-" + std::to_string(::getpid()) + ".sqlite")).string();
        ProcessOutput out = run_nixvet({"db", "--db", s_db, "import", k_fixtures});
        ASSERT_EQ(out.exit_code, 0) << out.err;
    }
    static void TearDownTestSuite()
    {
        for (const char* suffix : {"", "-wal", "-shm", ".checked"})
            fs::remove(s_db + suffix);
    }
    // A scan of the fixtures' (old) data, saying so only once: -q keeps the warnings back.
    static ProcessOutput scan(std::vector<std::string> args, std::vector<std::string> env = {"NO_COLOR=1"})
    {
        args.insert(args.begin(), {"scan", "--db", s_db, "--allow-stale-db", "-q"});
        return run_nixvet(args, env);
    }
    static std::string read_text(const std::string& path)
    {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    static std::vector<std::string> severities(const JsonOutput& j)
    {
        std::vector<std::string> out;
        for (auto f : j.doc["findings"].get_array())
            out.emplace_back(std::string_view(f["severity"]));
        return out;
    }

    static std::string s_db;
    ScratchDir m_scratch{"nixvet-conventions"};
};
std::string Conventions::s_db;

TEST_F(Conventions, SeveralReportsFromOneRunEachWrittenWhole)
{
    std::string sarif = m_scratch.file("scan.sarif");
    std::string json = m_scratch.file("report");
    std::string cdx = m_scratch.file("bom.cdx.json");
    std::string html = m_scratch.file("scan.html");
    std::string text = m_scratch.file("scan.txt");
    ProcessOutput out = scan({test_store("result-system"), "-o", "sarif=" + sarif, "-o", "json=" + json, "--output",
                              cdx, "-o", html, "-o", text});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_NE(out.out.find("findings in"), std::string::npos) << "the table still on stdout";
    expect_valid("sarif-schema-2.1.0.json", read_text(sarif));
    expect_valid("bom-1.6.schema.json", read_text(cdx));
    EXPECT_EQ(read_text(json), scan({test_store("result-system"), "--format", "json"}).out)
        << "the same report as --format json";
    EXPECT_EQ(read_text(text), out.out) << "the same table as on stdout";
    EXPECT_NE(read_text(html).find("<!DOCTYPE html>"), std::string::npos);
    for (const auto& e : fs::directory_iterator(m_scratch.path()))
        EXPECT_FALSE(e.path().filename().string().starts_with(".")) << "a temporary file was left: " << e.path();

    // A file that cannot be written: exit 2, and the other files are not half-written either.
    ProcessOutput bad = scan({test_store("result-system"), "-o", "json=/nonexistent/dir/x.json"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("cannot write /nonexistent/dir/x.json"), std::string::npos) << bad.err;
    ProcessOutput unknown = scan({test_store("result-system"), "-o", m_scratch.file("scan.yaml")});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("cannot tell the format from the name; write FORMAT=FILE"), std::string::npos);

    std::string policy = m_scratch.file("tm.toml");
    std::ofstream(policy) << "[vulnerabilities]\nfail-on = \"critical\"\n";
    std::string check_json = m_scratch.file("check.json");
    ProcessOutput check = run_nixvet({"check", "--db", s_db, "--allow-stale-db", "-q", "--policy", policy,
                                      test_store("result-system"), "-o", check_json});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(read_text(check_json).find("\"schema\": \"nixvet.check/1\""), std::string::npos);
}

TEST_F(Conventions, FormatIsOneWordEverywhereInAnyCase)
{
    std::string text = scan({test_store("result-system")}).out;
    EXPECT_EQ(scan({test_store("result-system"), "--format", "TABLE"}).out, text) << "table is text";
    EXPECT_EQ(scan({test_store("result-system"), "-f", "Text"}).out, text);
    EXPECT_EQ(scan({test_store("result-system"), "-f", "JSON"}).out,
              scan({test_store("result-system"), "--format", "json"}).out);
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"inventory", test_store("hello.drv"), "-f", "text"},
                                               {"provenance", test_store("hello.drv"), "--format", "text"},
                                               {"why", "hello", test_store("result-hello"), "-f", "TEXT"},
                                               {"db", "--db", s_db, "show", "CVE-2023-0464", "-f", "text"}}) {
        SCOPED_TRACE(args.front());
        EXPECT_EQ(run_nixvet(args).exit_code, 0) << run_nixvet(args).err;
    }
    ProcessOutput bad = scan({test_store("result-system"), "--format", "yaml"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "nixvet: error: --format: 'yaml' is not one of text, json, sarif, cyclonedx, openvex, html (run "
                       "'nixvet scan --help')\n");
}

TEST_F(Conventions, FiltersAndOrder)
{
    auto all = json_of(scan({test_store("result-system"), "--format", "json"}));
    auto high = json_of(scan({test_store("result-system"), "--format", "json", "--severity", "HIGH,critical"}));
    std::vector<std::string> sev = severities(*high);
    ASSERT_FALSE(sev.empty());
    for (const auto& s : sev)
        EXPECT_TRUE(s == "high" || s == "critical") << s;
    EXPECT_LT(sev.size(), severities(*all).size());

    // As many as the full report holds of each kind (the filters' rules: tests/unit/match/test_scan_filter.cpp).
    size_t with_fix = 0;
    size_t in_kev = 0;
    for (auto f : all->doc["findings"].get_array()) {
        with_fix += f["fixed_version"].is_null() ? 0 : 1;
        in_kev += bool(f["known_exploited"]) ? 1 : 0;
    }
    auto fixed = json_of(scan({test_store("result-system"), "--format", "json", "--only-fixed"}));
    EXPECT_EQ(fixed->doc["findings"].get_array().size(), with_fix);
    auto kev = json_of(scan({test_store("result-system"), "--format", "json", "--kev-only"}));
    EXPECT_EQ(kev->doc["findings"].get_array().size(), in_kev);

    auto sorted = json_of(scan({test_store("result-system"), "--format", "json", "--sort-by", "severity"}));
    const std::vector<std::string> rank{"unknown", "low", "medium", "high", "critical"};
    std::vector<std::string> order = severities(*sorted);
    for (size_t i = 1; i < order.size(); ++i) {
        auto at = [&](const std::string& s) { return std::find(rank.begin(), rank.end(), s) - rank.begin(); };
        EXPECT_GE(at(order[i - 1]), at(order[i])) << "highest first, at " << i;
    }
    EXPECT_EQ(order.size(), severities(*all).size()) << "sorting keeps every finding";
    EXPECT_EQ(scan({test_store("result-system"), "--severity", "severe"}).exit_code, 2);
}

TEST_F(Conventions, ExitCodes)
{
    EXPECT_EQ(scan({test_store("result-system"), "--fail-on", "critical"}).exit_code, 0) << "no critical finding";
    EXPECT_EQ(scan({test_store("result-system"), "--fail-on", "high"}).exit_code, 1);
    EXPECT_EQ(scan({test_store("result-system"), "--fail-on", "unknown"}).exit_code, 1) << "any finding";
    EXPECT_EQ(scan({test_store("result-system"), "--fail-on", "high", "--exit-code", "7"}).exit_code, 7)
        << "Trivy's --exit-code";
    EXPECT_EQ(scan({test_store("result-orphan-lib"), "--fail-on", "unknown"}).exit_code, 0) << "nothing found";

    // vulnix's codes, for monitoring checks: 0 none, 1 all whitelisted, 2 found, 3 error. The
    // whitelist of every finding is the one scan --write-whitelist writes.
    std::string all = m_scratch.file("all.toml");
    ASSERT_EQ(scan({test_store("result-hello"), "--write-whitelist", all}).exit_code, 0);
    EXPECT_EQ(scan({test_store("result-orphan-lib"), "--vulnix-exit-codes"}).exit_code, 0);
    // --whitelist takes one value: the target after it is a target (it was taken as a second whitelist).
    EXPECT_EQ(scan({"--vulnix-exit-codes", "--whitelist", all, test_store("result-hello")}).exit_code, 1);
    EXPECT_EQ(scan({test_store("result-hello"), "--vulnix-exit-codes"}).exit_code, 2);
    EXPECT_EQ(scan({"/nonexistent", "--vulnix-exit-codes"}).exit_code, 3);
    EXPECT_EQ(scan({"/nonexistent"}).exit_code, 2);
    EXPECT_NE(run_nixvet({"--help"}).out.find("Exit codes: 0 success"), std::string::npos);
}

TEST_F(Conventions, WhitelistsAndOpenVexWrittenFromAScanAreReadBack)
{
    std::string wl = m_scratch.file("wl.toml");
    auto before = json_of(scan({test_store("result-system"), "--format", "json", "--write-whitelist", wl}));
    std::string toml = read_text(wl);
    EXPECT_NE(toml.find("[\"curl-8.4.0\"]\ncve = [\"CVE-2024-7264\"]"), std::string::npos) << toml;
    auto after = json_of(scan({test_store("result-system"), "--format", "json", "--whitelist", wl}));
    size_t counted = 0;
    for (auto f : after->doc["findings"].get_array())
        counted += f["suppressed"].is_null() ? 1 : 0;
    EXPECT_EQ(counted, 0U) << "every finding is whitelisted by the file it was written to";
    EXPECT_EQ(after->doc["findings"].get_array().size(), before->doc["findings"].get_array().size());

    std::string vex = m_scratch.file("scan.openvex.json");
    ASSERT_EQ(scan({test_store("result-system"), "-o", vex}).exit_code, 0);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    std::string text = read_text(vex);
    ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
    EXPECT_EQ(std::string_view(doc["@context"]), "https://openvex.dev/ns/v0.2.0");
    size_t affected = 0;
    size_t fixed = 0;
    for (auto st : doc["statements"].get_array()) {
        std::string_view status = st["status"];
        EXPECT_TRUE(status == "affected" || status == "fixed" || status == "not_affected") << status;
        if (status == "affected") {
            ++affected;
            EXPECT_FALSE(std::string_view(st["action_statement"]).empty()) << "OpenVEX requires it for affected";
        }
        fixed += status == "fixed" ? 1 : 0;
        EXPECT_TRUE(std::string_view(st["products"].at(0)["@id"]).starts_with("/nix/store/"));
    }
    EXPECT_EQ(affected + fixed, before->doc["findings"].get_array().size());
    EXPECT_EQ(fixed, uint64_t(before->doc["counts"]["suppressed"])) << "the patched findings";
    // Read back as VEX: the affected statements note the findings, the fixed ones keep them suppressed.
    auto round = json_of(scan({test_store("result-system"), "--format", "json", "--vex", vex}));
    size_t noted = 0;
    for (auto f : round->doc["findings"].get_array())
        noted += f["vex"].is_null() ? 0 : 1;
    EXPECT_EQ(noted, affected);
    EXPECT_EQ(uint64_t(round->doc["counts"]["suppressed"]), uint64_t(before->doc["counts"]["suppressed"]));
}

TEST_F(Conventions, CheckAndScanSpeakSarifAnchoredInTheRepository)
{
    std::string policy = m_scratch.file("tm.toml");
    std::ofstream(policy) << "[vulnerabilities]\nfail-on = \"high\"\nwarn-on = \"medium\"\n"
                             "[accept.\"CVE-2025-15467\"]\nuntil = 2099-01-01\nreason = \"not reachable\"\n";
    std::vector<std::string> base{"check", "--db",     s_db,   "--allow-stale-db",
                                  "-q",    "--policy", policy, test_store("result-system")};
    auto json = json_of([&] {
        auto args = base;
        args.insert(args.end(), {"-f", "json"});
        ProcessOutput out = run_nixvet(args);
        out.exit_code = out.exit_code == 1 ? 0 : out.exit_code; // FAIL is the verdict, not an error
        return out;
    }());
    auto args = base;
    args.insert(args.end(), {"-f", "sarif", "--sarif-anchor", "flake.lock"});
    ProcessOutput sarif = run_nixvet(args);
    EXPECT_EQ(sarif.exit_code, 1) << "the verdict decides the exit code in every format: " << sarif.err;
    expect_valid("sarif-schema-2.1.0.json", sarif.out);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(sarif.out).get(doc), simdjson::SUCCESS);
    size_t errors = 0;
    size_t warnings = 0;
    size_t accepted = 0;
    for (auto r : doc["runs"].at(0)["results"].get_array()) {
        std::string_view level = r["level"];
        errors += level == "error" ? 1 : 0;
        warnings += level == "warning" ? 1 : 0;
        if (level == "note") {
            ++accepted;
            EXPECT_EQ(std::string_view(r["suppressions"].at(0)["status"]), "accepted");
        }
        EXPECT_EQ(std::string_view(r["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"]), "flake.lock");
        EXPECT_TRUE(std::string_view(r["locations"].at(0)["logicalLocations"].at(0)["fullyQualifiedName"])
                        .starts_with("/nix/store/"));
        EXPECT_NE(std::string_view(r["message"]["text"]).find("decided by "), std::string_view::npos);
    }
    EXPECT_EQ(errors, json->doc["failures"].get_array().size());
    EXPECT_EQ(warnings, json->doc["warnings"].get_array().size());
    EXPECT_EQ(accepted, json->doc["accepted"].get_array().size());
    EXPECT_GT(errors * warnings * accepted, 0U) << "each kind is present";

    args = base;
    args.insert(args.end(), {"-f", "html"});
    ProcessOutput html = run_nixvet(args);
    EXPECT_NE(html.out.find("<strong>FAIL</strong> against"), std::string::npos);
    EXPECT_NE(html.out.find("not reachable"), std::string::npos) << "the acceptance's reason";
    EXPECT_EQ(html.out.find("<script"), std::string::npos);

    auto scan_sarif = scan({test_store("result-system"), "-f", "sarif", "--sarif-anchor", "flake.lock"});
    expect_valid("sarif-schema-2.1.0.json", scan_sarif.out);
    EXPECT_NE(scan_sarif.out.find("\"uri\": \"flake.lock\""), std::string::npos);
}

TEST(GoldenFiles, TheInterchangeGoldensFollowTheirOfficialSchemas)
{
    // The report unit tests compare output with these files; here the files meet the standards.
    const std::string golden = std::string(NIXVET_FIXTURES) + "/golden/";
    auto read = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    expect_valid("sarif-schema-2.1.0.json", read(golden + "scan.sarif"));
    expect_valid("bom-1.6.schema.json", read(golden + "scan.cdx.json"));
    expect_valid("spdx-2.3.schema.json", read(golden + "inventory.spdx.json"));
}

TEST_F(Conventions, ErrorsSayWhatWasMeant)
{
    ProcessOutput typo = run_nixvet({"scna", test_store("result-system")});
    EXPECT_EQ(typo.exit_code, 2);
    EXPECT_EQ(typo.err, "nixvet: error: unknown subcommand 'scna' (did you mean 'scan'?) (run 'nixvet --help')\n");
    EXPECT_EQ(run_nixvet({"db", "--db", s_db, "statsu"}).err,
              "nixvet: error: unknown subcommand 'statsu' (did you mean 'status'?) (run 'nixvet db --help')\n");
    EXPECT_EQ(scan({test_store("result-system"), "--fial-on", "high"}).err,
              "nixvet: error: unknown option '--fial-on' (did you mean '--fail-on'?) (run 'nixvet scan --help')\n");
    EXPECT_EQ(run_nixvet({}).err, "nixvet: error: name a subcommand: inventory, provenance, why, diff, scan, check, "
                                  "db (run 'nixvet --help')\n");
}

TEST_F(Conventions, ColourQuietAndVerbose)
{
    std::string esc = "\x1b[";
    EXPECT_NE(scan({test_store("result-system"), "--color", "always"}).out.find(esc), std::string::npos);
    EXPECT_EQ(scan({test_store("result-system"), "--color", "never"}, {}).out.find(esc), std::string::npos);
    EXPECT_EQ(scan({test_store("result-system")}, {"TERM=dumb"}).out.find(esc), std::string::npos);
    ProcessOutput loud = run_nixvet({"scan", "--db", s_db, "--allow-stale-db", test_store("result-system")});
    EXPECT_NE(loud.err.find("nixvet: warning: stale vulnerability data"), std::string::npos);
    EXPECT_EQ(scan({test_store("result-system")}).err, "") << "-q: no warnings";
    ProcessOutput verbose = run_nixvet({"scan", "-v", "--db", s_db, "--allow-stale-db", test_store("result-system")});
    EXPECT_NE(verbose.err.find("nixvet: note: database " + s_db + " (schema 6): nvd 2753 records"), std::string::npos)
        << verbose.err;
}

} // namespace

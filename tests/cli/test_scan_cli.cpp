// SPDX-License-Identifier: MIT
// `nixvet scan` on the real test store with a database of the real fixture records.
#include "cli_runner.hpp"
#include "core/sqlite.hpp"
#include "support/scratch_dir.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <unistd.h>

using namespace nixvet;
using namespace nixvet::test;
namespace fs = std::filesystem;

namespace {

const std::string k_fixtures = std::string(NIXVET_FIXTURES) + "/vulndb";

class ScanCli : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_db = (fs::temp_directory_path() / ("nixvet-scan-" + std::to_string(::getpid()) + ".sqlite")).string();
        ProcessOutput out = run_nixvet({"db", "--db", s_db, "import", k_fixtures + "/nvd", k_fixtures + "/cve5",
                                        k_fixtures + "/osv", k_fixtures + "/kev/known_exploited_vulnerabilities.json"});
        ASSERT_EQ(out.exit_code, 0) << out.err;
    }
    static void TearDownTestSuite()
    {
        for (const char* suffix : {"", "-wal", "-shm"})
            fs::remove(s_db + suffix);
    }
    static ProcessOutput scan(std::vector<std::string> args)
    {
        // The fixtures are real records, months or years old: every scan of them says so.
        args.insert(args.begin(), {"scan", "--db", s_db, "--allow-stale-db"});
        return run_nixvet(args, {"NO_COLOR=1"});
    }
    static std::string s_db;
};
std::string ScanCli::s_db;

TEST_F(ScanCli, ReportsFindingsGroupedByPackageWithTheirReasons)
{
    ProcessOutput out = scan({test_store("result-system")});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_NE(out.out.find("\nopenssl 3.0.12"), std::string::npos) << out.out;
    EXPECT_NE(out.out.find("CVE-2024-7264"), std::string::npos) << "curl 8.4.0";
    EXPECT_NE(out.out.find("openssl's own CVE record"), std::string::npos);
    // The demo's openssl carries CVE-2023-5678.patch: suppressed, hidden, counted.
    EXPECT_EQ(out.out.find("CVE-2023-5678"), std::string::npos);
    EXPECT_NE(out.out.find("2 suppressed (--show-suppressed)"), std::string::npos) << out.out;
    EXPECT_EQ(out.out.find("\x1b["), std::string::npos);

    ProcessOutput shown = scan({test_store("result-system"), "--show-suppressed"});
    EXPECT_NE(shown.out.find("CVE-2023-5678"), std::string::npos);
    EXPECT_NE(shown.out.find("suppressed: patched: CVE-2023-5678.patch"), std::string::npos) << shown.out;
    // A patch under a neutral name whose text names the CVE it fixes.
    EXPECT_NE(shown.out.find("CVE-2024-0727"), std::string::npos);
    EXPECT_NE(shown.out.find("suppressed: patched: pkcs12-null-deref.patch names CVE-2024-0727 in its text"),
              std::string::npos)
        << shown.out;
}

TEST_F(ScanCli, JsonCountsAgreeWithItsFindings)
{
    ProcessOutput out = scan({test_store("result-system"), "--format", "json"});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(out.out).get(doc), simdjson::SUCCESS);
    EXPECT_EQ(std::string_view(doc["schema"]), "nixvet.scan/1");
    uint64_t active = 0;
    uint64_t suppressed = 0;
    std::set<std::string> ids;
    for (auto f : doc["findings"].get_array()) {
        f["suppressed"].is_null() ? ++active : ++suppressed;
        EXPECT_TRUE(ids.insert(std::string(std::string_view(f["id"]))).second) << "ids are unique";
        EXPECT_FALSE(std::string_view(f["evidence"]).empty());
        EXPECT_FALSE(std::string_view(f["identity"]["evidence"]).empty());
        // Nothing from jenkins:requests for the Python requests package.
        EXPECT_NE(std::string_view(f["identity"]["vendor"]), "jenkins");
    }
    simdjson::dom::element counts = doc["counts"];
    uint64_t counted = uint64_t(counts["critical"]) + uint64_t(counts["high"]) + uint64_t(counts["medium"]) +
                       uint64_t(counts["low"]) + uint64_t(counts["unknown"]);
    EXPECT_EQ(counted, active);
    EXPECT_EQ(uint64_t(counts["suppressed"]), suppressed);
    EXPECT_GE(active, 2U);
    // Each finding says what pulls its package in: a chain of real references from the target.
    std::string root = fs::canonical(test_store("result-system")).string();
    for (auto f : doc["findings"].get_array()) {
        std::vector<std::string> via;
        for (auto v : f["via"].get_array())
            via.emplace_back(std::string_view(v));
        ASSERT_GE(via.size(), 2U) << std::string_view(f["id"]);
        EXPECT_EQ(via.front(), root);
        for (size_t i = 0; i + 1 < via.size(); ++i)
            EXPECT_TRUE(lines_of(run_nix({"nix-store", "--query", "--references", via[i]})).count(via[i + 1]))
                << via[i] << " -> " << via[i + 1];
    }
}

TEST_F(ScanCli, FailOnGatesOnUnsuppressedSeverity)
{
    EXPECT_EQ(scan({test_store("result-system"), "--fail-on", "high"}).exit_code, 1);
    EXPECT_EQ(scan({test_store("result-system"), "--fail-on", "critical"}).exit_code, 0);
    EXPECT_EQ(scan({test_store("result-system"), "--fail-on", "bogus"}).exit_code, 2);
    // A package with no known advisory passes any gate.
    EXPECT_EQ(scan({test_store("result-orphan-lib"), "--fail-on", "low"}).exit_code, 0);
}

TEST_F(ScanCli, WithoutADatabaseSaysHowToGetOne)
{
    ProcessOutput out = run_nixvet({"scan", test_store("result-system"), "--db", "/nonexistent/vulndb.sqlite"});
    EXPECT_EQ(out.exit_code, 2);
    EXPECT_NE(out.err.find("nixvet db update"), std::string::npos) << out.err;
}

const std::string k_sboms = std::string(NIXVET_FIXTURES) + "/sbom";

TEST_F(ScanCli, VexStatementsSuppressOrAnnotate)
{
    std::string file = (fs::temp_directory_path() / ("nixvet-vex-" + std::to_string(::getpid()) + ".json")).string();
    std::ofstream(file) << R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
        {"vulnerability": {"name": "CVE-2024-7264"}, "products": [{"@id": "pkg:nix/curl@8.4.0"}],
         "status": "not_affected", "justification": "vulnerable_code_not_present"},
        {"vulnerability": {"name": "CVE-2024-2511"}, "status": "under_investigation"}]})";
    ProcessOutput out = scan({test_store("result-system"), "--vex", file, "--show-suppressed"});
    fs::remove(file);
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_NE(out.out.find("suppressed: VEX not_affected (" + file + "): vulnerable_code_not_present"),
              std::string::npos)
        << out.out;
    EXPECT_NE(out.out.find("VEX under_investigation (" + file + ")"), std::string::npos);
}

TEST_F(ScanCli, AVulnixWhitelistSuppressesWithItsReason)
{
    std::string file = (fs::temp_directory_path() / ("nixvet-wl-" + std::to_string(::getpid()) + ".toml")).string();
    std::ofstream(file) << "[\"curl-8.4.0\"]\ncve = [\"CVE-2024-7264\"]\ncomment = \"libcurl's ftp code is unused\"\n"
                           "issue_url = \"https://example.invalid/1\"\n\n[\"openssl\"]\nuntil = \"2001-01-01\"\n";
    ProcessOutput out = scan({test_store("result-system"), "--whitelist", file, "--show-suppressed"});
    fs::remove(file);
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_NE(out.out.find("suppressed: whitelisted by [curl-8.4.0] in " + file +
                           ": libcurl's ftp code is unused (https://example.invalid/1)"),
              std::string::npos)
        << out.out;
    // The expired openssl rule suppresses nothing, and the report says it expired.
    EXPECT_NE(out.out.find("note: whitelist rule no longer applies: " + file + ": [openssl] expired on 2001-01-01"),
              std::string::npos);
    EXPECT_EQ(out.out.find("suppressed: whitelisted by [openssl]"), std::string::npos);
    EXPECT_EQ(scan({test_store("result-system"), "--whitelist", "/nonexistent.toml"}).exit_code, 2);
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& text)
{
    simdjson::dom::element doc;
    EXPECT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text.substr(0, 500);
    return doc;
}

TEST_F(ScanCli, ScansTheRealSbomnixSbomOfANixosSystem)
{
    ProcessOutput inv = run_nixvet({"inventory", k_sboms + "/nixos-23.11-sbomnix.cdx.json", "--format", "json"});
    ASSERT_EQ(inv.exit_code, 0) << inv.err;
    simdjson::dom::parser p1;
    auto doc = parse(p1, inv.out);
    EXPECT_EQ(uint64_t(doc["counts"]["packages"]), 628U) << "627 components and the system itself";
    EXPECT_EQ(std::string_view(doc["targets"].at(0)["kind"]), "sbom");

    ProcessOutput out = scan({k_sboms + "/nixos-23.11-sbomnix.cdx.json", "--format", "json"});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    simdjson::dom::parser p2;
    auto scan_doc = parse(p2, out.out);
    std::set<std::string> openssl_drvs;
    bool curl = false;
    bool kernel = false;
    for (auto f : scan_doc["findings"].get_array()) {
        std::string_view pname = f["package"]["pname"];
        std::string_view advisory = f["advisory"];
        if (pname == "openssl" && advisory == "CVE-2024-0727")
            openssl_drvs.insert(std::string(std::string_view(f["package"]["drv_path"])));
        curl |= pname == "curl" && advisory == "CVE-2024-7264" &&
                std::string_view(f["package"]["drv_path"]).ends_with("-curl-8.4.0.drv");
        kernel |= pname == "linux" && std::string_view(f["source"]) == "nvd";
    }
    EXPECT_EQ(openssl_drvs.size(), 2U) << "the system holds two openssl-3.0.12 derivations";
    EXPECT_TRUE(curl);
    EXPECT_TRUE(kernel);
}

TEST_F(ScanCli, ReadsSpdxAndCycloneDx15WithTheirIdentities)
{
    ProcessOutput out = scan({k_sboms + "/small.spdx.json", "--format", "json"});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    simdjson::dom::parser parser;
    auto doc = parse(parser, out.out);
    std::map<std::string, std::set<std::string>> rungs;
    for (auto f : doc["findings"].get_array())
        rungs[std::string(std::string_view(f["package"]["pname"]))].insert(
            std::string(std::string_view(f["identity"]["rung"])));
    EXPECT_EQ(rungs["vendored-http-client"], std::set<std::string>{"cpe"}) << "known only by its SPDX CPE";
    EXPECT_EQ(rungs["python3.11-trac"], std::set<std::string>{"ecosystem"}) << "its pkg:pypi purl";
    EXPECT_EQ(rungs["openssl"], std::set<std::string>{"curated"});

    ProcessOutput hello = run_nixvet({"inventory", k_sboms + "/genealogos-hello.cdx.json"});
    ASSERT_EQ(hello.exit_code, 0) << hello.err;
    EXPECT_NE(hello.out.find("(CycloneDX 1.5 SBOM)"), std::string::npos) << hello.out;
    EXPECT_NE(hello.out.find("\nhello "), std::string::npos);

    // A store target and an SBOM together: one report.
    ProcessOutput both = scan({test_store("result-orphan-lib"), k_sboms + "/small.spdx.json"});
    ASSERT_EQ(both.exit_code, 0) << both.err;
    EXPECT_NE(both.out.find("target " + test_store("result-orphan-lib")), std::string::npos);
    EXPECT_NE(both.out.find("(SPDX-2.3 SBOM)"), std::string::npos);
}

TEST_F(ScanCli, ABrokenSbomIsOneErrorLine)
{
    std::string cut = (fs::temp_directory_path() / ("nixvet-cut-" + std::to_string(::getpid()) + ".cdx.json")).string();
    {
        std::ifstream in(k_sboms + "/genealogos-hello.cdx.json");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream(cut) << text.substr(0, 3000);
    }
    ProcessOutput out = scan({cut});
    fs::remove(cut);
    EXPECT_EQ(out.exit_code, 2);
    EXPECT_NE(out.err.find(cut + ":"), std::string::npos) << out.err;
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1);
}

} // namespace

namespace {

TEST_F(ScanCli, ReportsNixpkgsKnownVulnerabilitiesFromMeta)
{
    // meta.json is what the real `nix-env -qa --json --meta --out-path` printed for the test
    // packages; libxml2's meta names CVE-2022-40303 and an end of life without a CVE.
    ProcessOutput without = scan({test_store("result-system")});
    ASSERT_EQ(without.exit_code, 0) << without.err;
    EXPECT_EQ(without.out.find("NIXPKGS-"), std::string::npos);

    ProcessOutput out = scan({test_store("result-system"), "--meta", test_store("meta.json")});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_NE(out.out.find("CVE-2022-40303    [meta; nixpkgs meta.knownVulnerabilities]"), std::string::npos)
        << out.out;
    EXPECT_NE(out.out.find("NIXPKGS-"), std::string::npos);
    EXPECT_NE(out.out.find("describes 16 of the 16 packages"), std::string::npos) << out.out;

    ProcessOutput json = scan({test_store("result-system"), "--meta", test_store("meta.json"), "--format", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json.out).get(doc), simdjson::SUCCESS);
    int meta_findings = 0;
    for (auto f : doc["findings"].get_array()) {
        if (std::string_view(f["identity"]["rung"]) != "meta")
            continue;
        ++meta_findings;
        EXPECT_EQ(std::string_view(f["package"]["pname"]), "libxml2");
        EXPECT_EQ(std::string_view(f["source"]), "nixpkgs");
        // The fixture databases know nothing of CVE-2022-40303: nixpkgs' text describes it.
        EXPECT_FALSE(std::string_view(f["description"]).empty());
    }
    EXPECT_EQ(meta_findings, 2);

    ProcessOutput bad =
        scan({test_store("result-system"), "--meta", k_fixtures + "/kev/known_exploited_vulnerabilities.csv"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("known_exploited_vulnerabilities.csv"), std::string::npos) << bad.err;
}

} // namespace

namespace {

TEST_F(ScanCli, AReportThatCannotBeWrittenIsAnError)
{
    // /dev/full refuses every write: the report is lost, and the exit code says so.
    for (const char* format : {"table", "json"}) {
        ProcessOutput out =
            run_process({"/bin/sh", "-c",
                         std::string(NIXVET_BINARY) + " scan --no-drv-cache --allow-stale-db --db " + s_db +
                             " --format " + format + " " + test_store("result-system") + " > /dev/full"});
        EXPECT_EQ(out.exit_code, 2) << format << ": " << out.err;
        EXPECT_NE(out.err.find("cannot write the report"), std::string::npos) << out.err;
    }
}

TEST_F(ScanCli, CheckGivesOnePassOrFailAgainstAThreatModel)
{
    std::string policy =
        (fs::temp_directory_path() / ("nixvet-policy-" + std::to_string(::getpid()) + ".toml")).string();
    auto check = [&](const std::string& toml, std::vector<std::string> extra = {}) {
        std::ofstream(policy) << toml;
        std::vector<std::string> args{
            "check", "--db", s_db, "--allow-stale-db", "--policy", policy, test_store("result-system")};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_nixvet(args, {"NO_COLOR=1"});
    };
    // The demo's openssl has high findings; vault-bin is an inferred binary.
    ProcessOutput strict = check("[vulnerabilities]\nfail-on = \"high\"\n[provenance]\nbinary = \"fail\"\n");
    EXPECT_EQ(strict.exit_code, 1) << strict.out << strict.err;
    EXPECT_NE(strict.out.find("\nFAIL      openssl 3.0.12  CVE-"), std::string::npos) << strict.out;
    EXPECT_NE(strict.out.find("\nFAIL      vault-bin 1.15.2  provenance  binary (inferred)  [provenance] binary = "
                              "\"fail\""),
              std::string::npos)
        << strict.out;
    EXPECT_NE(strict.out.find("\nFAIL against " + policy + ": "), std::string::npos) << strict.out;

    ProcessOutput lenient = check("[vulnerabilities]\nfail-on = \"none\"\nkev = \"warn\"\n[provenance]\nbinary = "
                                  "\"allow\"\n");
    EXPECT_EQ(lenient.exit_code, 0) << lenient.out << lenient.err;
    EXPECT_NE(lenient.out.find("\nPASS against " + policy + ": 0 failure(s)"), std::string::npos) << lenient.out;

    ProcessOutput json =
        check("[provenance]\nbinary = \"fail\"\nallow = [\"vault-bin\", \"slack\"]\n", {"--format", "json"});
    EXPECT_EQ(json.exit_code, 1) << json.err;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json.out).get(doc), simdjson::SUCCESS) << json.out;
    EXPECT_EQ(std::string_view(doc["schema"]), "nixvet.check/1");
    EXPECT_EQ(std::string_view(doc["result"]), "fail");
    EXPECT_EQ(uint64_t(doc["counts"]["failures"]), doc["failures"].get_array().size());
    size_t allowed = 0;
    for (auto a : doc["accepted"].get_array())
        allowed += std::string_view(a["subject"]) == "provenance" ? 1 : 0;
    EXPECT_EQ(allowed, 2U) << "both binaries are allowed by name";
    for (auto f : doc["failures"].get_array())
        EXPECT_NE(std::string_view(f["subject"]), "provenance");

    ProcessOutput bad = check("[vulnerabilities]\nfail-on = \"severe\"\n");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.out, "");
    EXPECT_EQ(bad.err, "nixvet: error: " + policy +
                           ":2:11: [vulnerabilities]: fail-on = \"severe\": expected \"critical\", \"high\", "
                           "\"medium\", \"low\" or \"none\"\n");
    fs::remove(policy);
}

TEST_F(ScanCli, SarifAndCycloneDxFollowTheirOfficialSchemas)
{
    auto json = json_of(scan({test_store("result-system"), "--format", "json"}));
    size_t findings = json->doc["findings"].get_array().size();
    ASSERT_GE(findings, 3U);

    auto sarif = json_of(scan({test_store("result-system"), "--format", "sarif"}));
    expect_valid("sarif-schema-2.1.0.json", sarif->run.out);
    auto run = sarif->doc["runs"].at(0);
    EXPECT_EQ(run["results"].get_array().size(), findings) << "suppressed findings too, marked as such";
    size_t suppressed = 0;
    for (auto r : run["results"].get_array()) {
        simdjson::dom::array s;
        if (!r["suppressions"].get_array().get(s)) {
            ++suppressed;
            if (std::string_view(r["ruleId"]) == "CVE-2023-5678") {
                EXPECT_EQ(std::string_view(s.at(0)["justification"]), "patched: CVE-2023-5678.patch");
            }
        }
        auto rule = run["tool"]["driver"]["rules"].at(uint64_t(r["ruleIndex"]));
        EXPECT_EQ(std::string_view(rule["id"]), std::string_view(r["ruleId"]));
    }
    EXPECT_EQ(suppressed, 2U);

    auto cdx = json_of(scan({test_store("result-system"), "--format", "cyclonedx"}));
    expect_valid("bom-1.6.schema.json", cdx->run.out);
    auto bom = cdx->doc;
    EXPECT_EQ(bom["vulnerabilities"].get_array().size(), findings);
    auto inventory = json_of(run_nixvet({"inventory", test_store("result-system"), "--format", "json"}));
    EXPECT_EQ(bom["components"].get_array().size(), uint64_t(inventory->doc["counts"]["packages"]))
        << "one component per package of the inventory";
    std::set<std::string> refs;
    for (auto c : bom["components"].get_array())
        refs.insert(std::string(std::string_view(c["bom-ref"])));
    bool patched_seen = false;
    for (auto v : bom["vulnerabilities"].get_array()) {
        EXPECT_TRUE(refs.count(std::string(std::string_view(v["affects"].at(0)["ref"])))) << "affects a component";
        if (std::string_view(v["id"]) == "CVE-2023-5678") {
            patched_seen = true;
            EXPECT_EQ(std::string_view(v["analysis"]["state"]), "resolved");
        }
    }
    EXPECT_TRUE(patched_seen);
    // The same targets, the same document: the serial number is derived, not random.
    EXPECT_EQ(scan({test_store("result-system"), "--format", "cyclonedx"}).out, cdx->run.out);
}

TEST_F(ScanCli, DiffSaysWhatAnUpgradeFixedAndBrought)
{
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"diff", "--db", s_db, "--allow-stale-db"});
        return run_nixvet(args, {"NO_COLOR=1"});
    };
    auto forward = json_of(run({test_store("result-system"), test_store("result-system-next"), "--format", "json"}));
    std::map<std::string, std::string> changes;
    for (auto c : forward->doc["packages"].get_array())
        changes[std::string(std::string_view(c["pname"]))] = std::string(std::string_view(c["change"]));
    EXPECT_EQ(changes["curl"], "upgraded");
    EXPECT_EQ(changes["vault-bin"], "removed");
    EXPECT_EQ(changes.count("openssl"), 0U) << "unchanged packages are not listed";
    std::set<std::string> fixed;
    for (auto f : forward->doc["fixed_findings"].get_array())
        fixed.insert(std::string(std::string_view(f["pname"])) + " " + std::string(std::string_view(f["advisory"])));
    EXPECT_TRUE(fixed.count("curl CVE-2024-7264")) << forward->run.out;
    EXPECT_EQ(forward->doc["new_findings"].get_array().size(), 0U);
    EXPECT_GT(uint64_t(forward->doc["remaining_findings"]), 0U) << "openssl's findings stay";

    // Backwards, curl's CVE is new: --fail-on-new gates on its severity (medium).
    ProcessOutput back =
        run({test_store("result-system-next"), test_store("result-system"), "--fail-on-new", "medium"});
    EXPECT_EQ(back.exit_code, 1) << back.out << back.err;
    EXPECT_NE(back.out.find("new   MEDIUM   CVE-2024-7264    curl 8.4.0"), std::string::npos) << back.out;
    EXPECT_EQ(run({test_store("result-system-next"), test_store("result-system"), "--fail-on-new", "high"}).exit_code,
              0);
    ProcessOutput one = run({test_store("result-system")});
    EXPECT_EQ(one.exit_code, 2);
    EXPECT_NE(one.err.find("diff takes two targets"), std::string::npos) << one.err;
}

TEST_F(ScanCli, TheHtmlReportRendersInChromiumWithEveryFinding)
{
    auto json = json_of(scan({test_store("result-system"), "--format", "json"}));
    ProcessOutput html = scan({test_store("result-system"), "--format", "html"});
    ASSERT_EQ(html.exit_code, 0) << html.err;
    ScratchDir dir("nixvet-html");
    std::string page = dir.file("scan.html");
    std::ofstream(page) << html.out;
    // Headless Chromium loads the page and prints the document it built.
    // No sandbox (the tests may run as root) and no /dev/shm (containers often make it tiny).
    ProcessOutput dom =
        run_process({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--user-data-dir=" + dir.file("profile"), "--dump-dom", "file://" + page});
    ASSERT_EQ(dom.exit_code, 0) << dom.err.substr(0, 2000);
    auto count = [&](const std::string& needle) {
        size_t n = 0;
        for (size_t at = dom.out.find(needle); at != std::string::npos; at = dom.out.find(needle, at + 1))
            ++n;
        return n;
    };
    EXPECT_EQ(count("<tr class=\"finding"), json->doc["findings"].get_array().size());
    EXPECT_EQ(count("<tr class=\"finding suppressed\""), uint64_t(json->doc["counts"]["suppressed"]));
    for (const char* s : {"critical", "high", "medium", "low", "unknown"})
        EXPECT_NE(dom.out.find(fmt::format("<td id=\"count-{}\">{}</td>", s, uint64_t(json->doc["counts"][s]))),
                  std::string::npos)
            << s;
    EXPECT_NE(dom.out.find("<h2>openssl 3.0.12</h2>"), std::string::npos);
    EXPECT_EQ(dom.out.find("<script"), std::string::npos);
}

} // namespace

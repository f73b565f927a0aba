// SPDX-License-Identifier: MIT
// Report output against golden files. NIXVET_ACCEPT_GOLDEN=1 rewrites them on purpose.
#include "core/file.hpp"
#include "report/html_report.hpp"
#include "report/interchange.hpp"
#include "report/inventory_report.hpp"
#include "report/provenance_report.hpp"
#include "report/scan_report.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>

using namespace nixvet;

namespace {

void expect_golden(const std::string& name, const std::string& actual)
{
    std::string path = std::string(NIXVET_FIXTURES) + "/golden/" + name;
    if (const char* accept = std::getenv("NIXVET_ACCEPT_GOLDEN"); accept && std::string(accept) == "1") {
        std::ofstream(path) << actual;
        GTEST_SKIP() << "NIXVET_ACCEPT_GOLDEN=1: rewrote " << path << " instead of comparing";
    }
    std::string expected = read_file(path);
    EXPECT_EQ(actual, expected) << "differs from " << path << " (NIXVET_ACCEPT_GOLDEN=1 rewrites it)";
}

Inventory sample_inventory()
{
    Inventory inv;
    inv.targets.push_back(
        {"result", "/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-nixos-system-test-23.11", "output", "runtime"});
    Package openssl;
    openssl.name = "openssl-3.0.12";
    openssl.pname = "openssl";
    openssl.version = "3.0.12";
    openssl.drv_path = "/nix/store/5a2ag9m8d376ynj7s5i5762fbmcbahcs-openssl-3.0.12.drv";
    openssl.system = "x86_64-linux";
    openssl.in_runtime = true;
    openssl.outputs = {{"bin", "/nix/store/axmn6axdl7cas8cpdkqnhndsbyhjj6na-openssl-3.0.12-bin"},
                       {"out", "/nix/store/9lh4pxbdh53dyvi0cyfl8zbwiqi86myz-openssl-3.0.12"}};
    openssl.closure_paths = {"/nix/store/9lh4pxbdh53dyvi0cyfl8zbwiqi86myz-openssl-3.0.12"};
    openssl.via = {"/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-nixos-system-test-23.11",
                   "/nix/store/3lh4pxbdh53dyvi0cyfl8zbwiqi86myz-system-path",
                   "/nix/store/9lh4pxbdh53dyvi0cyfl8zbwiqi86myz-openssl-3.0.12"};
    openssl.sources.push_back({"/nix/store/k1zrvqcqmxivalwfs7pk9ma5czh0lj79-openssl-3.0.12.tar.gz",
                               "openssl-3.0.12.tar.gz",
                               "/nix/store/jayb747ygwy5hyfl1511hi3bm3gbm57j-openssl-3.0.12.tar.gz.drv",
                               {"https://www.openssl.org/source/openssl-3.0.12.tar.gz"},
                               "",
                               "0abc"});
    openssl.patches.push_back({"/nix/store/x6p0hg79i3wg0kkv7699935f7rrj9jf3-CVE-2023-5678.patch",
                               "CVE-2023-5678.patch",
                               "",
                               {"https://github.com/openssl/openssl/commit/0d4d6b6c.patch"},
                               "",
                               ""});
    inv.packages.push_back(openssl);
    Package orphan;
    orphan.name = "libarchive-3.6.2";
    orphan.pname = "libarchive";
    orphan.version = "3.6.2";
    orphan.evidence = NameEvidence::deriver_name;
    orphan.drv_path = "/nix/store/q629416wcvaa7dgpmxyl7vixy862xlhq-libarchive-3.6.2.drv";
    orphan.in_runtime = true;
    orphan.outputs = {{"lib", "/nix/store/9lh4pxbdh53dyvi0cyfl8zbwiqi86myz-libarchive-3.6.2-lib"}};
    orphan.closure_paths = {"/nix/store/9lh4pxbdh53dyvi0cyfl8zbwiqi86myz-libarchive-3.6.2-lib"};
    inv.packages.push_back(orphan);
    inv.runtime_paths = 3;
    inv.low_confidence = 1;
    inv.notes.push_back("1 derivation file(s) are not in the store");
    return inv;
}

ScanResult sample_scan()
{
    ScanResult r;
    r.packages_scanned = 2;
    r.packages_identified = 2;
    // A database of fixed dates: NVD 30 days old (stale against 7 days, scanned with
    // --allow-stale-db), KEV fresh, the others never loaded.
    int64_t now = 1'796'000'000; // 2026-11-30T00:53:20Z
    std::vector<SourceStatus> sources{{"nvd", 2753, now - 3600, now - 3600, "2026-10-29T07:00:00"},
                                      {"cve5", 0, 0, 0, ""},
                                      {"osv", 0, 0, 0, ""},
                                      {"kev", 1404, now - 3600, 0, "2026-11-27"},
                                      {"epss", 0, 0, 0, ""}};
    r.database = assess_database("/var/cache/nixvet/vulndb.sqlite", sources, now, 7 * 86400, StaleDatabase::warn);
    Finding f;
    f.package = 0;
    f.advisory = "CVE-2024-0727";
    f.source = "cve5";
    f.decided_by = "openssl's own CVE record (the vendor is the CNA)";
    f.evidence = "CVE List V5: affected >= 3.0.0, < 3.0.13";
    f.identity = {"openssl", "openssl", IdentityRung::curated, "identities.toml: openssl"};
    f.fixed_version = "3.0.13";
    AdvisoryFacts facts;
    facts.cvss = CvssMetric{"3.1", "nvd@nist.gov", true, 5.5, "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", "MEDIUM"};
    facts.known_exploited = true;
    facts.epss = 0.0123;
    facts.description = "Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash";
    f.facts = std::make_shared<AdvisoryFacts>(facts);
    f.severity = Severity::medium;
    r.findings.push_back(f);
    Finding s = f;
    s.advisory = "CVE-2023-5678";
    facts.known_exploited = false;
    facts.epss.reset();
    facts.cvss.reset();
    s.facts = std::make_shared<AdvisoryFacts>(facts);
    s.severity = Severity::unknown;
    s.suppressed = "patched: CVE-2023-5678.patch";
    r.findings.push_back(s);
    return r;
}

TEST(Reports, InventoryTable)
{
    expect_golden("inventory.txt", render_inventory_table(sample_inventory(), TableStyle{false, false}));
}

TEST(Reports, InventoryJson)
{
    expect_golden("inventory.json", render_inventory_json(sample_inventory(), "0.1.0"));
}

TEST(Reports, ScanTable)
{
    expect_golden("scan.txt", render_scan_table(sample_inventory(), sample_scan(), ScanStyle{false, true}));
}

TEST(Reports, ScanJson)
{
    expect_golden("scan.json", render_scan_json(sample_inventory(), sample_scan(), "0.1.0"));
}

Package named(const std::string& pname, const std::string& version, const std::string& drv_hash)
{
    Package p;
    p.name = pname + "-" + version;
    p.pname = pname;
    p.version = version;
    if (!drv_hash.empty())
        p.drv_path = "/nix/store/" + drv_hash + "-" + p.name + ".drv";
    return p;
}

// The sample inventory with a declared-binary .deb, an inferred binary and a fromSource conflict.
Inventory provenance_inventory()
{
    Inventory inv = sample_inventory();
    Package slack = named("slack", "4.35.131", "7sgd9pq6lrq7k0a4y3wqwjn7ch1k1d2x");
    slack.sources.push_back({"/nix/store/0cd0p4a9jc0l6r3s1wq3x4fi9v3p1n7z-slack-desktop-4.35.131-amd64.deb",
                             "slack-desktop-4.35.131-amd64.deb",
                             "",
                             {},
                             "",
                             ""});
    slack.source_provenance = {"binaryNativeCode"};
    inv.packages.push_back(slack);
    Package vault = named("vault-bin", "1.15.2", "1y2pd8bxxkx2lz5hk8y3g6hpcvnx0p6f");
    vault.native_build_inputs = {"auto-patchelf-hook"};
    inv.packages.push_back(vault);
    Package tool = named("tool", "2.0", "");
    tool.sources.push_back({"", "tool_2.0_amd64.deb", "", {}, "", ""});
    tool.source_provenance = {"fromSource"};
    inv.packages.push_back(tool);
    return inv;
}

TEST(Reports, ProvenanceTable)
{
    Inventory inv = provenance_inventory();
    ProvenanceReport report = assess_provenance(inv);
    expect_golden("provenance.txt", render_provenance_table(inv, report, ProvenanceStyle{false, false}));
    expect_golden("provenance-all.txt", render_provenance_table(inv, report, ProvenanceStyle{false, true}));
}

TEST(Reports, ProvenanceJson)
{
    Inventory inv = provenance_inventory();
    expect_golden("provenance.json", render_provenance_json(inv, assess_provenance(inv), "0.1.0"));
}

TEST(Reports, ScanSarif)
{
    std::string out;
    write_scan_sarif(sample_inventory(), sample_scan(), "0.1.0", [&](std::string_view piece) { out += piece; });
    expect_golden("scan.sarif", out);
}

TEST(Reports, ScanCycloneDx)
{
    std::string out;
    write_scan_cyclonedx(sample_inventory(), sample_scan(), "0.1.0", [&](std::string_view piece) { out += piece; });
    expect_golden("scan.cdx.json", out);
}

TEST(Reports, InventorySpdx)
{
    std::string out;
    write_inventory_spdx(sample_inventory(), "0.1.0", "2026-11-29T00:00:00Z",
                         [&](std::string_view piece) { out += piece; });
    expect_golden("inventory.spdx.json", out);
}

TEST(Reports, ScanHtml)
{
    std::string out;
    write_scan_html(sample_inventory(), sample_scan(), "0.1.0", [&](std::string_view piece) { out += piece; });
    expect_golden("scan.html", out);
}

TEST(Reports, HtmlEscapesWhatAnInputCouldSmuggleIn)
{
    Inventory inv = sample_inventory();
    inv.packages[0].pname = "<script>alert(1)</script>";
    inv.packages[0].via = {"/nix/store/" + std::string(32, 'a') + "-x\"><img src=x onerror=alert(1)>", "y"};
    ScanResult scan = sample_scan();
    std::string out;
    write_scan_html(inv, scan, "0.1.0", [&](std::string_view piece) { out += piece; });
    EXPECT_EQ(out.find("<script>"), std::string::npos);
    EXPECT_EQ(out.find("<img"), std::string::npos);
    EXPECT_NE(out.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_EQ(html_escape("a&b<c>\"d'e"), "a&amp;b&lt;c&gt;&quot;d&#39;e");
}

TEST(Reports, PurlsEncodeWhatIsNotPlain)
{
    EXPECT_EQ(purl_encode("gtk+3"), "gtk%2B3");
    EXPECT_EQ(purl_encode("1.0-rc_1~x"), "1.0-rc_1~x");
    EXPECT_EQ(purl_encode("a b/c@d"), "a%20b%2Fc%40d");
}

TEST(Reports, ColoursOnlyWhenAsked)
{
    std::string plain = render_scan_table(sample_inventory(), sample_scan(), ScanStyle{false, false});
    std::string coloured = render_scan_table(sample_inventory(), sample_scan(), ScanStyle{true, false});
    EXPECT_EQ(plain.find("\x1b["), std::string::npos);
    EXPECT_NE(coloured.find("\x1b[1;31mKEV\x1b[0m"), std::string::npos);
    // Each finding's line in its severity's colour, reset at its end.
    EXPECT_NE(
        coloured.find("\n\x1b[33m  MEDIUM    5.5  CVE-2024-0727    \x1b[1;31mKEV\x1b[0m EPSS 1.2% fixed in 3.0.13"),
        std::string::npos)
        << coloured;
    EXPECT_NE(coloured.find("(the vendor is the CNA)]\x1b[0m\n"), std::string::npos) << coloured;
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "match/identity.hpp"
#include "match/matcher.hpp"
#include "vulndb/importer.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <set>
#include <unistd.h>

using namespace nixvet;
namespace fs = std::filesystem;

namespace {

const std::string k_dir = std::string(NIXVET_FIXTURES) + "/vulndb";

// One database of the real fixture records for the whole suite.
VulnDb& fixture_db()
{
    static std::unique_ptr<VulnDb> db = [] {
        std::string path = (fs::temp_directory_path() / ("nixvet-match-" + std::to_string(::getpid()) + ".sqlite"));
        fs::remove(path);
        auto d = std::make_unique<VulnDb>(path, VulnDb::Mode::write);
        import_feeds(
            *d, {k_dir + "/nvd", k_dir + "/cve5", k_dir + "/osv", k_dir + "/kev/known_exploited_vulnerabilities.json"},
            {});
        std::atexit(
            [] { fs::remove(fs::temp_directory_path() / ("nixvet-match-" + std::to_string(::getpid()) + ".sqlite")); });
        return d;
    }();
    return *db;
}

Package package(std::string pname, std::string version, std::string name = "")
{
    Package p;
    p.pname = std::move(pname);
    p.version = std::move(version);
    p.name = name.empty() ? p.pname + "-" + p.version : std::move(name);
    p.drv_path = "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-" + p.name + ".drv";
    return p;
}

TEST(Identity, UsesTheCuratedFileFirst)
{
    auto ids = IdentityCatalog::builtin().identify(package("curl", "8.4.0"), fixture_db());
    ASSERT_EQ(ids.size(), 2U);
    EXPECT_EQ(ids[0].vendor + ":" + ids[0].product, "haxx:curl");
    EXPECT_EQ(ids[1].vendor + ":" + ids[1].product, "haxx:libcurl");
    EXPECT_EQ(ids[0].rung, IdentityRung::curated);
    EXPECT_GE(IdentityCatalog::builtin().size(), 300U);
}

TEST(Identity, CuratesAroundTraps)
{
    // NVD's redhat:fuse is JBoss Fuse; libfuse is fuse_project:fuse.
    auto ids = IdentityCatalog::builtin().identify(package("fuse", "2.9.9"), fixture_db());
    ASSERT_EQ(ids.size(), 1U);
    EXPECT_EQ(ids[0].vendor + ":" + ids[0].product, "fuse_project:fuse");
    auto git = IdentityCatalog::builtin().identify(package("git", "2.42.0"), fixture_db());
    ASSERT_EQ(git.size(), 1U);
    EXPECT_EQ(git[0].vendor, "git-scm") << "never jenkins:git";
}

TEST(Identity, SendsPythonPackagesToOsvNotToNvdNameAlikes)
{
    auto ids =
        IdentityCatalog::builtin().identify(package("requests", "2.31.0", "python3.11-requests-2.31.0"), fixture_db());
    ASSERT_EQ(ids.size(), 1U);
    EXPECT_EQ(ids[0].rung, IdentityRung::ecosystem);
    EXPECT_EQ(ids[0].vendor, "PyPI");
    EXPECT_EQ(ids[0].product, "requests");
}

TEST(Identity, NeverMatchesATrapByName)
{
    // NVD files jenkins:git (the Jenkins plugin); a package called git-foo that is not curated
    // must not fall back to it, and neither may the trap name itself.
    Package git = package("git", "2.42.0");
    IdentityCatalog no_curation("[traps]\ngit = \"jenkins:git is a Jenkins plugin\"\n", "t.toml");
    EXPECT_TRUE(no_curation.identify(git, fixture_db()).empty());
}

TEST(Identity, FallsBackToTheNameOnlyWithOneVendor)
{
    IdentityCatalog empty("", "t.toml");
    auto ids = empty.identify(package("squid", "5.0"), fixture_db());
    ASSERT_EQ(ids.size(), 1U);
    EXPECT_EQ(ids[0].vendor, "squid-cache");
    EXPECT_EQ(ids[0].rung, IdentityRung::name);
    // "apparmor" is filed by apparmor, canonical and ubuntu: no vendor evidence, no match.
    EXPECT_TRUE(empty.identify(package("apparmor", "2.13"), fixture_db()).empty());
}

TEST(Identity, ReadsAGithubSourceUrl)
{
    IdentityCatalog empty("", "t.toml");
    Package p = package("my-squid", "5.0");
    p.sources.push_back(
        {"/nix/store/x", "src", "", {"https://github.com/squid-cache/squid/archive/v5.0.tar.gz"}, "", ""});
    auto ids = empty.identify(p, fixture_db());
    ASSERT_EQ(ids.size(), 1U);
    EXPECT_EQ(ids[0].rung, IdentityRung::url);
    EXPECT_EQ(ids[0].vendor + ":" + ids[0].product, "squid-cache:squid");
}

TEST(Identity, ReadsLanguageRegistryDownloadUrlsAndPurls)
{
    IdentityCatalog empty("", "t.toml");
    auto identify = [&](const std::string& url) {
        Package p = package("some-tool", "1.0");
        p.sources.push_back({"/nix/store/x", "src", "", {url}, "", ""});
        auto ids = empty.identify(p, fixture_db());
        EXPECT_EQ(ids.size(), 1U) << url;
        return ids.empty() ? std::string() : ids[0].vendor + " " + ids[0].product;
    };
    EXPECT_EQ(identify("https://crates.io/api/v1/crates/base64/0.5.1/download"), "crates.io base64");
    EXPECT_EQ(identify("https://static.crates.io/crates/base64/base64-0.5.1.crate"), "crates.io base64");
    EXPECT_EQ(identify("https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"), "npm left-pad");
    EXPECT_EQ(identify("https://registry.npmjs.org/@babel/core/-/core-7.0.0.tgz"), "npm @babel/core");
    EXPECT_EQ(identify("https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.2.0.zip"),
              "Go github.com/BurntSushi/toml");
    EXPECT_EQ(identify("mirror://pypi/B/Beaker/Beaker-1.6.4.tar.gz"), "PyPI beaker");
    EXPECT_EQ(identify("https://files.pythonhosted.org/packages/source/b/beaker/beaker-1.6.4.tar.gz"), "PyPI beaker");
    Package sbom = package("base64", "0.5.1");
    sbom.purl = "pkg:cargo/base64@0.5.1";
    auto ids = empty.identify(sbom, fixture_db());
    ASSERT_EQ(ids.size(), 1U);
    EXPECT_EQ(ids[0].vendor + " " + ids[0].product, "crates.io base64");
    EXPECT_EQ(ids[0].evidence, "purl pkg:cargo/base64@0.5.1");
}

TEST(Identity, AnExplicitCpeComesFirstAndSaysWhereItIsFrom)
{
    Package p = package("openssh", "9.5p1");
    p.cpe = "cpe:2.3:a:openbsd:openssh:9.5:p1:*:*:*:*:*:*";
    p.cpe_origin = "nixpkgs meta.identifiers";
    auto ids = IdentityCatalog::builtin().identify(p, fixture_db());
    ASSERT_FALSE(ids.empty());
    EXPECT_EQ(ids[0].rung, IdentityRung::cpe);
    EXPECT_EQ(ids[0].vendor + ":" + ids[0].product, "openbsd:openssh");
    EXPECT_EQ(ids[0].evidence, "CPE cpe:2.3:a:openbsd:openssh:9.5:p1:*:*:*:*:*:* from nixpkgs meta.identifiers");
}

TEST(Identity, RejectsABrokenCatalogWithItsLine)
{
    try {
        IdentityCatalog bad("[packages]\ncurl = \"haxx:curl\"\n", "bad.toml");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("packages.curl"), std::string::npos) << e.what();
    }
    EXPECT_THROW(IdentityCatalog("[packages\n", "bad.toml"), ParseError);
}

ScanResult scan(std::vector<Package> packages)
{
    static Inventory inv;
    inv = Inventory{};
    inv.packages = std::move(packages);
    return match_inventory(inv, fixture_db(), IdentityCatalog::builtin());
}

const Finding* find(const ScanResult& r, const std::string& id)
{
    for (const auto& f : r.findings) {
        if (f.advisory == id)
            return &f;
    }
    return nullptr;
}

TEST(Matcher, TheVendorsOwnRecordDecidesAndPatchesSuppress)
{
    Package openssl = package("openssl", "3.0.12");
    ScanResult r = scan({openssl});
    const Finding* f = find(r, "CVE-2023-5678");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->source, "cve5");
    EXPECT_NE(f->decided_by.find("openssl's own CVE record"), std::string::npos) << f->decided_by;
    EXPECT_EQ(f->fixed_version, "3.0.13");
    EXPECT_TRUE(f->suppressed.empty());
    EXPECT_EQ(find(r, "CVE-2014-0160"), nullptr) << "Heartbleed does not affect 3.0.12";

    openssl.patches.push_back({"/nix/store/y-CVE-2023-5678.patch", "CVE-2023-5678.patch", "", {}, "", ""});
    r = scan({openssl});
    f = find(r, "CVE-2023-5678");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->suppressed, "patched: CVE-2023-5678.patch");

    ScanResult old = scan({package("openssl", "1.0.1f")});
    const Finding* heartbleed = find(old, "CVE-2014-0160");
    ASSERT_NE(heartbleed, nullptr);
    EXPECT_TRUE(heartbleed->about().known_exploited);
    EXPECT_EQ(heartbleed->fixed_version, "1.0.1g");
}

TEST(Matcher, APatchFetchedFromAnNvdPatchReferenceSuppresses)
{
    Package openssl = package("openssl", "3.0.12");
    const std::string commit =
        "https://git.openssl.org/gitweb/?p=openssl.git;a=commitdiff;h=db925ae2e65d0d925adef429afc37f75bd1c2017";
    openssl.patches.push_back({"/nix/store/y-fix-dh-check.patch", "fix-dh-check.patch", "", {commit}, "", ""});
    ScanResult r = scan({openssl});
    const Finding* f = find(r, "CVE-2023-5678");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->suppressed, "patched: " + commit + " is NVD's Patch reference");
    const Finding* other = find(r, "CVE-2024-0727");
    ASSERT_NE(other, nullptr);
    EXPECT_TRUE(other->suppressed.empty()) << "that commit fixes CVE-2023-5678 only";
}

TEST(Matcher, APatchOfTheSameCommitAsAReferenceSuppresses)
{
    // nixpkgs fetches GitHub commits as ".../commit/SHA.patch"; NVD's reference is gitweb's
    // commitdiff of the same commit (abbreviated here as fetchpatch URLs often are).
    Package openssl = package("openssl", "3.0.12");
    openssl.patches.push_back({"/nix/store/y-dh.patch",
                               "dh.patch",
                               "",
                               {"https://github.com/openssl/openssl/commit/db925ae2e65d.patch"},
                               "",
                               ""});
    ScanResult r = scan({openssl});
    const Finding* f = find(r, "CVE-2023-5678");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->suppressed, "patched: https://github.com/openssl/openssl/commit/db925ae2e65d.patch is NVD's Patch "
                             "reference");
}

TEST(Matcher, APatchOfTheCommitOsvCallsFixedSuppresses)
{
    // PYSEC-2012-1 (beaker < 1.6.5.post1, CVE-2012-3458) was fixed by commit 91becae.
    Package beaker = package("beaker", "1.6.4", "python3.11-beaker-1.6.4");
    ScanResult r = scan({beaker});
    ASSERT_EQ(r.findings.size(), 1U);
    EXPECT_TRUE(r.findings[0].suppressed.empty());
    const std::string url = "https://github.com/bbangert/beaker/commit/91becae76101cf87ce8cbfabe3af2622fc328fe5.patch";
    beaker.patches.push_back({"/nix/store/y-beaker.patch", "beaker.patch", "", {url}, "", ""});
    r = scan({beaker});
    ASSERT_EQ(r.findings.size(), 1U);
    // The record names that commit twice: as its FIX reference and as the GIT range's fix.
    EXPECT_EQ(r.findings[0].suppressed, "patched: " + url + " is the fix named by PYSEC-2012-1");
    beaker.patches[0].urls = {
        "https://github.com/bbangert/beaker/commit/0000000000000000000000000000000000000000.patch"};
    EXPECT_TRUE(scan({beaker}).findings.at(0).suppressed.empty()) << "another commit fixes nothing";
}

TEST(Matcher, FindsACrateFetchedFromCratesIoThroughOsv)
{
    // RUSTSEC-2017-0004 (CVE-2017-1000430): base64 before 0.5.2, by SemVer.
    Package base64 = package("base64", "0.5.1");
    base64.sources.push_back(
        {"/nix/store/x", "base64-0.5.1.tar.gz", "", {"https://crates.io/api/v1/crates/base64/0.5.1/download"}, "", ""});
    ScanResult r = scan({base64});
    const Finding* f = find(r, "RUSTSEC-2017-0004");
    ASSERT_NE(f, nullptr) << (r.findings.empty() ? "no findings" : r.findings[0].advisory);
    EXPECT_EQ(f->source, "osv");
    EXPECT_EQ(f->identity.rung, IdentityRung::ecosystem);
    base64.version = "0.5.2";
    base64.sources[0].urls = {"https://crates.io/api/v1/crates/base64/0.5.2/download"};
    EXPECT_TRUE(scan({base64}).findings.empty()) << "0.5.2 is the fix";
}

TEST(Matcher, AnNvdOnlyMatchTheVendorsOwnRecordsNeverNameDoesNotCount)
{
    // CVE-2019-0190 is an httpd bug; NVD's configuration lists openssl >= 1.1.1 as vulnerable.
    // OpenSSL publishes its own records for every OpenSSL CVE since 2002 and has none for it.
    const std::string extra = std::string(NIXVET_FIXTURES) + "/vulndb-extra/nvd-CVE-2019-0190.json";
    auto scan_with = [&](const std::vector<std::string>& feeds) {
        std::string path = (fs::temp_directory_path() / ("nixvet-cna-" + std::to_string(::getpid()) + ".sqlite"));
        fs::remove(path);
        ScanResult r;
        {
            VulnDb db(path, VulnDb::Mode::write);
            import_feeds(db, feeds, {});
            Inventory inv;
            inv.packages = {package("openssl", "3.0.12")};
            r = match_inventory(inv, db, IdentityCatalog::builtin());
        }
        for (const char* suffix : {"", "-wal", "-shm"})
            fs::remove(path + suffix);
        return r;
    };
    ScanResult with_vendor_records = scan_with({k_dir + "/cve5", extra});
    const Finding* f = find(with_vendor_records, "CVE-2019-0190");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->source, "nvd");
    EXPECT_EQ(
        f->suppressed,
        "not in openssl's own CVE records for openssl (272 of them since 2002); only NVD's configuration names it");
    const Finding* own = find(with_vendor_records, "CVE-2023-5678");
    ASSERT_NE(own, nullptr);
    EXPECT_TRUE(own->suppressed.empty()) << "the vendor's own record still counts";

    // Without the vendor's records nothing says otherwise: NVD's word stands.
    ScanResult nvd_only = scan_with({extra});
    f = find(nvd_only, "CVE-2019-0190");
    ASSERT_NE(f, nullptr);
    EXPECT_TRUE(f->suppressed.empty()) << f->suppressed;
}

TEST(Matcher, AGeneratedFileNamedLikeAPackageIsNotMatched)
{
    // NixOS's /etc/dbus-1 derivation: no pname/version, no source; parseDrvName makes it
    // "dbus" version "1", which CVE-2019-12749 (dbus < 1.10.28, real NVD record) would match.
    const std::string extra = std::string(NIXVET_FIXTURES) + "/vulndb-extra/nvd-CVE-2019-12749.json";
    std::string path = (fs::temp_directory_path() / ("nixvet-gen-" + std::to_string(::getpid()) + ".sqlite"));
    fs::remove(path);
    ScanResult r;
    {
        VulnDb db(path, VulnDb::Mode::write);
        import_feeds(db, {extra}, {});
        Package config = package("dbus", "1", "dbus-1");
        config.evidence = NameEvidence::derivation_name;
        Package real = package("dbus", "1.12.14");
        real.evidence = NameEvidence::derivation_name; // an old-style `name = "dbus-1.12.14"` with a source
        real.sources.push_back({"",
                                "dbus-1.12.14.tar.gz",
                                "",
                                {"https://dbus.freedesktop.org/releases/dbus/dbus-1.12.14.tar.gz"},
                                "",
                                ""});
        Package declared = package("dbus", "1");
        declared.name = "dbus-1-declared"; // pname and version attributes: the derivation says what it is
        Inventory inv;
        inv.packages = {config, real, declared};
        r = match_inventory(inv, db, IdentityCatalog::builtin());
    }
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(path + suffix);
    std::vector<size_t> affected;
    for (const auto& f : r.findings) {
        EXPECT_EQ(f.advisory, "CVE-2019-12749");
        affected.push_back(f.package);
    }
    EXPECT_EQ(affected, (std::vector<size_t>{1, 2}));
    EXPECT_TRUE(r.identities.at(0).empty()) << "the configuration directory is not identified as dbus";
}

TEST(Matcher, OrdersFindingsByPackageThenSeverityThenIdAndSharesTheirFacts)
{
    // Enough packages for the matching to run on several threads.
    std::vector<Package> packages;
    for (int i = 0; i < 300; ++i)
        packages.push_back(package(i % 2 ? "openssl" : "curl", i % 2 ? "3.0.12" : "8.4.0"));
    ScanResult r = scan(packages);
    ASSERT_FALSE(r.findings.empty());
    std::set<size_t> seen;
    for (size_t k = 1; k < r.findings.size(); ++k) {
        const Finding& a = r.findings[k - 1];
        const Finding& b = r.findings[k];
        ASSERT_LE(a.package, b.package);
        if (a.package == b.package) {
            ASSERT_GE(a.severity, b.severity);
            if (a.severity == b.severity) {
                ASSERT_LT(a.advisory, b.advisory);
            }
        }
        seen.insert(a.package);
        seen.insert(b.package);
    }
    EXPECT_EQ(seen.size(), 300U) << "every package has findings";
    const Finding* first = find(r, "CVE-2023-5678");
    ASSERT_NE(first, nullptr);
    for (const auto& f : r.findings) {
        if (f.advisory == first->advisory) {
            EXPECT_EQ(f.facts.get(), first->facts.get()) << "one AdvisoryFacts per advisory";
        }
    }
    EXPECT_FALSE(first->about().description.empty());
    EXPECT_TRUE(first->about().cvss);
}

TEST(Matcher, NvdDecidesWithoutAVendorRecord)
{
    ScanResult r = scan({package("curl", "8.4.0")});
    const Finding* f = find(r, "CVE-2024-7264");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->source, "nvd");
    EXPECT_EQ(f->severity, Severity::medium);
    EXPECT_EQ(f->fixed_version, "8.9.1");
    EXPECT_EQ(find(scan({package("curl", "8.9.1")}), "CVE-2024-7264"), nullptr) << "8.9.1 is the fix";
}

TEST(Matcher, FindsPythonAdvisoriesThroughOsv)
{
    ScanResult r = scan({package("trac", "0.9", "python3.11-trac-0.9")});
    const Finding* f = find(r, "PYSEC-2005-1");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->source, "osv");
    // 0.10 is out of PYSEC-2005-1's [0, 0.10) (other trac advisories may still name it).
    EXPECT_EQ(find(scan({package("trac", "0.10", "python3.11-trac-0.10")}), "PYSEC-2005-1"), nullptr);
}

// Findings of CVE `id` among `packages`, by package name.
std::set<std::string> matched_by(const std::vector<Package>& packages, VulnDb& db, const std::string& id)
{
    Inventory inv;
    inv.packages = packages;
    ScanResult r = match_inventory(inv, db, IdentityCatalog::builtin());
    std::set<std::string> out;
    for (const auto& f : r.findings) {
        if (f.advisory == id)
            out.insert(inv.packages[f.package].name);
    }
    return out;
}

TEST(Matcher, TheCPythonInterpreterIsPythonNotAPyPIPackage)
{
    // python3 3.7.3 was looked up in OSV as a PyPI package named "python3" and never matched;
    // CVE-2019-10160 (real NVD record: python 3.7.0 to 3.7.3) is CPython's.
    std::vector<Package> packages{
        package("python", "3.7.3"),   package("python3", "3.7.3"),
        package("python37", "3.7.3"), package("python3-minimal", "3.7.3"),
        package("python3", "3.7.4"),  package("requests", "2.31.0", "python3.7-requests-2.31.0")};
    EXPECT_EQ(matched_by(packages, fixture_db(), "CVE-2019-10160"),
              (std::set<std::string>{"python-3.7.3", "python3-3.7.3", "python37-3.7.3", "python3-minimal-3.7.3"}));
    auto ids =
        IdentityCatalog::builtin().identify(package("requests", "2.31.0", "python3.7-requests-2.31.0"), fixture_db());
    ASSERT_EQ(ids.size(), 1U);
    EXPECT_EQ(ids[0].vendor, "PyPI") << "a python3.x- package is still PyPI's";
}

TEST(Matcher, OpenSshPortableVersionsMeetNvdBoundsAsTheirRelease)
{
    // nixpkgs' openssh is "7.9p1"; CVE-2019-6109 (real NVD record) says versionEndIncluding "7.9".
    const std::string extra = std::string(NIXVET_FIXTURES) + "/vulndb-extra/nvd-CVE-2019-6109.json";
    std::string path = (fs::temp_directory_path() / ("nixvet-ssh-" + std::to_string(::getpid()) + ".sqlite"));
    fs::remove(path);
    {
        VulnDb db(path, VulnDb::Mode::write);
        import_feeds(db, {extra}, {});
        EXPECT_EQ(matched_by({package("openssh", "7.9p1"), package("openssh", "7.9"), package("openssh", "7.4p1"),
                              package("openssh", "8.0p1"), package("openssh", "9.5p1")},
                             db, "CVE-2019-6109"),
                  (std::set<std::string>{"openssh-7.9p1", "openssh-7.9", "openssh-7.4p1"}));
    }
    for (const char* suffix : {"", "-wal", "-shm", ".checked"})
        fs::remove(path + suffix);
}

TEST(Identity, NixpkgsVariantNamesAreTheirUpstream)
{
    // A rule, not a list: the variant's suffixes or "lib" prefix, then the curated upstream.
    const std::vector<std::pair<std::string, std::string>> cases{
        {"systemd-minimal", "systemd_project:systemd"},
        {"systemd-minimal-libs", "systemd_project:systemd"},
        {"util-linux-minimal", "kernel:util-linux"},
        {"coreutils-full", "gnu:coreutils"},
        {"libkrb5", "mit:kerberos_5"},
        {"libpng-apng", "libpng:libpng"},
        {"gmp-with-cxx", "gmplib:gmp"},
        {"glibc-locales", "gnu:glibc"},
        {"bash-interactive", "gnu:bash"},
        {"icu4c", "icu-project:international_components_for_unicode"},
        {"db", "oracle:berkeley_db"},
        {"getent-glibc", "gnu:glibc"},
        {"openssl-unwrapped", "openssl:openssl"}};
    for (const auto& [pname, expected] : cases) {
        SCOPED_TRACE(pname);
        auto ids = IdentityCatalog::builtin().identify(package(pname, "1.0"), fixture_db());
        ASSERT_FALSE(ids.empty());
        EXPECT_EQ(ids.front().vendor + ":" + ids.front().product, expected);
    }
    auto libxml = IdentityCatalog::builtin().identify(package("libxml2", "2.9.14"), fixture_db());
    ASSERT_FALSE(libxml.empty());
    EXPECT_EQ(libxml.front().product, "libxml2") << "a curated lib-name stays itself";
}

TEST(Matcher, VariantsGetTheirUpstreamsRealCves)
{
    const std::string extra = std::string(NIXVET_FIXTURES) + "/vulndb-extra/";
    std::string path = (fs::temp_directory_path() / ("nixvet-variants-" + std::to_string(::getpid()) + ".sqlite"));
    fs::remove(path);
    {
        VulnDb db(path, VulnDb::Mode::write);
        import_feeds(db, {extra + "nvd-CVE-2019-3842.json", extra + "nvd-CVE-2019-2708.json"}, {});
        // CVE-2019-3842: systemd <= 241 (real NVD record); CVE-2019-2708: Berkeley DB < 6.138.
        EXPECT_EQ(matched_by({package("systemd-minimal", "239"), package("systemd-minimal-libs", "239"),
                              package("systemd", "239"), package("systemd-minimal", "254.6")},
                             db, "CVE-2019-3842"),
                  (std::set<std::string>{"systemd-minimal-239", "systemd-minimal-libs-239", "systemd-239"}));
        EXPECT_EQ(matched_by({package("db", "4.8.30"), package("db", "5.3.28")}, db, "CVE-2019-2708"),
                  (std::set<std::string>{"db-4.8.30", "db-5.3.28"}));
    }
    for (const char* suffix : {"", "-wal", "-shm", ".checked"})
        fs::remove(path + suffix);
}

} // namespace

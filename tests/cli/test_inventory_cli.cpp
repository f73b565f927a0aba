// SPDX-License-Identifier: MIT
// The real nixvet binary against a real Nix store built by tests/nix/build-test-store, checked
// against what Nix itself says about the same store.
#include "cli_runner.hpp"
#include "support/scratch_dir.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <unistd.h>

using namespace nixvet;
using namespace nixvet::test;
namespace fs = std::filesystem;

namespace {

using Inventory = JsonOutput;

// Runs `nixvet inventory ARGS --format json` and parses the result.
std::unique_ptr<Inventory> inventory(std::vector<std::string> args, const std::vector<std::string>& env = {})
{
    args.insert(args.begin(), "inventory");
    args.emplace_back("--format");
    args.emplace_back("json");
    auto inv = json_of(run_nixvet(args, env));
    EXPECT_EQ(std::string_view(inv->doc["schema"]), "nixvet.inventory/1");
    return inv;
}

std::set<std::string> closure_paths(const Inventory& inv)
{
    std::set<std::string> paths;
    for (const char* list : {"packages", "sources"}) {
        for (auto p : inv.doc[list].get_array()) {
            for (auto path : p["closure_paths"].get_array())
                paths.insert(std::string(std::string_view(path)));
        }
    }
    return paths;
}

simdjson::dom::element package(const Inventory& inv, std::string_view pname)
{
    for (auto p : inv.doc["packages"].get_array()) {
        if (std::string_view(p["pname"]) == pname)
            return p;
    }
    ADD_FAILURE() << "no package " << pname << " in\n" << inv.run.out;
    return {};
}

std::string real(const std::string& link)
{
    return fs::canonical(test_store(link)).string();
}

TEST(InventoryCli, RuntimeClosureIsExactlyWhatNixStoreSays)
{
    auto inv = inventory({test_store("result-system")});
    std::set<std::string> expected =
        lines_of(run_nix({"nix-store", "--query", "--requisites", test_store("result-system")}));
    EXPECT_EQ(closure_paths(*inv), expected);
    EXPECT_EQ(uint64_t(inv->doc["counts"]["runtime_paths"]), expected.size());
    EXPECT_EQ(std::string_view(inv->doc["targets"].at(0)["closure"]), "runtime");
    EXPECT_EQ(std::string_view(inv->doc["targets"].at(0)["path"]), real("result-system"));
}

TEST(InventoryCli, EveryPackageHasTheDeriverNixRecords)
{
    auto inv = inventory({test_store("result-system")});
    int checked = 0;
    for (auto p : inv->doc["packages"].get_array()) {
        for (auto path : p["closure_paths"].get_array()) {
            std::string deriver = run_nix({"nix-store", "--query", "--deriver", std::string(std::string_view(path))});
            EXPECT_EQ(std::string(std::string_view(p["drv_path"])) + "\n", deriver);
            ++checked;
        }
    }
    EXPECT_GE(checked, 14);
}

TEST(InventoryCli, NamesAndVersionsMatchTheDerivations)
{
    auto inv = inventory({test_store("result-system")});
    std::map<std::string, std::string> expected{{"openssl", "3.0.12"},
                                                {"curl", "8.4.0"},
                                                {"zlib", "1.2.13"},
                                                {"bzip2", "1.0.8"},
                                                {"requests", "2.31.0"},
                                                {"sqlite", "3.43.1"},
                                                {"tzcode", "unstable-2023-01-01"},
                                                {"openssh", "9.5p1"},
                                                {"nixos-system-testhost", "23.11.20231119.e4ad989"}};
    for (const auto& [pname, version] : expected) {
        auto p = package(*inv, pname);
        EXPECT_EQ(std::string_view(p["version"]), version) << pname;
        EXPECT_EQ(std::string_view(p["confidence"]), "high") << pname;
    }
    // bzip2 has no pname attribute: its name is split as parseDrvName does.
    EXPECT_EQ(std::string_view(package(*inv, "bzip2")["name_evidence"]), "drv-name");
    EXPECT_EQ(std::string_view(package(*inv, "requests")["name"]), "python3.11-requests-2.31.0");
    // Cross-check against `nix show-derivation`.
    std::string shown =
        run_nix({"nix", "show-derivation", std::string(std::string_view(package(*inv, "curl")["drv_path"]))});
    EXPECT_NE(shown.find("\"pname\": \"curl\""), std::string::npos);
    EXPECT_NE(shown.find("\"version\": \"8.4.0\""), std::string::npos);
}

TEST(InventoryCli, RecordsPatchesAndSourceUrls)
{
    auto inv = inventory({test_store("result-system")});
    auto openssl = package(*inv, "openssl");
    auto patches = openssl["patches"].get_array();
    ASSERT_EQ(patches.size(), 3U);
    EXPECT_EQ(std::string_view(patches.at(0)["name"]), "CVE-2023-5678.patch");
    EXPECT_EQ(std::string_view(patches.at(0)["urls"].at(0)),
              "https://github.com/openssl/openssl/commit/0d4d6b6c.patch");
    EXPECT_FALSE(patches.at(0)["drv_path"].is_null());
    EXPECT_EQ(std::string_view(patches.at(1)["name"]), "fix-build.patch");
    EXPECT_EQ(patches.at(1)["urls"].get_array().size(), 0U);
    EXPECT_EQ(std::string_view(openssl["sources"].at(0)["urls"].at(0)),
              "https://www.openssl.org/source/openssl-3.0.12.tar.gz");
    // Multi-output: all three declared, only `out` is in the runtime closure of the system.
    EXPECT_EQ(openssl["outputs"].get_object().size(), 3U);
    EXPECT_EQ(openssl["closure_paths"].get_array().size(), 1U);

    // __structuredAttrs: pname, version and patches come from __json.
    auto sqlite = package(*inv, "sqlite");
    EXPECT_EQ(std::string_view(sqlite["patches"].at(0)["name"]), "CVE-2023-7104.patch");
    EXPECT_EQ(std::string_view(sqlite["sources"].at(0)["urls"].at(0)),
              "https://sqlite.org/2023/sqlite-autoconf-3430100.tar.gz");

    auto tz = package(*inv, "tzcode");
    EXPECT_EQ(std::string_view(tz["sources"].at(0)["rev"]), "3c8f9e7b0a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f");
}

TEST(InventoryCli, BuildClosureOfADrvIsWhatNixStoreSays)
{
    auto inv = inventory({test_store("hello.drv")});
    EXPECT_EQ(std::string_view(inv->doc["targets"].at(0)["closure"]), "build");
    std::set<std::string> requisites =
        lines_of(run_nix({"nix-store", "--query", "--requisites", test_store("hello.drv")}));
    std::set<std::string> drvs;
    std::set<std::string> srcs;
    for (const auto& p : requisites)
        (p.ends_with(".drv") ? drvs : srcs).insert(p);
    std::set<std::string> got;
    for (const char* list : {"packages", "sources"}) {
        for (auto p : inv->doc[list].get_array())
            got.insert(std::string(std::string_view(p["drv_path"])));
    }
    EXPECT_EQ(got, drvs);
    EXPECT_EQ(uint64_t(inv->doc["counts"]["derivations"]), drvs.size());
    EXPECT_EQ(uint64_t(inv->doc["counts"]["input_sources"]), srcs.size());
    // Fetchers are sources, not packages; perl is a build-only input.
    for (auto s : inv->doc["sources"].get_array())
        EXPECT_TRUE(bool(s["fixed_output"]));
    EXPECT_TRUE(bool(package(*inv, "perl")["in_build_closure"]));
    EXPECT_FALSE(bool(package(*inv, "perl")["in_runtime_closure"]));
}

TEST(InventoryCli, BothClosuresMarkWhereEachPackageIs)
{
    auto inv = inventory({test_store("result-system"), "--closure", "both"});
    EXPECT_TRUE(bool(package(*inv, "openssl")["in_runtime_closure"]));
    EXPECT_TRUE(bool(package(*inv, "openssl")["in_build_closure"]));
    EXPECT_FALSE(bool(package(*inv, "perl")["in_runtime_closure"]));
    EXPECT_TRUE(bool(package(*inv, "perl")["in_build_closure"]));
    // Output target: the build closure is the one of its deriver.
    auto build = inventory({test_store("result-hello"), "--closure", "build"});
    EXPECT_EQ(uint64_t(build->doc["counts"]["runtime_paths"]), 0U);
    EXPECT_TRUE(bool(package(*build, "perl")["in_build_closure"]));
}

TEST(InventoryCli, FollowsProfilesAndSeveralTargets)
{
    auto profile = inventory({test_store("profiles/default")});
    EXPECT_EQ(std::string_view(profile->doc["targets"].at(0)["path"]), real("profiles/default"));
    package(*profile, "hello");
    package(*profile, "zlib");

    auto both = inventory({test_store("result-openssl-bin"), test_store("result-orphan-lib")});
    EXPECT_EQ(both->doc["targets"].get_array().size(), 2U);
    std::set<std::string> expected = lines_of(run_nix(
        {"nix-store", "--query", "--requisites", test_store("result-openssl-bin"), test_store("result-orphan-lib")}));
    EXPECT_EQ(closure_paths(*both), expected);
}

TEST(InventoryCli, NamesPackagesFromStorePathsWhenTheDrvIsGone)
{
    std::string deriver = run_nix({"nix-store", "--query", "--deriver", test_store("result-orphan-lib")});
    deriver.pop_back();
    ASSERT_FALSE(fs::exists(deriver)) << "the setup should have deleted " << deriver;
    auto inv = inventory({test_store("result-orphan-lib")});
    auto p = package(*inv, "libarchive");
    EXPECT_EQ(std::string_view(p["version"]), "3.6.2");
    EXPECT_EQ(std::string_view(p["confidence"]), "low");
    EXPECT_EQ(std::string_view(p["name_evidence"]), "deriver-name");
    EXPECT_EQ(std::string_view(p["drv_path"]), deriver);
    EXPECT_EQ(std::string_view(p["outputs"]["lib"]), real("result-orphan-lib"));
    EXPECT_EQ(uint64_t(inv->doc["counts"]["low_confidence"]), 1U);
    EXPECT_EQ(std::string_view(package(*inv, "zlib")["confidence"]), "high");
}

TEST(InventoryCli, FallsBackToTheNixStoreCommandWhenTheDatabaseIsUnreadable)
{
    auto direct = inventory({test_store("result-system")});
    auto fallback = inventory({test_store("result-system"), "--nix-db", "/nonexistent/db.sqlite"});
    EXPECT_NE(fallback->run.err.find("warning"), std::string::npos);
    EXPECT_NE(fallback->run.err.find("nix-store"), std::string::npos);
    EXPECT_EQ(closure_paths(*fallback), closure_paths(*direct));
    EXPECT_EQ(fallback->doc["packages"].get_array().size(), direct->doc["packages"].get_array().size());
}

void expect_error(const std::vector<std::string>& args, const std::string& needle,
                  const std::vector<std::string>& env = {})
{
    ProcessOutput out = run_nixvet(args, env);
    EXPECT_EQ(out.exit_code, 2) << out.out << out.err;
    EXPECT_EQ(out.out, "");
    EXPECT_NE(out.err.find(needle), std::string::npos) << out.err;
    // One clear line.
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << out.err;
}

TEST(InventoryCli, BadTargetsGiveOneClearErrorAndExitCode2)
{
    expect_error({"inventory", test_store("result-dangling")}, "dangling symlink");
    expect_error({"inventory", "/etc/passwd"}, "not in the Nix store");
    expect_error({"inventory", "/nonexistent/result"}, "does not exist");
    expect_error({"inventory", test_store("truncated.drv")}, test_store("truncated.drv") + ":300:");
    expect_error({"inventory", test_store("unbuilt.drv"), "--closure", "runtime"}, "has not been built");
    expect_error({"inventory", test_store("result-orphan-lib"), "--closure", "build"}, "garbage-collected");
    expect_error({"inventory"}, "no target");
    expect_error({"inventory", "/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkje-x"}, "not a Nix base-32 character");
    expect_error({"inventory", test_store("result-system"), "--nix-db", "/nonexistent/db.sqlite"}, "nix-store",
                 {"PATH=/nonexistent"});
    // A file that is not a database at all.
    expect_error({"inventory", test_store("result-system"), "--nix-db", test_store("truncated.drv")}, "nix-store",
                 {"PATH=/nonexistent"});
}

TEST(InventoryCli, UnbuiltDrvStillHasABuildClosure)
{
    auto inv = inventory({test_store("unbuilt.drv"), "--closure", "both"});
    package(*inv, "never-built");
    bool noted = false;
    for (auto n : inv->doc["notes"].get_array())
        noted |= std::string_view(n).find("not built") != std::string_view::npos;
    EXPECT_TRUE(noted);
}

TEST(InventoryCli, WritesSbomsThatFollowTheirSchemasAndReadBack)
{
    auto direct = inventory({test_store("result-system")});
    std::set<std::string> expected;
    for (auto p : direct->doc["packages"].get_array())
        expected.insert(std::string(std::string_view(p["pname"])) + " " + std::string(std::string_view(p["version"])));
    std::string file = "/tmp/nixvet-sbom-" + std::to_string(::getpid()) + ".json";
    for (const auto& [format, schema] :
         {std::pair<std::string, std::string>{"spdx", "spdx-2.3.schema.json"}, {"cyclonedx", "bom-1.6.schema.json"}}) {
        SCOPED_TRACE(format);
        ProcessOutput sbom = run_nixvet({"inventory", test_store("result-system"), "--format", format});
        ASSERT_EQ(sbom.exit_code, 0) << sbom.err;
        expect_valid(schema, sbom.out);
        std::ofstream(file) << sbom.out;
        auto back = inventory({file});
        std::set<std::string> read_back;
        for (auto p : back->doc["packages"].get_array())
            read_back.insert(std::string(std::string_view(p["pname"])) + " " +
                             std::string(std::string_view(p["version"])));
        read_back.erase(test_store("result-system") + " "); // CycloneDX: the target itself, as metadata
        EXPECT_EQ(read_back, expected) << "nixvet reads its own SBOM back as the same packages";
    }
    fs::remove(file);
}

TEST(InventoryCli, TableListsPackagesWithASummary)
{
    ProcessOutput out = run_nixvet({"inventory", test_store("result-system")}, {"NO_COLOR=1"});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_NE(out.out.find("PACKAGE"), std::string::npos);
    EXPECT_EQ(out.out.find("\x1b["), std::string::npos) << "no colours when not a terminal";
    auto lines = lines_of(out.out);
    bool row = false;
    for (const auto& l : lines)
        row |= l.starts_with("openssl ") && l.find("3.0.12") != std::string::npos && l.find(" 3 ") != std::string::npos;
    EXPECT_TRUE(row) << out.out;
    auto json = inventory({test_store("result-system")});
    EXPECT_NE(out.out.find(std::to_string(uint64_t(json->doc["counts"]["packages"])) + " packages, "),
              std::string::npos)
        << out.out;
}

} // namespace

// A scratch directory for one test, removed at the end.
class DrvCacheCli : public ::testing::Test
{
protected:
    ProcessOutput run(std::vector<std::string> args)
    {
        args.insert(args.begin(), "inventory");
        args.emplace_back("--format");
        args.emplace_back("json");
        return run_nixvet(args, {"NIXVET_DRV_CACHE=" + m_pack});
    }

    ScratchDir m_scratch{"nixvet-drvcache"};
    fs::path m_dir = m_scratch.path();
    std::string m_pack = m_scratch.file("cache/derivations.pack");
};

TEST_F(DrvCacheCli, ACachedRunPrintsWhatReadingTheStorePrints)
{
    std::vector<std::string> targets{test_store("result-system"), test_store("hello.drv"), "--closure", "both"};
    ProcessOutput first = run(targets);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(first.err, "");
    ASSERT_TRUE(fs::exists(m_pack));
    auto size = fs::file_size(m_pack);
    EXPECT_GT(size, 1000U);

    ProcessOutput second = run(targets);
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(second.out, first.out);
    EXPECT_EQ(fs::file_size(m_pack), size) << "nothing new was read, so nothing was added";

    std::vector<std::string> uncached = targets;
    uncached.emplace_back("--no-drv-cache");
    ProcessOutput plain = run(uncached);
    EXPECT_EQ(plain.out, first.out);
}

TEST_F(DrvCacheCli, ADamagedCacheIsReportedAndReplaced)
{
    std::vector<std::string> targets{test_store("hello.drv")};
    ProcessOutput clean = run(targets);
    ASSERT_EQ(clean.exit_code, 0) << clean.err;
    std::string bytes;
    {
        std::ifstream in(m_pack, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    bytes[bytes.size() / 2] ^= 0x55;
    std::ofstream(m_pack, std::ios::binary) << bytes;

    ProcessOutput damaged = run(targets);
    ASSERT_EQ(damaged.exit_code, 0) << damaged.err;
    EXPECT_EQ(damaged.out, clean.out);
    EXPECT_NE(damaged.err.find("nixvet: warning: " + m_pack + ":24: damaged derivation cache: checksum mismatch"),
              std::string::npos)
        << damaged.err;
    ProcessOutput after = run(targets);
    EXPECT_EQ(after.err, "") << "the cache was written anew";
    EXPECT_EQ(after.out, clean.out);
}

TEST_F(DrvCacheCli, ACacheThatCannotBeWrittenIsAWarningNotAFailure)
{
    // Below a regular file: no directory can be made there, not even by root.
    std::string blocked = m_scratch.file("file") + "/derivations.pack";
    std::ofstream(m_scratch.file("file")) << "x";
    ProcessOutput out = run_nixvet({"inventory", test_store("hello.drv"), "--format", "json", "--drv-cache", blocked});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    ProcessOutput plain = run_nixvet({"inventory", test_store("hello.drv"), "--format", "json", "--no-drv-cache"});
    EXPECT_EQ(out.out, plain.out);
    EXPECT_NE(out.err.find("nixvet: warning: cannot write the derivation cache " + blocked), std::string::npos)
        << out.err;
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << out.err;
}

TEST_F(DrvCacheCli, ADerivationCollectedAfterItWasCachedIsMissingAsWithoutTheCache)
{
    // A package of its own (the nonce makes its paths new), built, inventoried, then its .drv deleted.
    std::string repo = fs::canonical(fs::path(NIXVET_FIXTURES) / ".." / "..").string();
    std::string nonce = std::to_string(::getpid()) + "-" + std::to_string(::time(nullptr));
    std::string expr = "(import " + repo + "/nix/testpkgs/lib.nix { }).mkPackage { pname = \"gc-probe\"; " +
                       "version = \"1.0\"; extraAttrs.nixvetNonce = \"" + nonce + "\"; }";
    std::string result = (m_dir / "result").string();
    run_nix({"nix-build", "-E", expr, "-o", result});
    std::string drv = run_nix({"nix-store", "--query", "--deriver", result});
    drv.pop_back();
    ProcessOutput cached = run({result, "--closure", "both"});
    ASSERT_EQ(cached.exit_code, 0) << cached.err;
    EXPECT_NE(cached.out.find("\"name_evidence\": \"env\""), std::string::npos);

    run_nix({"nix-store", "--delete", "--ignore-liveness", drv});
    ASSERT_FALSE(fs::exists(drv));
    ProcessOutput with_cache = run({result});
    ProcessOutput without = run({result, "--no-drv-cache"});
    ASSERT_EQ(with_cache.exit_code, 0) << with_cache.err;
    EXPECT_EQ(with_cache.out, without.out);
    EXPECT_NE(with_cache.out.find("\"name_evidence\": \"deriver-name\""), std::string::npos) << with_cache.out;
}

// SPDX-License-Identifier: MIT
// `nixvet provenance` against the real test store: prebuilt packages packaged the ways nixpkgs
// packages them (nix/testpkgs: slack from a .deb, declared in meta; vault-bin, a release zip
// patched by autoPatchelfHook, not declared).
#include "cli_runner.hpp"

#include <gtest/gtest.h>
#include <map>

using namespace nixvet;
using namespace nixvet::test;

namespace {

// The provenance JSON of `args` and its packages by name (views into the document).
struct Report
{
    std::unique_ptr<JsonOutput> json;
    std::map<std::string, simdjson::dom::element> by_pname;
    simdjson::dom::element doc;
};

std::unique_ptr<Report> provenance(std::vector<std::string> args)
{
    args.insert(args.begin(), "provenance");
    args.emplace_back("--format");
    args.emplace_back("json");
    auto r = std::make_unique<Report>();
    r->json = json_of(run_nixvet(args));
    r->doc = r->json->doc;
    EXPECT_EQ(std::string_view(r->doc["schema"]), "nixvet.provenance/1");
    for (auto p : r->doc["packages"].get_array())
        r->by_pname[std::string(std::string_view(p["pname"]))] = p;
    return r;
}

std::vector<std::string> strings(simdjson::dom::element list)
{
    std::vector<std::string> out;
    for (auto s : list.get_array())
        out.emplace_back(std::string_view(s));
    return out;
}

TEST(ProvenanceCli, DeclaredAndInferredBinariesOfASystem)
{
    auto r = provenance({test_store("result-system"), "--meta", test_store("meta.json")});
    auto slack = r->by_pname.at("slack");
    EXPECT_EQ(std::string_view(slack["verdict"]), "declared-binary");
    EXPECT_EQ(strings(slack["declared"]), std::vector<std::string>{"binaryNativeCode"});
    EXPECT_EQ(std::string_view(slack["clues"].at(0)["what"]), "src is a Debian package");
    EXPECT_EQ(std::string_view(slack["clues"].at(0)["detail"]), "slack-desktop-4.35.131-amd64.deb");
    auto vault = r->by_pname.at("vault-bin");
    EXPECT_EQ(std::string_view(vault["verdict"]), "inferred-binary");
    EXPECT_TRUE(vault["declared"].is_null());
    EXPECT_EQ(std::string_view(vault["clues"].at(0)["detail"]), "auto-patchelf-hook")
        << "the hook comes from the .drv's nativeBuildInputs";
    EXPECT_EQ(std::string_view(r->by_pname.at("openssh")["verdict"]), "declared-source");
    EXPECT_EQ(std::string_view(r->by_pname.at("zlib")["verdict"]), "no-evidence");

    auto counts = r->doc["counts"];
    EXPECT_EQ(uint64_t(counts["declared_binary"]), 1U);
    EXPECT_EQ(uint64_t(counts["inferred_binary"]), 1U);
    EXPECT_EQ(uint64_t(counts["declared_source"]), 1U);
    EXPECT_EQ(uint64_t(counts["packages"]), r->by_pname.size());
    uint64_t sum = 0;
    for (const char* k : {"declared_binary", "inferred_binary", "possibly_binary", "declared_source", "no_evidence"})
        sum += uint64_t(counts[k]);
    EXPECT_EQ(sum, uint64_t(counts["packages"]));
}

TEST(ProvenanceCli, InfersTheDebWithoutNixpkgsMeta)
{
    auto r = provenance({test_store("result-system")});
    EXPECT_EQ(std::string_view(r->by_pname.at("slack")["verdict"]), "inferred-binary");
    EXPECT_EQ(std::string_view(r->by_pname.at("openssh")["verdict"]), "no-evidence");
}

TEST(ProvenanceCli, TheTableListsTheBinariesAndFailOnBinaryGates)
{
    ProcessOutput table = run_nixvet({"provenance", test_store("result-system")});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("\nslack "), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("\nvault-bin "), std::string::npos) << table.out;
    EXPECT_EQ(table.out.find("\nzlib "), std::string::npos) << "only packages with binary evidence by default";
    EXPECT_NE(table.out.find("2 binary (inferred)"), std::string::npos) << table.out;
    ProcessOutput all = run_nixvet({"provenance", test_store("result-system"), "--all"});
    EXPECT_NE(all.out.find("\nzlib "), std::string::npos) << all.out;

    EXPECT_EQ(run_nixvet({"provenance", test_store("result-system"), "--fail-on-binary"}).exit_code, 1);
    ProcessOutput clean = run_nixvet({"provenance", test_store("result-hello"), "--fail-on-binary"});
    EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
}

TEST(ProvenanceCli, ReadsTheBuildClosureOfADrvToo)
{
    // The tools of the build (dpkg, the hook) are packages of the build closure.
    auto r = provenance({test_store("result-system"), "--closure", "both"});
    EXPECT_TRUE(r->by_pname.count("dpkg"));
    EXPECT_EQ(std::string_view(r->by_pname.at("dpkg")["verdict"]), "no-evidence");
    EXPECT_EQ(std::string_view(r->by_pname.at("vault-bin")["verdict"]), "inferred-binary");
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "core/file.hpp"
#include "inventory/nix_meta.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

// What the real `nix-env -f nix/testpkgs -qa --json --meta --out-path` (Nix 2.8) printed.
const std::string k_file = std::string(NIXVET_FIXTURES) + "/meta/testpkgs-meta.json";

const NixMeta::Entry* entry(const NixMeta& meta, const std::string& attribute)
{
    for (const auto& e : meta.entries) {
        if (e.attribute == attribute)
            return &e;
    }
    return nullptr;
}

TEST(NixMeta, ReadsWhatNixEnvPrints)
{
    NixMeta meta = NixMeta::load(k_file);
    const NixMeta::Entry* libxml2 = entry(meta, "libxml2");
    ASSERT_NE(libxml2, nullptr);
    EXPECT_EQ(libxml2->name, "libxml2-2.9.14");
    EXPECT_EQ(libxml2->output_paths.size(), 3U) << "bin, dev and out";
    ASSERT_EQ(libxml2->known_vulnerabilities.size(), 2U);
    EXPECT_EQ(libxml2->known_vulnerabilities[0], "CVE-2022-40303: integer overflows with XML_PARSE_HUGE");
    const NixMeta::Entry* openssh = entry(meta, "openssh");
    ASSERT_NE(openssh, nullptr);
    EXPECT_EQ(openssh->cpe, "cpe:2.3:a:openbsd:openssh:9.5:p1:*:*:*:*:*:*") << "made of meta.identifiers.cpeParts";
    EXPECT_EQ(openssh->source_provenance, std::vector<std::string>{"fromSource"});
    const NixMeta::Entry* zlib = entry(meta, "zlib");
    ASSERT_NE(zlib, nullptr);
    EXPECT_TRUE(zlib->known_vulnerabilities.empty() && zlib->cpe.empty());
}

TEST(NixMeta, AppliesByOutputPathOrDrvPathNeverByName)
{
    NixMeta meta = NixMeta::load(k_file);
    const NixMeta::Entry* libxml2 = entry(meta, "libxml2");
    ASSERT_NE(libxml2, nullptr);
    Inventory inv;
    Package built;
    built.name = "libxml2-2.9.14";
    built.pname = "libxml2";
    built.outputs.emplace_back("out", libxml2->output_paths.back());
    Package other_build = built; // same name, another store path
    other_build.outputs = {{"out", "/nix/store/00000000000000000000000000000000-libxml2-2.9.14"}};
    Package by_drv = other_build;
    by_drv.drv_path = "/nix/store/11111111111111111111111111111111-openssh-9.5p1.drv";
    inv.packages = {built, other_build, by_drv};
    NixMeta with_drv = meta;
    for (auto& e : with_drv.entries) {
        if (e.attribute == "openssh")
            e.drv_path = by_drv.drv_path; // newer Nix prints drvPath
    }
    EXPECT_EQ(apply_meta(inv, with_drv), 2U);
    EXPECT_EQ(inv.packages[0].known_vulnerabilities.size(), 2U);
    EXPECT_EQ(inv.packages[0].meta_file, k_file);
    EXPECT_TRUE(inv.packages[1].meta_file.empty()) << "a name is not enough";
    EXPECT_EQ(inv.packages[2].cpe, "cpe:2.3:a:openbsd:openssh:9.5:p1:*:*:*:*:*:*");
    EXPECT_EQ(inv.packages[2].cpe_origin, "nixpkgs meta.identifiers");
}

TEST(NixMeta, BadDocumentsFailWithFileAndOffset)
{
    std::string text = read_file(k_file);
    try {
        NixMeta::parse(text.substr(0, 500), "meta.json");
        FAIL() << "a truncated document";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.file(), "meta.json");
        EXPECT_NE(std::string(e.what()).find("meta.json"), std::string::npos) << e.what();
    }
    EXPECT_THROW(NixMeta::parse("[1, 2]", "meta.json"), ParseError);
    EXPECT_THROW(NixMeta::parse(R"({"zlib": 3})", "meta.json"), ParseError);
    EXPECT_TRUE(NixMeta::parse("{}", "meta.json").entries.empty());
}

} // namespace

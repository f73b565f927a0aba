// SPDX-License-Identifier: MIT
#include "provenance/provenance.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

Package package(const std::string& pname, const std::vector<std::string>& src_names,
                const std::vector<std::string>& urls = {}, const std::vector<std::string>& tools = {})
{
    Package p;
    p.pname = pname;
    p.version = "1.0";
    p.name = pname + "-1.0";
    for (const auto& n : src_names)
        p.sources.push_back({"/nix/store/" + std::string(32, 'a') + "-" + n, n, "", urls, "", ""});
    if (src_names.empty() && !urls.empty())
        p.sources.push_back({"", "", "", urls, "", ""});
    p.native_build_inputs = tools;
    return p;
}

std::vector<std::string> whats(const std::vector<ProvenanceClue>& clues)
{
    std::vector<std::string> out;
    for (const auto& c : clues)
        out.push_back(c.what + (c.strength == ClueStrength::strong ? " [strong]" : " [weak]"));
    return out;
}

TEST(Provenance, VendorPackageFormatsAreStrongClues)
{
    struct Case
    {
        const char* file;
        SourceType type;
    };
    for (auto [file, type] :
         {Case{"slack-desktop-4.35.131-amd64.deb", SourceType::binary_native_code},
          Case{"zoom_x86_64.rpm", SourceType::binary_native_code},
          Case{"Obsidian-1.4.16.AppImage", SourceType::binary_native_code},
          Case{"setup.exe", SourceType::binary_native_code}, Case{"jenkins.war", SourceType::binary_bytecode},
          Case{"jetty-runner-9.4.53.jar", SourceType::binary_bytecode},
          Case{"Newtonsoft.Json.13.0.3.nupkg", SourceType::binary_bytecode},
          Case{"numpy-1.26.2-cp311-cp311-manylinux_2_17_x86_64.whl", SourceType::binary_native_code}}) {
        SCOPED_TRACE(file);
        auto clues = provenance_clues(package("x", {file}));
        ASSERT_EQ(clues.size(), 1U) << testing::PrintToString(whats(clues));
        EXPECT_EQ(clues[0].type, type);
        EXPECT_EQ(clues[0].strength, ClueStrength::strong);
        EXPECT_EQ(clues[0].detail, file);
    }
}

TEST(Provenance, SourceArchivesAndSourcePackagesAreNoClue)
{
    for (const char* file : {"openssl-3.0.12.tar.gz", "linux-6.1.55.tar.xz", "bash-5.2.tar.gz",
                             "requests-2.31.0-py3-none-any.whl", "rpm-4.18.1.tar.bz2", "foo-1.0.src.rpm",
                             "commons-io-2.15.0-sources.jar", "debian-archive-keyring.tar.xz", "source"}) {
        SCOPED_TRACE(file);
        EXPECT_TRUE(provenance_clues(package("x", {file})).empty())
            << testing::PrintToString(whats(provenance_clues(package("x", {file}))));
    }
}

TEST(Provenance, PlatformNamedReleasesAreWeakClues)
{
    for (const char* file : {"vault_1.15.2_linux_amd64.zip", "ripgrep-13.0.0-x86_64-unknown-linux-musl.tar.gz",
                             "node-v20.10.0-linux-x64.tar.xz", "go1.21.4.linux-amd64.tar.gz"}) {
        SCOPED_TRACE(file);
        auto clues = provenance_clues(package("x", {file}));
        ASSERT_EQ(clues.size(), 1U);
        EXPECT_EQ(clues[0].strength, ClueStrength::weak);
    }
    // A bare executable laid out by platform in its URL.
    auto kubectl =
        provenance_clues(package("kubectl", {}, {"https://dl.k8s.io/release/v1.28.4/bin/linux/amd64/kubectl"}));
    ASSERT_EQ(kubectl.size(), 1U);
    EXPECT_EQ(kubectl[0].detail, "https://dl.k8s.io/release/v1.28.4/bin/linux/amd64/kubectl");
    // A source file that happens to name a platform in its path is not an archive of one.
    EXPECT_TRUE(provenance_clues(package("x", {"linux-x86_64.patch"})).empty());
}

TEST(Provenance, BuildToolsAndNamesAreClues)
{
    auto clues = provenance_clues(package("vault-bin", {}, {}, {"auto-patchelf-hook", "unzip-6.0"}));
    EXPECT_EQ(whats(clues),
              (std::vector<std::string>{"patches prebuilt ELF files (autoPatchelfHook in nativeBuildInputs) [strong]",
                                        "nixpkgs names prebuilt packages '-bin' [weak]"}));
    EXPECT_EQ(whats(provenance_clues(package("x", {}, {}, {"dpkg-1.21.22"}))),
              (std::vector<std::string>{"unpacks a Debian package (dpkg in nativeBuildInputs) [weak]"}));
    EXPECT_TRUE(provenance_clues(package("x", {}, {}, {"dpkgx-1", "auto-patchelf-hooked"})).empty());
    auto firmware = provenance_clues(package("linux-firmware", {"linux-firmware-20231111.tar.gz"}));
    ASSERT_EQ(firmware.size(), 1U);
    EXPECT_EQ(firmware[0].type, SourceType::binary_firmware);
    EXPECT_EQ(firmware[0].strength, ClueStrength::weak);
    EXPECT_TRUE(provenance_clues(package("bin", {})).empty()) << "only a '-bin' suffix counts";
}

TEST(Provenance, OneClueOfEachKindTheSourceNameFirst)
{
    auto clues = provenance_clues(package(
        "slack", {"slack-desktop-4.35.131-amd64.deb"},
        {"https://downloads.slack-edge.com/desktop-releases/linux/x64/4.35.131/slack-desktop-4.35.131-amd64.deb"}));
    ASSERT_EQ(clues.size(), 1U);
    EXPECT_EQ(clues[0].detail, "slack-desktop-4.35.131-amd64.deb");
}

TEST(Provenance, ADeclarationDecidesAndAConflictIsShown)
{
    Package declared = package("slack", {"slack.deb"});
    declared.evidence = NameEvidence::derivation_env;
    declared.source_provenance = {"binaryNativeCode"};
    PackageProvenance r = assess_provenance(declared, 3);
    EXPECT_EQ(r.package, 3U);
    EXPECT_EQ(r.verdict, ProvenanceVerdict::declared_binary);
    EXPECT_EQ(r.binary_types, std::vector<SourceType>{SourceType::binary_native_code});
    EXPECT_FALSE(r.conflict);
    EXPECT_TRUE(r.from_derivation);

    Package source = package("openssh", {"openssh-9.5p1.tar.gz"});
    source.source_provenance = {"fromSource"};
    EXPECT_EQ(assess_provenance(source, 0).verdict, ProvenanceVerdict::declared_source);
    EXPECT_FALSE(assess_provenance(source, 0).conflict);

    Package lying = package("tool", {"tool_amd64.deb"});
    lying.source_provenance = {"fromSource"};
    PackageProvenance c = assess_provenance(lying, 0);
    EXPECT_EQ(c.verdict, ProvenanceVerdict::declared_source);
    EXPECT_TRUE(c.conflict);
    EXPECT_TRUE(c.binary_types.empty());

    Package mixed = package("jdk", {});
    mixed.source_provenance = {"fromSource", "binaryBytecode", "binaryNativeCode", "binaryBytecode"};
    PackageProvenance m = assess_provenance(mixed, 0);
    EXPECT_EQ(m.verdict, ProvenanceVerdict::declared_binary);
    EXPECT_EQ(m.declared.size(), 3U) << "repeats counted once";
    EXPECT_EQ(m.binary_types, (std::vector<SourceType>{SourceType::binary_bytecode, SourceType::binary_native_code}));

    Package odd = package("x", {});
    odd.source_provenance = {"binaryFromTheFuture"};
    PackageProvenance o = assess_provenance(odd, 0);
    EXPECT_TRUE(o.declared.empty());
    EXPECT_EQ(o.unknown_declared, std::vector<std::string>{"binaryFromTheFuture"});
    EXPECT_EQ(o.verdict, ProvenanceVerdict::no_evidence) << "a name nixpkgs does not define is kept, not guessed at";
}

TEST(Provenance, InferenceWithoutADeclaration)
{
    PackageProvenance strong = assess_provenance(package("vault-bin", {}, {}, {"auto-patchelf-hook"}), 0);
    EXPECT_EQ(strong.verdict, ProvenanceVerdict::inferred_binary);
    EXPECT_EQ(strong.binary_types, std::vector<SourceType>{SourceType::binary_native_code});

    PackageProvenance weak = assess_provenance(package("linux-firmware", {}), 0);
    EXPECT_EQ(weak.verdict, ProvenanceVerdict::possibly_binary);
    EXPECT_EQ(weak.binary_types, std::vector<SourceType>{SourceType::binary_firmware});

    // With a strong clue, the verdict's types are the strong clues' only.
    PackageProvenance both = assess_provenance(package("fw-bin", {"tool.jar"}), 0);
    EXPECT_EQ(both.binary_types, std::vector<SourceType>{SourceType::binary_bytecode});

    Package named = package("zlib", {});
    named.evidence = NameEvidence::store_path_name;
    PackageProvenance n = assess_provenance(named, 0);
    EXPECT_EQ(n.verdict, ProvenanceVerdict::no_evidence);
    EXPECT_FALSE(n.from_derivation);
}

TEST(Provenance, TheReportCountsEveryPackageOnce)
{
    Inventory inv;
    inv.packages.push_back(package("vault-bin", {}, {}, {"auto-patchelf-hook"}));
    inv.packages.push_back(package("zlib", {"zlib-1.3.tar.gz"}));
    inv.packages.push_back(package("linux-firmware", {}));
    Package declared = package("slack", {});
    declared.source_provenance = {"binaryNativeCode"};
    inv.packages.push_back(declared);
    Package lying = package("tool", {"tool_amd64.deb"});
    lying.source_provenance = {"fromSource"};
    inv.packages.push_back(lying);
    inv.packages.back().evidence = NameEvidence::sbom;
    ProvenanceReport r = assess_provenance(inv);
    ASSERT_EQ(r.packages.size(), 5U);
    for (size_t i = 0; i < r.packages.size(); ++i)
        EXPECT_EQ(r.packages[i].package, i);
    EXPECT_EQ(r.inferred_binary, 1U);
    EXPECT_EQ(r.no_evidence, 1U);
    EXPECT_EQ(r.possibly_binary, 1U);
    EXPECT_EQ(r.declared_binary, 1U);
    EXPECT_EQ(r.declared_source, 1U);
    EXPECT_EQ(r.conflicts, 1U);
    EXPECT_EQ(r.without_derivation, 1U);
}

} // namespace

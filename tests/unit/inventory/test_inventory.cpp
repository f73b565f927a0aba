// SPDX-License-Identifier: MIT
// build_inventory helpers: the chains that pull packages in.
#include "inventory/inventory.hpp"
#include "inventory/sbom.hpp"
#include "store/closure.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

namespace {

// A runtime closure that is one chain: /nix/store/<hash>-n0 → n1 → … → n<length-1>.
nixvet::Closure chain_closure(size_t length)
{
    nixvet::Closure c;
    for (size_t i = 0; i < length; ++i) {
        nixvet::PathInfo info;
        info.path = "/nix/store/" + std::string(32, 'a') + "-n" + std::to_string(i);
        if (i + 1 < length)
            info.references = {"/nix/store/" + std::string(32, 'a') + "-n" + std::to_string(i + 1), info.path};
        c.runtime_paths.push_back(info);
    }
    c.runtime_roots = {c.runtime_paths.front().path};
    return c;
}

TEST(DependencyChains, AShortChainIsWholeALongOneKeepsItsEnds)
{
    nixvet::DerivationCache drvs{nixvet::StoreDir()};
    nixvet::Closure c = chain_closure(30);
    nixvet::ClosureChains chains(c, drvs);
    EXPECT_EQ(chains.runtime(c.runtime_paths[29].path).size(), 30U);
    EXPECT_TRUE(chains.runtime("/nix/store/" + std::string(32, 'b') + "-elsewhere").empty());

    nixvet::Inventory inv;
    nixvet::Package near;
    near.closure_paths = {c.runtime_paths[3].path};
    nixvet::Package far;
    far.closure_paths = {c.runtime_paths[29].path};
    inv.packages = {near, far};
    nixvet::add_dependency_chains(inv, chains, {0, 1});
    EXPECT_EQ(inv.packages[0].via.size(), 4U);
    EXPECT_EQ(inv.packages[0].via_omitted, 0U);
    const auto& via = inv.packages[1].via;
    ASSERT_EQ(via.size(), nixvet::k_max_via);
    EXPECT_EQ(inv.packages[1].via_omitted, 30U - nixvet::k_max_via);
    EXPECT_EQ(via.front(), c.runtime_paths[0].path);
    EXPECT_EQ(via[5], c.runtime_paths[5].path);
    EXPECT_EQ(via[6], c.runtime_paths[24].path);
    EXPECT_EQ(via.back(), c.runtime_paths[29].path);
}

using namespace nixvet;

TEST(MergeInventories, KeepsEveryPartSideBySideAndSortsPackages)
{
    auto part = [](std::string pname, std::string version, std::string note) {
        Inventory inv;
        Package p;
        p.pname = std::move(pname);
        p.version = std::move(version);
        inv.packages.push_back(p);
        inv.runtime_paths = 2;
        inv.low_confidence = 1;
        inv.notes.push_back(std::move(note));
        return inv;
    };
    std::vector<Inventory> parts;
    parts.push_back(part("zlib", "1.3", "from the closure"));
    parts.push_back(part("curl", "8.4.0", "from the SBOM"));
    parts.push_back(part("curl", "8.0.0", "from the image"));
    Inventory all = merge_inventories(std::move(parts));
    ASSERT_EQ(all.packages.size(), 3U);
    EXPECT_EQ(all.packages[0].pname + " " + all.packages[0].version, "curl 8.0.0");
    EXPECT_EQ(all.packages[1].version, "8.4.0");
    EXPECT_EQ(all.packages[2].pname, "zlib");
    EXPECT_EQ(all.runtime_paths, 6U);
    EXPECT_EQ(all.low_confidence, 3U);
    EXPECT_EQ(all.notes, (std::vector<std::string>{"from the closure", "from the SBOM", "from the image"}));
}

TEST(Sbom, AnEmptyVersionIsNoVersionNotAPartOfTheName)
{
    // sbomnix writes "version": "" for generated files; re-parsing their names made fake
    // packages: unit-autovt-.service version ".service", dbus-1 (dbus version 1, a HIGH CVE),
    // and a second kernel from linux-6.1.62-modules-shrunk. Without a version field at all, the
    // name may still hold one (some generators write "hello-2.12.1").
    std::string path =
        (std::filesystem::temp_directory_path() / ("nixvet-sbom-" + std::to_string(::getpid()) + ".json")).string();
    std::ofstream(path) << R"({"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [
        {"type": "library", "name": "unit-autovt-.service", "version": ""},
        {"type": "library", "name": "dbus-1", "version": ""},
        {"type": "library", "name": "linux-6.1.62-modules-shrunk", "version": ""},
        {"type": "library", "name": "linux", "version": "6.1.62"},
        {"type": "library", "name": "hello-2.12.1"}]})";
    Inventory inv = read_sbom(path, path);
    std::filesystem::remove(path);
    std::set<std::string> got;
    for (const auto& p : inv.packages)
        got.insert(p.pname + "|" + p.version);
    EXPECT_EQ(got, (std::set<std::string>{"unit-autovt-.service|", "dbus-1|", "linux-6.1.62-modules-shrunk|",
                                          "linux|6.1.62", "hello|2.12.1"}));
}

} // namespace

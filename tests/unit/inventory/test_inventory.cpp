// SPDX-License-Identifier: MIT
// build_inventory helpers: the chains that pull packages in.
#include "inventory/inventory.hpp"
#include "store/closure.hpp"

#include <gtest/gtest.h>

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

} // namespace

// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/image.hpp"
#include "inventory/package.hpp"
#include "store/closure.hpp"

#include <string>
#include <vector>

namespace nixvet {

/// A target as the inventory read it.
struct InventoryTarget
{
    std::string argument; ///< as the user typed it
    std::string path;     ///< the store path it resolved to
    std::string kind;     ///< "derivation" or "output"
    std::string closure;  ///< "runtime", "build" or "both"
};

/// The packages in a closure and how much of the store was read to find them.
struct Inventory
{
    std::vector<InventoryTarget> targets;
    std::vector<Package> packages; ///< real packages, sorted by pname, version, drv path
    std::vector<Package> sources;  ///< fixed-output derivations and plain sources
    size_t runtime_paths = 0;      ///< store paths in the runtime closure
    size_t derivations = 0;        ///< `.drv` files in the build closure
    size_t input_sources = 0;      ///< plain store paths the build closure takes as input
    size_t low_confidence = 0;     ///< packages named from store paths only
    std::vector<std::string> notes;
};

/// Output names that Nix packages commonly use, to split `jq-1.6-bin` into `jq-1.6` + `bin`.
bool is_common_output_name(std::string_view name);

/// The packages `query` names: a pname ("libxml2"), a name ("libxml2-2.9.14"), or a store path of
/// one (its `.drv`, an output, or a path inside one). Indexes into `inventory.packages`.
std::vector<size_t> find_packages(const Inventory& inventory, std::string_view query);

/// The shortest chain of references from a runtime root to one of `package`'s paths; empty when
/// none of them is in the runtime closure.
std::vector<std::string> shortest_runtime_chain(const ClosureChains& chains, const Package& package);

/// Sets the `via` of the packages `which` (indexes into inventory.packages): the shortest runtime
/// chain to one of its paths, else its build chain. A chain longer than k_max_via keeps its first
/// and last k_max_via / 2 links and counts the rest in `via_omitted`.
void add_dependency_chains(Inventory& inventory, const ClosureChains& chains, const std::vector<size_t>& which);
constexpr size_t k_max_via = 12;

/// The runtime closure a container image holds: every store path of its layers, with the
/// deriver and references this store records when the path is valid here (an image built on
/// this machine), else with an unknown origin (named from the path). `local` may be null.
Closure image_closure(const ContainerImage& image, const std::string& argument, PathInfoStore* local,
                      const StoreDir& store_dir);

/// Builds the inventory of `closure`, reading derivations from `drvs` (missing ones are named
/// from store paths). Throws ParseError for a malformed `.drv`.
Inventory build_inventory(const Closure& closure, DerivationCache& drvs);

/// One inventory of several (a closure, SBOMs, images): their targets, packages, sources, counts
/// and notes side by side, the packages sorted again by (pname, version). `parts` is not empty.
Inventory merge_inventories(std::vector<Inventory> parts);

} // namespace nixvet

// SPDX-License-Identifier: MIT
// Targets into an inventory: store paths, .drv files, links, SBOMs and container images, with
// the derivation cache and nixpkgs meta.
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "inventory/image.hpp"
#include "inventory/nix_meta.hpp"
#include "inventory/sbom.hpp"
#include "store/target.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <tuple>

namespace nixvet::cli {

namespace {

StoreDir store_dir_from_env()
{
    return StoreDir(env_or("NIX_STORE_DIR", "/nix/store"));
}

std::string default_nix_db()
{
    return env_or("NIX_STATE_DIR", "/nix/var/nix") + "/db/db.sqlite";
}

} // namespace

void add_store_options(CLI::App& cmd, StoreOptions& opts)
{
    cmd.add_option("targets", opts.targets,
                   "store paths, .drv files, result links, profiles (e.g. ~/.nix-profile), /run/current-system");
    cmd.add_flag("--system", opts.system, "add /run/current-system as a target");
    cmd.add_option("--closure", opts.closure,
                   "which dependencies to follow: auto (build closure of a .drv, runtime closure of anything built), "
                   "runtime, build or both")
        ->check(CLI::IsMember({"auto", "runtime", "build", "both"}));
    cmd.add_option("--nix-db", opts.nix_db,
                   "the Nix database (default $NIX_STATE_DIR/db/db.sqlite or "
                   "/nix/var/nix/db/db.sqlite)");
    cmd.add_option("--meta", opts.meta_files,
                   "nixpkgs meta of the packages, from 'nix-env -qa --json --meta --out-path'; repeatable")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    cmd.add_option("--drv-cache", opts.drv_cache,
                   "derivation cache file (default $NIXVET_DRV_CACHE, else "
                   "$XDG_CACHE_HOME/nixvet/derivations.pack); see docs/derivation-cache.md");
    cmd.add_flag("--no-drv-cache", opts.no_drv_cache, "read every .drv from the store; neither use nor fill the cache");
}

// A file of nixvet's: `option` when given, else $`env_var`, else $XDG_CACHE_HOME/nixvet/`name`,
// else ~/.cache/nixvet/`name`; empty when none of them is set.
std::string cache_file(const std::string& option, const char* env_var, const char* name)
{
    if (!option.empty())
        return option;
    if (const char* v = std::getenv(env_var); v && *v)
        return v;
    if (const char* v = std::getenv("XDG_CACHE_HOME"); v && *v)
        return std::string(v) + "/nixvet/" + name;
    if (const char* v = std::getenv("HOME"); v && *v)
        return std::string(v) + "/.cache/nixvet/" + name;
    return {};
}

namespace {

// The derivation cache file, or empty when there is none.
std::string drv_cache_path(const StoreOptions& opts)
{
    return opts.no_drv_cache ? std::string() : cache_file(opts.drv_cache, "NIXVET_DRV_CACHE", "derivations.pack");
}

// A JSON file outside the store that says it is a CycloneDX or SPDX document.
bool is_sbom_argument(const std::string& argument, const StoreDir& store_dir)
{
    if (argument.starts_with(store_dir.str() + "/"))
        return false;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(argument, ec) || argument.ends_with(".drv"))
        return false;
    std::FILE* f = std::fopen(argument.c_str(), "rb");
    if (!f)
        return false;
    std::string head(65536, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), f));
    std::fclose(f);
    return looks_like_sbom(head);
}

// A container image: a tar file outside the store (read as an image, so that a damaged one is
// reported as such), or a store path holding one (dockerTools.buildImage's result; a store path
// that is some other tarball stays a store path).
bool is_image_argument(const std::string& argument, const StoreDir& store_dir)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(argument, ec) || argument.ends_with(".drv"))
        return false;
    std::string real = std::filesystem::canonical(argument, ec).string();
    if (!ec && real.starts_with(store_dir.str() + "/"))
        return looks_like_image(argument);
    for (const char* suffix : {".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.zst", ".tar.bz2"}) {
        if (argument.ends_with(suffix))
            return true; // named as an archive: a damaged one gets the archive reader's error
    }
    return looks_like_tar(argument);
}

} // namespace

Inventory read_closure_inventory(const StoreOptions& opts, ClosureGraph* graph)
{
    StoreDir store_dir = store_dir_from_env();
    std::vector<std::string> arguments = opts.targets;
    if (opts.system)
        arguments.emplace_back("/run/current-system");
    if (arguments.empty())
        throw Error("no target given: name a store path, a .drv, a result link, a profile, an SBOM or a container "
                    "image, or use --system");
    std::vector<Target> targets;
    std::vector<Inventory> others; // SBOMs and images, merged with the closure's inventory at the end
    std::vector<std::string> images;
    for (const auto& a : arguments) {
        if (is_sbom_argument(a, store_dir))
            others.push_back(read_sbom(a, a));
        else if (is_image_argument(a, store_dir))
            images.push_back(a);
        else
            targets.push_back(resolve_target(a, store_dir));
    }
    if (graph && graph->required && targets.size() != arguments.size())
        throw Error("an SBOM or an image has no dependency graph to follow: name store paths, .drv files or result "
                    "links");

    std::string db_path = opts.nix_db.empty() ? default_nix_db() : opts.nix_db;
    std::unique_ptr<PathInfoStore> store;
    std::string fallback_warning;
    PathInfoStoreProvider provider = [&]() -> PathInfoStore& {
        if (!store) {
            store = open_path_info_store(db_path, fallback_warning);
            if (!fallback_warning.empty())
                diagnostic("warning", fallback_warning);
        }
        return *store;
    };
    auto drvs = std::make_unique<DerivationCache>(store_dir);
    std::string pack = drv_cache_path(opts);
    if (!pack.empty())
        drvs->use_pack(pack);
    for (const auto& a : images) {
        ContainerImage image = read_image(a);
        PathInfoStore* local = nullptr;
        std::string no_store;
        try {
            local = &provider();
        } catch (const Error& e) {
            no_store = e.what(); // an image can be audited where no Nix is installed
        }
        Inventory part = build_inventory(image_closure(image, a, local, store_dir), *drvs);
        part.targets.front().kind = "image";
        if (image.images.size() > 1) {
            std::vector<std::string> names;
            for (const auto& i : image.images)
                names.push_back(fmt::format("{} ({} layers)", i.name, i.layers.size()));
            part.notes.push_back(
                fmt::format("{} holds {} images, all read: {}", a, image.images.size(), fmt::join(names, "; ")));
        }
        if (image.verified_layers < image.layers.size())
            part.notes.push_back(fmt::format("{}: {} of its {} layers have no digest to check them against (a "
                                             "docker-archive without rootfs.diff_ids)",
                                             a, image.layers.size() - image.verified_layers, image.layers.size()));
        if (!no_store.empty())
            part.notes.push_back("no Nix store to look the image's paths up in (" + no_store + ")");
        others.push_back(std::move(part));
    }
    Inventory inventory;
    if (!targets.empty()) {
        Closure closure = compute_closure(targets, parse_closure_mode(opts.closure), *drvs, provider);
        inventory = build_inventory(closure, *drvs);
        if (graph) {
            graph->closure = std::move(closure);
            graph->drvs = std::move(drvs);
        }
    }
    DerivationCache* cache = graph && graph->drvs ? graph->drvs.get() : drvs.get();
    try {
        cache->save_pack();
    } catch (const Error& e) {
        diagnostic("warning", std::string(e.what()) + " (the derivations were read; only the cache is not updated)");
    }
    for (const auto& w : cache->warnings())
        diagnostic("warning", w);
    Inventory result;
    if (others.empty()) {
        result = std::move(inventory);
    } else {
        if (!targets.empty())
            others.insert(others.begin(), std::move(inventory));
        result = merge_inventories(std::move(others));
    }
    if (!fallback_warning.empty()) // the store was asked through nix-store: for store targets and images alike
        result.notes.push_back(fallback_warning);
    return result;
}

// The inventory of the targets, with the nixpkgs meta of the --meta files; with `graph`, also the
// closure graph.
Inventory read_inventory(const StoreOptions& opts, ClosureGraph* graph)
{
    Inventory inventory = read_closure_inventory(opts, graph);
    for (const auto& file : opts.meta_files) {
        size_t applied = apply_meta(inventory, NixMeta::load(file));
        inventory.notes.push_back(fmt::format("nixpkgs meta from {} describes {} of the {} packages", file, applied,
                                              inventory.packages.size()));
    }
    return inventory;
}

} // namespace nixvet::cli

// SPDX-License-Identifier: MIT
// The nixvet command line: the only code that reads argv and the environment, writes to
// stdout/stderr and chooses exit codes (0 fine, 1 policy failure, 2 error).
#include "core/error.hpp"
#include "inventory/inventory.hpp"
#include "report/inventory_report.hpp"
#include "store/closure.hpp"
#include "store/target.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <unistd.h>

#ifndef NIXVET_VERSION
#define NIXVET_VERSION "0.0.0"
#endif

namespace {

using namespace nixvet;

std::string env_or(const char* name, const std::string& fallback)
{
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

struct StoreOptions
{
    std::string nix_db;
    std::string closure = "auto";
    bool system = false;
    std::vector<std::string> targets;
};

StoreDir store_dir_from_env()
{
    return StoreDir(env_or("NIX_STORE_DIR", "/nix/store"));
}

std::string default_nix_db()
{
    return env_or("NIX_STATE_DIR", "/nix/var/nix") + "/db/db.sqlite";
}

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
}

Inventory read_inventory(const StoreOptions& opts)
{
    StoreDir store_dir = store_dir_from_env();
    std::vector<std::string> arguments = opts.targets;
    if (opts.system)
        arguments.emplace_back("/run/current-system");
    if (arguments.empty())
        throw Error("no target given: name a store path, a .drv, a result link or a profile, or use --system");
    std::vector<Target> targets;
    for (const auto& a : arguments)
        targets.push_back(resolve_target(a, store_dir));

    std::string db_path = opts.nix_db.empty() ? default_nix_db() : opts.nix_db;
    std::unique_ptr<PathInfoStore> store;
    std::string fallback_warning;
    PathInfoStoreProvider provider = [&]() -> PathInfoStore& {
        if (!store) {
            store = open_path_info_store(db_path, store_dir, fallback_warning);
            if (!fallback_warning.empty())
                std::cerr << "nixvet: warning: " << fallback_warning << '\n';
        }
        return *store;
    };
    DerivationCache drvs(store_dir);
    Closure closure = compute_closure(targets, parse_closure_mode(opts.closure), drvs, provider);
    Inventory inventory = build_inventory(closure, drvs);
    if (!fallback_warning.empty())
        inventory.notes.push_back(fallback_warning);
    return inventory;
}

bool want_color()
{
    return ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"nixvet: audits what a Nix closure ships (packages, vulnerabilities, provenance, hardening)",
                 "nixvet"};
    app.set_version_flag("--version", std::string("nixvet ") + NIXVET_VERSION);
    app.require_subcommand(1);

    StoreOptions inv_opts;
    std::string inv_format = "table";
    bool inv_sources = false;
    auto* inventory = app.add_subcommand("inventory", "list the packages in the closure of the targets");
    add_store_options(*inventory, inv_opts);
    inventory->add_option("--format", inv_format, "table or json (schema: docs/inventory-json.md)")
        ->check(CLI::IsMember({"table", "json"}));
    inventory->add_flag("--sources", inv_sources, "also list sources (fetched tarballs, patches, local files)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
        if (inventory->parsed()) {
            Inventory inv = read_inventory(inv_opts);
            if (inv_format == "json")
                std::cout << render_inventory_json(inv, NIXVET_VERSION);
            else
                std::cout << render_inventory_table(inv, TableStyle{want_color(), inv_sources});
            std::cout.flush();
            if (!std::cout)
                throw Error("cannot write to standard output");
        }
        return 0;
    } catch (const Error& e) {
        std::cerr << "nixvet: error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "nixvet: error: " << e.what() << '\n';
        return 2;
    }
}

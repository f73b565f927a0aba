// SPDX-License-Identifier: MIT
// What a scan reads besides the closure: the vulnerability database (judged before it is used),
// VEX documents and vulnix whitelists.
#include "cli/cli.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "report/database_parts.hpp"
#include "vulndb/database_trust.hpp"

namespace nixvet::cli {

// --db, else $NIXVET_DB, else $XDG_CACHE_HOME/nixvet/vulndb.sqlite, else ~/.cache/nixvet/vulndb.sqlite.
std::string vulndb_path(const std::string& option)
{
    std::string path = cache_file(option, "NIXVET_DB", "vulndb.sqlite");
    if (path.empty())
        throw Error("cannot place the vulnerability database: set --db, NIXVET_DB, XDG_CACHE_HOME or HOME");
    return path;
}

// What pulls in each package that has a finding (nothing for SBOM targets).
void add_finding_chains(Inventory& inv, const ClosureGraph& graph, const ScanResult& result)
{
    if (!graph.drvs)
        return;
    std::vector<size_t> affected;
    for (const auto& f : result.findings) {
        if (affected.empty() || affected.back() != f.package) // findings come grouped by package
            affected.push_back(f.package);
    }
    add_dependency_chains(inv, ClosureChains(graph.closure, *graph.drvs), affected);
}

void add_scan_inputs(CLI::App& cmd, ScanInputs& in)
{
    cmd.add_option("--db", in.db, "vulnerability database (default as for 'nixvet db')");
    cmd.add_option("--max-db-age", in.max_db_age,
                   "the oldest vulnerability data scanned, by its own newest record dates (7d, 36h, 2w; default 7d)");
    cmd.add_flag("--allow-stale-db", in.allow_stale_db,
                 "scan with data older than --max-db-age, saying so in every report (else exit 2)");
    // Repeatable options take one value each: `--whitelist wl.toml ./result` names one whitelist and a target.
    cmd.add_option("--vex", in.vex_files, "an OpenVEX or CycloneDX VEX document; repeatable")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
    cmd.add_option("--whitelist", in.whitelists, "a vulnix whitelist (TOML); repeatable")
        ->allow_extra_args(false)
        ->check(CLI::ExistingFile);
}

// Matches the inventory against the vulnerability database, then applies VEX and whitelists
// (an expired whitelist rule becomes a note of the inventory).
ScanResult run_scan(Inventory& inv, const ScanInputs& in, bool descriptions)
{
    std::string path = vulndb_path(in.db);
    int64_t max_age = parse_duration_seconds(in.max_db_age, "--max-db-age");
    VulnDb vdb(path, VulnDb::Mode::read);
    // Never a silent green: no vulnerability data, or data older than the limit, is no scan.
    StaleDatabase stale = in.allow_stale_db ? StaleDatabase::warn : StaleDatabase::refuse;
    int64_t now = now_unix_seconds();
    DatabaseReport database = assess_database(path, vdb.status(), now, max_age, stale);
    if (std::string refusal = database_refusal(database, stale); !refusal.empty())
        throw Error(refusal);
    for (const auto& w : database.warnings)
        diagnostic("warning", w);
    if (g_verbose) {
        std::string text = database_text(database);
        diagnostic("note", text.substr(0, text.find('\n')));
    }
    ScanResult result = match_inventory(inv, vdb, IdentityCatalog::builtin(), descriptions);
    result.database = std::move(database);
    if (!in.vex_files.empty()) {
        VexStatements vex;
        for (const auto& file : in.vex_files)
            vex.append(VexStatements::load(file));
        apply_vex(result, inv, vex);
    }
    if (!in.whitelists.empty()) {
        Whitelist whitelist;
        for (const auto& file : in.whitelists)
            whitelist.append(Whitelist::load(file));
        std::string today = format_utc(now, "%Y-%m-%d");
        apply_whitelist(result, inv, whitelist, today);
        for (const auto& e : whitelist.expired(today))
            inv.notes.push_back("whitelist rule no longer applies: " + e);
    }
    return result;
}

} // namespace nixvet::cli

// SPDX-License-Identifier: MIT
// What the subcommands of the CLI share: the process-wide options, output to the terminal and to
// files, reading targets into an inventory, and the scan's database. Only src/cli includes it.
#pragma once

#include "core/json_writer.hpp"
#include "inventory/inventory.hpp"
#include "match/matcher.hpp"
#include "store/closure.hpp"
#include "store/derivation_cache.hpp"

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#ifndef NIXVET_VERSION
#define NIXVET_VERSION "0.0.0"
#endif

namespace nixvet::cli {

/// One subcommand: its options, added to the parser, and what it does with them.
class Command
{
public:
    virtual ~Command() = default;
    /// Adds the subcommand and its options to `parent`.
    virtual void add_to(CLI::App& parent) = 0;
    /// Runs it once the arguments are parsed; returns the exit code. Throws Error.
    virtual int run() = 0;
    /// The exit code for an error (2; vulnix's 3 for scan --vulnix-exit-codes).
    [[nodiscard]] virtual int error_exit_code() const { return 2; }
    /// True when the arguments named this subcommand.
    [[nodiscard]] bool chosen() const { return m_app && m_app->parsed(); }

protected:
    CLI::App* m_app = nullptr;
};

std::unique_ptr<Command> make_inventory_command();
std::unique_ptr<Command> make_provenance_command();
std::unique_ptr<Command> make_why_command();
std::unique_ptr<Command> make_diff_command();
std::unique_ptr<Command> make_scan_command();
std::unique_ptr<Command> make_check_command();
std::unique_ptr<Command> make_db_command();

// --- output.cpp: the process-wide options and what is written where ---

/// -q, -v and --color, set by argument parsing.
extern bool g_quiet;
extern bool g_verbose;
extern std::string g_color;

/// The value of environment variable `name`, or `fallback` when unset or empty.
std::string env_or(const char* name, const std::string& fallback);
/// Whether stdout gets colour: --color, else a terminal without NO_COLOR or TERM=dumb.
bool want_color();
/// A text report on stdout, every control character of the inputs escaped.
void print_text(std::string_view text);
/// One line on stderr, "nixvet: KIND: MESSAGE", escaped; -q keeps warnings and notes back.
void diagnostic(const char* kind, std::string_view message);
/// --format's validator: any case, "table" for "text", one of `allowed`.
CLI::Validator format_word(std::vector<std::string> allowed);

/// One report written to a file besides stdout (-o FORMAT=FILE).
struct OutputFile
{
    std::string format;
    std::string path;
};
/// Adds -o/--output to `cmd`.
void add_output_option(CLI::App& cmd, std::vector<std::string>& outputs);
/// The -o values as (format, file); throws Error when a format cannot be told.
std::vector<OutputFile> output_files(const std::vector<std::string>& values, const std::vector<std::string>& formats);
/// Writes a report through a temporary file and a rename; throws Error naming the file.
void write_output(const OutputFile& o, const std::function<void(const JsonWriter::Sink&)>& write);
/// Ends the process with `code` once stdout is flushed (2 when it could not be written), without
/// freeing a large report's structures one by one.
[[noreturn]] void finish(int code);

// --- targets.cpp: targets into an inventory ---

/// The options of every command that reads targets.
struct StoreOptions
{
    std::string nix_db;
    std::string closure = "auto";
    bool system = false;
    std::vector<std::string> targets;
    std::vector<std::string> meta_files;
    std::string drv_cache;
    bool no_drv_cache = false;
};
void add_store_options(CLI::App& cmd, StoreOptions& opts);
/// A file of nixvet's: `option`, else $`env_var`, else under $XDG_CACHE_HOME or ~/.cache/nixvet.
std::string cache_file(const std::string& option, const char* env_var, const char* name);

/// The closure and its derivations, for the commands that walk the graph.
struct ClosureGraph
{
    bool required = false; ///< an SBOM target is an error (else it just has no graph)
    Closure closure;
    std::unique_ptr<DerivationCache> drvs; ///< null when there were only SBOM targets
};
/// The inventory of the targets (closures, SBOMs, images); with `graph`, also the closure graph.
Inventory read_closure_inventory(const StoreOptions& opts, ClosureGraph* graph = nullptr);
/// The same, with the nixpkgs meta of the --meta files applied.
Inventory read_inventory(const StoreOptions& opts, ClosureGraph* graph = nullptr);

// --- scan_inputs.cpp: the database and what a scan reads besides the closure ---

/// --db, else $NIXVET_DB, else $XDG_CACHE_HOME/nixvet/vulndb.sqlite, else ~/.cache/nixvet/vulndb.sqlite.
std::string vulndb_path(const std::string& option);

struct ScanInputs
{
    std::string db;
    std::vector<std::string> vex_files;
    std::vector<std::string> whitelists;
    std::string max_db_age = "7d";
    bool allow_stale_db = false;
};
void add_scan_inputs(CLI::App& cmd, ScanInputs& in);
/// Judges the database (no data, stale data: Error), matches, applies VEX and whitelists.
ScanResult run_scan(Inventory& inv, const ScanInputs& in, bool descriptions);
/// What pulls in each package that has a finding (nothing for SBOM targets).
void add_finding_chains(Inventory& inv, const ClosureGraph& graph, const ScanResult& result);

// --- arguments.cpp: argument errors as nixvet says them, and the limits ---

/// The exit codes, for --help.
extern const char* const k_exit_codes;
/// "unknown subcommand 'scna' (did you mean 'scan'?) ..." when a subcommand word names none; else empty.
std::string unknown_subcommand(CLI::App& app, int argc, char** argv);
/// CLI11's parse error as one nixvet line (unknown options with the nearest real one).
std::string parse_error_message(CLI::App& app, const CLI::ParseError& e);
/// The input limits from NIXVET_MAX_FILE_SIZE, NIXVET_MAX_ENTRY_SIZE, NIXVET_MAX_INPUT_SIZE,
/// NIXVET_MAX_RATIO; throws Error for a value that is not one.
void limits_from_environment();

} // namespace nixvet::cli

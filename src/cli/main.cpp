// SPDX-License-Identifier: MIT
// The nixvet command line: the only code that reads argv and the environment, writes to
// stdout/stderr and chooses exit codes (0 fine, 1 policy failure, 2 error).
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/terminal_text.hpp"
#include "inventory/image.hpp"
#include "inventory/inventory.hpp"
#include "inventory/nix_meta.hpp"
#include "inventory/sbom.hpp"
#include "match/matcher.hpp"
#include "match/scan_diff.hpp"
#include "match/scan_filter.hpp"
#include "policy/policy.hpp"
#include "provenance/provenance.hpp"
#include "report/check_report.hpp"
#include "report/database_parts.hpp"
#include "report/db_report.hpp"
#include "report/diff_report.hpp"
#include "report/html_report.hpp"
#include "report/interchange.hpp"
#include "report/inventory_report.hpp"
#include "report/provenance_report.hpp"
#include "report/scan_report.hpp"
#include "report/why_report.hpp"
#include "store/closure.hpp"
#include "store/target.hpp"
#include "vulndb/database_trust.hpp"
#include "vulndb/importer.hpp"
#include "vulndb/updater.hpp"
#include "vulndb/vuln_db.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <sys/stat.h>
#include <tuple>
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

// The options every subcommand takes (-q, -v, --color): set once by argument parsing.
bool g_quiet = false;
bool g_verbose = false;
std::string g_color = "auto";

// Colour on stdout: --color always|never, else a terminal unless NO_COLOR is set or TERM=dumb.
bool want_color()
{
    if (g_color == "always")
        return true;
    if (g_color == "never")
        return false;
    const char* term = std::getenv("TERM");
    return ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr &&
           !(term && std::string_view(term) == "dumb");
}

// A text report on stdout. Whatever the inputs held (a pname made with nix-instantiate, an NVD
// description, a VEX justification), no control character reaches the terminal: only nixvet's
// own colour codes do, and only when colour is on.
void print_text(std::string_view text)
{
    std::cout << terminal_safe(text, want_color() ? TerminalText::report : TerminalText::multi_line);
}

// One line on stderr: "nixvet: KIND: MESSAGE", the message escaped as a report is. -q keeps
// warnings and notes back, never errors.
void diagnostic(const char* kind, std::string_view message)
{
    if (g_quiet && std::string_view(kind) != "error")
        return;
    std::cerr << "nixvet: " << kind << ": " << terminal_safe(message) << '\n';
}

// --format's value: any case; "table" is "text" (the word of every subcommand).
CLI::Validator format_word(std::vector<std::string> allowed)
{
    return CLI::Validator(
        [allowed](std::string& value) -> std::string {
            std::transform(value.begin(), value.end(), value.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (value == "table")
                value = "text";
            if (std::find(allowed.begin(), allowed.end(), value) != allowed.end())
                return {};
            return fmt::format("'{}' is not one of {}", excerpt(value, 40), fmt::join(allowed, ", "));
        },
        fmt::format("{{{}}}", fmt::join(allowed, ",")));
}

// One report to write to a file besides stdout (-o FORMAT=FILE).
struct OutputFile
{
    std::string format;
    std::string path;
};

void add_output_option(CLI::App& cmd, std::vector<std::string>& outputs)
{
    cmd.add_option("-o,--output", outputs,
                   "also write the report as FORMAT to FILE (FORMAT=FILE, or FILE named .json, .sarif, .cdx.json, "
                   ".html, .txt); repeatable; each written whole or not at all")
        ->allow_extra_args(false);
}

// The -o values as (format, file): the format before '=', else from the file's name.
std::vector<OutputFile> output_files(const std::vector<std::string>& values, const std::vector<std::string>& formats)
{
    std::vector<OutputFile> out;
    for (const auto& v : values) {
        OutputFile o;
        size_t eq = v.find('=');
        std::string prefix = eq == std::string::npos ? std::string() : v.substr(0, eq);
        std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (prefix == "table")
            prefix = "text";
        if (!prefix.empty() && std::find(formats.begin(), formats.end(), prefix) != formats.end()) {
            o.format = prefix;
            o.path = v.substr(eq + 1);
        } else {
            o.path = v;
            static const std::pair<const char*, const char*> k_suffixes[] = {
                {".sarif", "sarif"},        {".sarif.json", "sarif"},
                {".cdx.json", "cyclonedx"}, {".openvex.json", "openvex"},
                {".vex.json", "openvex"},   {".bom.json", "cyclonedx"},
                {".spdx.json", "spdx"},     {".html", "html"},
                {".htm", "html"},           {".txt", "text"},
                {".json", "json"}};
            for (const auto& [suffix, format] : k_suffixes) {
                if (o.path.ends_with(suffix) && std::find(formats.begin(), formats.end(), format) != formats.end()) {
                    o.format = format;
                    break;
                }
            }
            if (o.format.empty())
                throw Error(fmt::format("-o {}: cannot tell the format from the name; write FORMAT=FILE ({})",
                                        excerpt(v, 80), fmt::join(formats, ", ")));
        }
        if (o.path.empty())
            throw Error(fmt::format("-o {}: no file named", excerpt(v, 80)));
        out.push_back(std::move(o));
    }
    return out;
}

// Writes a report to `path` through a temporary file in the same directory and a rename: the
// file appears whole or not at all. Text reports are escaped as on a terminal.
void write_output(const OutputFile& o, const std::function<void(const JsonWriter::Sink&)>& write)
{
    std::filesystem::path target(o.path);
    std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
    std::string temp = (std::filesystem::path(dir) / ("." + target.filename().string() + ".XXXXXX")).string();
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0)
        throw Error(fmt::format("cannot write {}: {}", o.path, std::strerror(errno)));
    std::FILE* f = ::fdopen(fd, "wb");
    bool text = o.format == "text";
    write([&](std::string_view piece) {
        std::string safe = text ? terminal_safe(piece, TerminalText::multi_line) : std::string();
        std::string_view bytes = text ? std::string_view(safe) : piece;
        std::fwrite(bytes.data(), 1, bytes.size(), f);
    });
    bool ok = std::fflush(f) == 0 && !std::ferror(f);
    ::fchmod(fd, 0644);
    ok = std::fclose(f) == 0 && ok;
    if (!ok || ::rename(temp.c_str(), o.path.c_str()) != 0) {
        int e = errno;
        ::unlink(temp.c_str());
        throw Error(fmt::format("cannot write {}: {}", o.path, std::strerror(e)));
    }
}

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

// One inventory of several (a closure, SBOMs, images): targets, packages, sources, counts and notes
// side by side, packages sorted again.
Inventory merge_inventories(std::vector<Inventory> parts)
{
    Inventory all = std::move(parts.front());
    for (size_t i = 1; i < parts.size(); ++i) {
        Inventory& p = parts[i];
        all.targets.insert(all.targets.end(), p.targets.begin(), p.targets.end());
        all.runtime_paths += p.runtime_paths;
        all.derivations += p.derivations;
        all.input_sources += p.input_sources;
        all.low_confidence += p.low_confidence;
        for (auto& pkg : p.packages)
            all.packages.push_back(std::move(pkg));
        for (auto& src : p.sources)
            all.sources.push_back(std::move(src));
        all.notes.insert(all.notes.end(), p.notes.begin(), p.notes.end());
    }
    std::stable_sort(all.packages.begin(), all.packages.end(), [](const Package& a, const Package& b) {
        return std::tie(a.pname, a.version) < std::tie(b.pname, b.version);
    });
    return all;
}

// The closure and its derivations, for the commands that walk the graph (why).
struct ClosureGraph
{
    bool required = false; ///< an SBOM target is an error (else it just has no graph)
    Closure closure;
    std::unique_ptr<DerivationCache> drvs; ///< null when there were only SBOM targets
};

Inventory read_closure_inventory(const StoreOptions& opts, ClosureGraph* graph = nullptr)
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
Inventory read_inventory(const StoreOptions& opts, ClosureGraph* graph = nullptr)
{
    Inventory inventory = read_closure_inventory(opts, graph);
    for (const auto& file : opts.meta_files) {
        size_t applied = apply_meta(inventory, NixMeta::load(file));
        inventory.notes.push_back(fmt::format("nixpkgs meta from {} describes {} of the {} packages", file, applied,
                                              inventory.packages.size()));
    }
    return inventory;
}

// Ends the process once the report is out, without freeing a closure's packages and findings
// one allocation at a time (the system takes the whole address space back at once; with 90,000
// findings the frees alone took a tenth of a second). Exits 2 when the report could not be written.
[[noreturn]] void finish(int code)
{
    std::cout.flush();
    if (!std::cout.good()) {
        std::cerr << "nixvet: error: cannot write the report to standard output\n";
        std::_Exit(2);
    }
    std::_Exit(code);
}

// --db, else $NIXVET_DB, else $XDG_CACHE_HOME/nixvet/vulndb.sqlite, else ~/.cache/nixvet/vulndb.sqlite.
std::string vulndb_path(const std::string& option)
{
    std::string path = cache_file(option, "NIXVET_DB", "vulndb.sqlite");
    if (path.empty())
        throw Error("cannot place the vulnerability database: set --db, NIXVET_DB, XDG_CACHE_HOME or HOME");
    return path;
}

// Progress on stderr, only on a terminal: bytes, records and rate.
class Progress
{
public:
    explicit Progress(bool quiet) : m_enabled(!quiet && ::isatty(STDERR_FILENO) != 0) {}

    void update(const ImportProgress& p)
    {
        if (!m_enabled)
            return;
        auto now = std::chrono::steady_clock::now();
        if (now - m_last < std::chrono::milliseconds(200))
            return;
        m_last = now;
        double seconds = std::chrono::duration<double>(now - m_start).count();
        std::fprintf(stderr, "\r  %.1f MiB read, %llu records (%.0f/s)   ", static_cast<double>(p.bytes) / (1 << 20),
                     static_cast<unsigned long long>(p.records),
                     seconds > 0 ? static_cast<double>(p.records) / seconds : 0.0);
        m_dirty = true;
    }
    void done()
    {
        if (m_dirty)
            std::fprintf(stderr, "\r%60s\r", "");
    }

private:
    bool m_enabled;
    bool m_dirty = false;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_last{};
};

void print_wait_message(const std::string& path)
{
    diagnostic("note", "another process is writing " + path + "; waiting for it to finish");
}

// Opens the database at `path` to update it. A damaged one is rebuilt by --full: into `fresh`
// (PATH.rebuild), which replaces it only once every source is in.
std::unique_ptr<VulnDb> open_for_update(const std::string& path, bool full, std::string& fresh)
{
    try {
        return std::make_unique<VulnDb>(path, VulnDb::Mode::write);
    } catch (const DamagedDatabase&) {
        if (!full)
            throw;
        diagnostic("note", "the vulnerability database " + path +
                               " is damaged: rebuilding it from the feeds (--full); it is replaced once every source "
                               "is in");
    }
    fresh = path + ".rebuild";
    for (const char* suffix : {"", "-wal", "-shm", ".checked"})
        std::filesystem::remove(fresh + suffix);
    return std::make_unique<VulnDb>(fresh, VulnDb::Mode::write);
}

// Moves the rebuilt database `fresh` over the damaged one at `path`.
void replace_database(const std::string& fresh, const std::string& path)
{
    for (const char* suffix : {"-wal", "-shm", ".checked"})
        std::filesystem::remove(path + suffix);
    std::filesystem::rename(fresh, path);
    std::filesystem::remove(fresh + ".checked");
}

int run_update(const std::string& path, const std::vector<std::string>& sources, const std::string& mirror, bool full,
               bool quiet, int timeout_seconds)
{
    std::string fresh;
    std::unique_ptr<VulnDb> opened = open_for_update(path, full, fresh);
    VulnDb& vdb = *opened;
    if (!vdb.rebuild_note().empty())
        diagnostic("note", vdb.rebuild_note());
    UpdateOptions options;
    for (const auto& s : sources) {
        if (s == "all")
            options.sources = update_source_names();
        else if (std::find(options.sources.begin(), options.sources.end(), s) == options.sources.end())
            options.sources.push_back(s);
    }
    options.mirror = mirror;
    options.full = full;
    options.now = now_unix_seconds();
    options.current_year = std::stoi(format_utc(options.now, "%Y"));
    options.download_dir = path + ".downloads";
    // For tests and slow links: the first retry delay in milliseconds (doubled per retry).
    if (const char* v = std::getenv("NIXVET_HTTP_RETRY_MS"); v && *v)
        options.retry_delay_ms = std::atoi(v);
    options.timeout_seconds = timeout_seconds;
    Progress progress(quiet);
    bool tty = !quiet && ::isatty(STDERR_FILENO) != 0;
    if (tty)
        options.on_retry = [](const std::string& url, const std::string& error, int delay_ms) {
            std::fprintf(stderr, "\r%78s\r", "");
            diagnostic("note", fmt::format("{}: {}; retrying in {} s", url, error, (delay_ms + 999) / 1000));
        };
    auto last = std::chrono::steady_clock::now();
    auto start = last;
    options.on_download = [&](const std::string& url, uint64_t done, uint64_t total) {
        auto now = std::chrono::steady_clock::now();
        if (!tty || now - last < std::chrono::milliseconds(200))
            return;
        last = now;
        double seconds = std::chrono::duration<double>(now - start).count();
        double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
        std::string eta =
            total > done && rate > 0 ? std::to_string(static_cast<int>((total - done) / rate)) + "s" : "?";
        std::fprintf(stderr, "\r  %s: %.1f/%.1f MiB, ETA %s     ", url.substr(url.rfind('/') + 1).c_str(),
                     static_cast<double>(done) / (1 << 20), static_cast<double>(total) / (1 << 20), eta.c_str());
    };
    options.on_import_progress = [&](const ImportProgress& p) { progress.update(p); };
    options.on_wait_for_lock = [&] { print_wait_message(path); };
    std::vector<SourceUpdate> results = update_sources(vdb, options);
    if (tty)
        std::fprintf(stderr, "\r%78s\r", "");
    bool failed = false;
    for (const auto& r : results) {
        if (!r.error.empty()) {
            failed = true;
            diagnostic("error", r.source + ": " + r.error);
            print_text(r.source + ": failed, unchanged\n");
            continue;
        }
        print_text(fmt::format("{}: {}{} fetched, {} not modified\n", r.source, r.mode.empty() ? "" : r.mode + ", ",
                               r.fetched, r.not_modified));
        if (!r.changes.empty())
            print_text(render_source_changes(r.changes));
    }
    if (!fresh.empty()) {
        opened.reset();
        if (failed) {
            diagnostic("error", "the damaged database " + path +
                                    " stays in place (refused by every command) until a "
                                    "rebuild gets every source");
            return 2;
        }
        replace_database(fresh, path);
        print_text("database " + path + " rebuilt\n");
        return 0;
    }
    print_text("database " + path + '\n');
    return failed ? 2 : 0;
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

// What a scan reads besides the closure.
struct ScanInputs
{
    std::string db;
    std::vector<std::string> vex_files;
    std::vector<std::string> whitelists;
    std::string max_db_age = "7d";
    bool allow_stale_db = false;
};

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

constexpr const char* k_exit_codes =
    "Exit codes: 0 success (scan: nothing at or above --fail-on; check: pass); 1 a gate failed (scan --fail-on, "
    "diff --fail-on-new, check's threat model, provenance --fail-on-binary, db status: a source never loaded or "
    "stale; scan --exit-code N chooses it); 2 error, one line on stderr (also: no or stale vulnerability data). "
    "scan --vulnix-exit-codes: 0 none, 1 only whitelisted, 2 found, 3 error.\n";

// The number of single-character edits between `a` and `b` (Levenshtein).
size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// " (did you mean 'scan'?)" for the nearest of `candidates` within a third of the word, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
    std::string best;
    size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        size_t d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

// "unknown subcommand 'scna' (did you mean 'scan'?)" when a word where a subcommand belongs
// (nixvet WORD, nixvet db WORD) names none; else empty.
std::string unknown_subcommand(CLI::App& app, int argc, char** argv)
{
    CLI::App* at = &app;
    std::string where = "nixvet";
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        if (at->get_subcommands({}).empty())
            return {};
        if (word.starts_with("-")) {
            // Skip an option's value: `nixvet db --db PATH status`.
            std::string name = word.substr(0, word.find('='));
            const CLI::Option* option = nullptr;
            for (CLI::App* a = at; a && !option; a = a->get_parent())
                option = a->get_option_no_throw(name);
            if (option && word.find('=') == std::string::npos && option->get_items_expected_min() > 0)
                ++i;
            continue;
        }
        std::vector<std::string> names;
        CLI::App* next = nullptr;
        for (auto* sub : at->get_subcommands({})) {
            names.push_back(sub->get_name());
            if (sub->get_name() == word)
                next = sub;
        }
        if (!next)
            return fmt::format("unknown subcommand '{}'{} (run '{} --help')", excerpt(word, 60),
                               did_you_mean(word, names), where);
        at = next;
        where += " " + word;
    }
    return {};
}

// CLI11's parse error as nixvet says things: unknown options named with the nearest real one.
std::string parse_error_message(CLI::App& app, const CLI::ParseError& e)
{
    // The deepest subcommand given, whose options the arguments were meant for.
    CLI::App* sub = &app;
    for (bool deeper = true; deeper;) {
        deeper = false;
        for (auto* s : sub->get_subcommands({})) {
            if (s->parsed()) {
                sub = s;
                deeper = true;
                break;
            }
        }
    }
    std::string where = sub == &app ? "nixvet" : "nixvet " + sub->get_name();
    if (sub->get_parent() && sub->get_parent() != &app)
        where = "nixvet " + sub->get_parent()->get_name() + " " + sub->get_name();
    std::string what = e.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        std::vector<std::string> options;
        for (CLI::App* a = sub; a; a = a->get_parent()) {
            for (const auto* o : a->get_options({})) {
                for (const auto& n : o->get_lnames())
                    options.push_back("--" + n);
            }
        }
        // "The following argument(s) was/were not expected: A B"
        std::vector<std::string> words;
        std::string list = what.substr(what.find(": ") == std::string::npos ? what.size() : what.find(": ") + 2);
        for (size_t at = 0; at < list.size();) {
            size_t space = list.find(' ', at);
            words.push_back(list.substr(at, space == std::string::npos ? std::string::npos : space - at));
            at = space == std::string::npos ? list.size() : space + 1;
        }
        std::reverse(words.begin(), words.end()); // CLI11 lists them last first
        if (!words.empty() && words.front().starts_with("-"))
            return fmt::format("unknown option '{}'{} (run '{} --help')", excerpt(words.front(), 60),
                               did_you_mean(words.front().substr(0, words.front().find('=')), options), where);
        if (!words.empty())
            return fmt::format("unexpected argument '{}' (run '{} --help')", excerpt(words.front(), 60), where);
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e) && what.find("subcommand") != std::string::npos) {
        std::vector<std::string> names;
        for (const auto* s : sub->get_subcommands({}))
            names.push_back(s->get_name());
        for (const auto& word : sub->remaining()) {
            if (!word.starts_with("-"))
                return fmt::format("unknown subcommand '{}'{} (run '{} --help')", excerpt(word, 60),
                                   did_you_mean(word, names), where);
        }
        return fmt::format("name a subcommand: {} (run '{} --help')", fmt::join(names, ", "), where);
    }
    return fmt::format("{} (run '{} --help')", what, where);
}

// The input limits (docs/limits.md) from NIXVET_MAX_FILE_SIZE, NIXVET_MAX_ENTRY_SIZE,
// NIXVET_MAX_INPUT_SIZE and NIXVET_MAX_RATIO, where set.
void limits_from_environment()
{
    InputLimits& limits = input_limits();
    const std::pair<const char*, uint64_t*> settings[] = {
        {"NIXVET_MAX_FILE_SIZE", &limits.file_bytes},
        {"NIXVET_MAX_ENTRY_SIZE", &limits.entry_bytes},
        {"NIXVET_MAX_INPUT_SIZE", &limits.input_bytes},
    };
    for (const auto& [name, value] : settings) {
        if (const char* v = std::getenv(name); v && *v)
            *value = parse_size(v, name);
    }
    if (const char* v = std::getenv("NIXVET_MAX_RATIO"); v && *v) {
        std::string_view text(v);
        if (text.find_first_not_of("0123456789") != std::string_view::npos || text.size() > 12)
            throw Error(fmt::format("NIXVET_MAX_RATIO: '{}' is not a whole number (0: no limit)", excerpt(text, 40)));
        limits.expansion_ratio = std::stoull(std::string(text));
    }
    limits.derivation_bytes = std::min(limits.derivation_bytes, limits.file_bytes);
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"nixvet: audits what a Nix closure ships (packages, vulnerabilities, provenance, threat model)",
                 "nixvet"};
    app.set_version_flag("--version", std::string("nixvet ") + NIXVET_VERSION);
    app.require_subcommand(1);
    // -q, -v and --color may come before or after the subcommand.
    app.fallthrough();
    app.add_flag("-q,--quiet", g_quiet, "no warnings, notes or progress on stderr (errors still)");
    app.add_flag("-v,--verbose", g_verbose, "also say on stderr which database is used and how old its data is");
    app.add_option("--color", g_color, "colour on a terminal: auto (not with NO_COLOR or TERM=dumb), always, never")
        ->transform(format_word({"auto", "always", "never"}));
    app.footer(k_exit_codes);

    StoreOptions inv_opts;
    std::string inv_format = "text";
    bool inv_sources = false;
    auto* inventory = app.add_subcommand("inventory", "list the packages in the closure of the targets");
    add_store_options(*inventory, inv_opts);
    inventory
        ->add_option("-f,--format", inv_format,
                     "table, json (docs/inventory-json.md), or an SBOM: cyclonedx (CycloneDX 1.6) or spdx (SPDX "
                     "2.3); docs/interchange.md")
        ->transform(format_word({"text", "json", "cyclonedx", "spdx"}));
    inventory->add_flag("--sources", inv_sources, "also list sources (fetched tarballs, patches, local files)");

    StoreOptions prov_opts;
    std::string prov_format = "text";
    bool prov_all = false;
    bool prov_fail = false;
    auto* provenance = app.add_subcommand(
        "provenance", "which packages ship prebuilt code (binaries, bytecode, firmware) rather than what was built "
                      "from source: nixpkgs' meta.sourceProvenance (--meta) and clues from each derivation");
    add_store_options(*provenance, prov_opts);
    provenance->add_option("-f,--format", prov_format, "text or json (schema: docs/provenance.md)")
        ->transform(format_word({"text", "json"}));
    provenance->add_flag("--all", prov_all, "list every package, not only those with binary evidence");
    provenance->add_flag("--fail-on-binary", prov_fail,
                         "exit 1 when a package is binary, declared or inferred from a strong clue");

    StoreOptions why_opts;
    std::string why_query;
    std::string why_format = "text";
    auto* why = app.add_subcommand("why", "why a package is in the closure: the shortest chains of references "
                                          "(runtime) and of input derivations (build) that pull it in");
    why->add_option("package", why_query, "a pname, a name-version, or a store path (.drv, output, or a path in one)")
        ->required();
    add_store_options(*why, why_opts);
    why->add_option("-f,--format", why_format, "text or json")->transform(format_word({"text", "json"}));

    StoreOptions diff_opts;
    ScanInputs diff_inputs;
    std::string diff_format = "text";
    std::string diff_fail_on;
    auto* diff = app.add_subcommand("diff", "what an upgrade changed: packages added, removed or upgraded, and the "
                                            "vulnerabilities it fixed or brought (two targets: old, new)");
    add_store_options(*diff, diff_opts);
    add_scan_inputs(*diff, diff_inputs);
    diff->add_option("-f,--format", diff_format, "text or json")->transform(format_word({"text", "json"}));
    diff->add_option("--fail-on-new", diff_fail_on,
                     "exit 1 when the new target brings a finding at or above this severity")
        ->transform(format_word({"unknown", "low", "medium", "high", "critical"}));

    StoreOptions scan_opts;
    ScanInputs scan_inputs;
    std::string scan_format = "text";
    std::vector<std::string> scan_outputs;
    FindingFilter scan_filter;
    std::string scan_severities;
    std::string scan_sort = "package";
    int scan_exit_code = 1;
    bool vulnix_exit_codes = false;
    std::string fail_on;
    bool show_suppressed = false;
    bool offline = false;
    auto* scan = app.add_subcommand("scan", "find the known vulnerabilities of every package in the closure");
    add_store_options(*scan, scan_opts);
    add_scan_inputs(*scan, scan_inputs);
    const std::vector<std::string> scan_formats{"text", "json", "sarif", "cyclonedx", "openvex", "html"};
    std::string write_whitelist;
    scan->add_option("-f,--format", scan_format,
                     "text (or table), json (docs/scan-json.md), sarif (SARIF 2.1.0), cyclonedx (CycloneDX 1.6 BOM "
                     "with vulnerabilities; docs/interchange.md), openvex (OpenVEX 0.2.0 statements) or html (one "
                     "self-contained page)")
        ->transform(format_word(scan_formats));
    add_output_option(*scan, scan_outputs);
    scan->add_option("--fail-on", fail_on,
                     "exit 1 (or --exit-code) when a finding at or above this severity is not suppressed "
                     "(critical, high, medium, low, unknown)")
        ->transform(format_word({"unknown", "low", "medium", "high", "critical"}));
    scan->add_option("--exit-code", scan_exit_code, "the exit code when --fail-on finds something (default 1)")
        ->check(CLI::Range(1, 125));
    scan->add_flag("--vulnix-exit-codes", vulnix_exit_codes,
                   "exit as vulnix does, for monitoring checks: 0 nothing found, 1 only whitelisted or suppressed "
                   "findings, 2 findings, 3 an error (docs/vulnix-parity.md)");
    std::string scan_anchor;
    scan->add_option("--sarif-anchor", scan_anchor,
                     "locate SARIF results at this repository file (e.g. flake.lock), the store path as the logical "
                     "location, so that code scanning shows them");
    scan->add_option("--write-whitelist", write_whitelist,
                     "also write the findings that count as a vulnix whitelist (TOML) to review and pass back with "
                     "--whitelist");
    scan->add_flag("--only-fixed", scan_filter.only_fixed, "only findings with a known fixed version");
    scan->add_flag("--kev-only", scan_filter.kev_only, "only findings in CISA's KEV catalog");
    scan->add_option("--severity", scan_severities, "only these severities, e.g. critical,high");
    scan->add_option("--sort-by", scan_sort, "severity, epss, kev or package (default: package)")
        ->transform(format_word({"severity", "epss", "kev", "package"}));
    scan->add_flag("--show-suppressed", show_suppressed, "also list suppressed findings, with the reason");
    scan->add_flag("--offline", offline, "never touch the network (scan never does; accepted for scripts)");

    StoreOptions check_opts;
    ScanInputs check_inputs;
    std::string check_policy;
    std::string check_format = "text";
    auto* check = app.add_subcommand(
        "check", "one pass/fail for CI: the closure's vulnerabilities and provenance against a threat model");
    add_store_options(*check, check_opts);
    add_scan_inputs(*check, check_inputs);
    check->add_option("--policy", check_policy, "the threat model (TOML, docs/policy.md)")
        ->required()
        ->check(CLI::ExistingFile);
    std::vector<std::string> check_outputs;
    const std::vector<std::string> check_formats{"text", "json", "sarif", "html"};
    std::string check_anchor;
    check
        ->add_option(
            "-f,--format", check_format,
            "text, json (schema: docs/policy.md), sarif (a result per failure, warning and acceptance) or html")
        ->transform(format_word(check_formats));
    add_output_option(*check, check_outputs);
    check->add_option("--sarif-anchor", check_anchor,
                      "locate SARIF results at this repository file (e.g. flake.lock), the store path as the "
                      "logical location, so that code scanning shows them");

    std::string db_option;
    auto* db = app.add_subcommand("db", "the local vulnerability database (NVD, CVE List V5, OSV, KEV, EPSS)");
    db->require_subcommand(1);
    db->fallthrough(); // --db and --quiet may come after the db subcommand too
    db->add_option("--db", db_option, "database file (default $NIXVET_DB, else $XDG_CACHE_HOME/nixvet/vulndb.sqlite)");

    std::vector<std::string> update_sources_option{"all"};
    std::string update_mirror;
    bool update_full = false;
    auto* db_update = db->add_subcommand("update", "download the feeds (conditional GET; NVD's modified feed only when "
                                                   "the last full update is under 7 days old) and apply them");
    db_update->add_option("--source", update_sources_option, "nvd, cve5, osv, kev, epss or all (repeatable)")
        ->allow_extra_args(false)
        ->check(CLI::IsMember({"nvd", "cve5", "osv", "kev", "epss", "all"}));
    db_update->add_option("--mirror", update_mirror,
                          "base URL (https, http or file) of a mirror laid out as in docs/vulndb.md");
    db_update->add_flag("--full", update_full, "NVD: fetch every year's feed even when the modified feed would do");
    int update_timeout = 30;
    db_update
        ->add_option("--timeout", update_timeout,
                     "seconds to connect, and the longest a download may stall (default 30); no such host and "
                     "a refused connection fail at once")
        ->check(CLI::Range(1, 3600));
    std::vector<std::string> import_paths;
    auto* db_import = db->add_subcommand("import", "import feed files, directories or zip/tar archives (air-gapped "
                                                   "sites); the format is detected from the content");
    db_import->add_option("paths", import_paths, "files, directories or archives")->required();
    std::string status_format = "text";
    std::string status_max_age = "7d";
    auto* db_status = db->add_subcommand(
        "status", "records per source, how old the data is, last update, size; exit 1 when a source was never "
                  "loaded or its data is older than --max-db-age");
    db_status->add_option("-f,--format", status_format, "text or json")->transform(format_word({"text", "json"}));
    db_status->add_option("--max-db-age", status_max_age, "data older than this is stale (default 7d)");
    std::string show_id;
    std::string show_format = "text";
    auto* db_show = db->add_subcommand("show", "everything known about one CVE, from every source");
    db_show->add_option("id", show_id, "a CVE id (or an OSV id)")->required();
    db_show->add_option("-f,--format", show_format, "text or json")->transform(format_word({"text", "json"}));

    try {
        if (std::string unknown = unknown_subcommand(app, argc, argv); !unknown.empty()) {
            diagnostic("error", unknown);
            return 2;
        }
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) // --help, --version
            return app.exit(e);
        diagnostic("error", parse_error_message(app, e));
        return 2;
    }

    try {
        limits_from_environment();
        if (inventory->parsed()) {
            Inventory inv = read_inventory(inv_opts);
            auto out = [](std::string_view piece) { std::cout << piece; };
            if (inv_format == "json")
                write_inventory_json(inv, NIXVET_VERSION, out);
            else if (inv_format == "cyclonedx")
                write_inventory_cyclonedx(inv, NIXVET_VERSION, out);
            else if (inv_format == "spdx")
                write_inventory_spdx(inv, NIXVET_VERSION, format_utc(now_unix_seconds(), "%Y-%m-%dT%H:%M:%SZ"), out);
            else
                print_text(render_inventory_table(inv, TableStyle{want_color(), inv_sources}));
            finish(0);
        } else if (provenance->parsed()) {
            Inventory inv = read_inventory(prov_opts);
            ProvenanceReport report = assess_provenance(inv);
            if (prov_format == "json")
                std::cout << render_provenance_json(inv, report, NIXVET_VERSION);
            else
                print_text(render_provenance_table(inv, report, ProvenanceStyle{want_color(), prov_all}));
            finish(prov_fail && report.declared_binary + report.inferred_binary > 0 ? 1 : 0);
        } else if (why->parsed()) {
            ClosureGraph graph;
            graph.required = true;
            Inventory inv = read_closure_inventory(why_opts, &graph);
            ClosureChains chains(graph.closure, *graph.drvs);
            std::vector<WhyEntry> entries;
            for (size_t i : find_packages(inv, why_query)) {
                const Package& p = inv.packages[i];
                WhyEntry e;
                e.package = i;
                e.runtime = shortest_runtime_chain(chains, p);
                if (p.in_build && !p.drv_path.empty())
                    e.build = chains.build(p.drv_path);
                entries.push_back(std::move(e));
            }
            if (why_format == "json")
                std::cout << render_why_json(inv, why_query, entries, NIXVET_VERSION);
            else
                print_text(render_why_text(inv, why_query, entries));
            finish(entries.empty() ? 1 : 0);
        } else if (diff->parsed()) {
            if (diff_opts.targets.size() != 2 || diff_opts.system)
                throw Error("diff takes two targets: the old one, then the new one (e.g. a previous system "
                            "generation and /run/current-system)");
            std::vector<Inventory> sides;
            std::vector<ScanResult> scans;
            for (const auto& target : diff_opts.targets) {
                StoreOptions one = diff_opts;
                one.targets = {target};
                sides.push_back(read_inventory(one));
                scans.push_back(run_scan(sides.back(), diff_inputs, false));
            }
            ScanDiff d = diff_scans(sides[0], scans[0], sides[1], scans[1]);
            if (diff_format == "json")
                std::cout << render_diff_json(sides[0], sides[1], d, NIXVET_VERSION);
            else
                print_text(render_diff_text(sides[0], sides[1], d, want_color()));
            int code = 0;
            if (!diff_fail_on.empty()) {
                Severity threshold = parse_severity(diff_fail_on);
                for (const auto& c : d.introduced)
                    code = c.finding->severity >= threshold ? 1 : code;
            }
            finish(code);
        } else if (check->parsed()) {
            Policy policy = Policy::load(check_policy); // a bad policy fails before the closure is read
            Inventory inv = read_inventory(check_opts);
            ScanResult result = run_scan(inv, check_inputs, false);
            ProvenanceReport provenance = assess_provenance(inv);
            PolicyVerdict verdict =
                evaluate_policy(policy, inv, result, provenance, format_utc(now_unix_seconds(), "%Y-%m-%d"));
            auto emit = [&](const std::string& format, bool color, const JsonWriter::Sink& out) {
                if (format == "json")
                    out(render_check_json(inv, policy, verdict, NIXVET_VERSION));
                else if (format == "sarif")
                    out(render_check_sarif(inv, policy, verdict, NIXVET_VERSION, check_anchor));
                else if (format == "html")
                    out(render_check_html(inv, policy, verdict, NIXVET_VERSION));
                else
                    out(render_check_text(inv, policy, verdict, color));
            };
            for (const auto& o : output_files(check_outputs, check_formats))
                write_output(o, [&](const JsonWriter::Sink& out) { emit(o.format, false, out); });
            if (check_format == "text")
                emit("text", want_color(), [](std::string_view piece) { print_text(piece); });
            else
                emit(check_format, false, [](std::string_view piece) { std::cout << piece; });
            finish(verdict.pass ? 0 : 1);
        } else if (scan->parsed()) {
            std::vector<OutputFile> outputs = output_files(scan_outputs, scan_formats);
            if (!scan_severities.empty())
                scan_filter.severities = parse_severity_list(scan_severities);
            FindingOrder order = parse_finding_order(scan_sort);
            ClosureGraph graph;
            Inventory inv = read_inventory(scan_opts, &graph);
            bool descriptions = scan_format != "text" || !outputs.empty();
            ScanResult result = run_scan(inv, scan_inputs, descriptions);
            if (size_t dropped = filter_findings(result, scan_filter))
                inv.notes.push_back(
                    fmt::format("{} finding(s) left out by --only-fixed, --kev-only or --severity", dropped));
            sort_findings(result, order);
            add_finding_chains(inv, graph, result);
            auto emit = [&](const std::string& format, bool color, const JsonWriter::Sink& out) {
                if (format == "json")
                    write_scan_json(inv, result, NIXVET_VERSION, out);
                else if (format == "sarif")
                    write_scan_sarif(inv, result, NIXVET_VERSION, out, scan_anchor);
                else if (format == "cyclonedx")
                    write_scan_cyclonedx(inv, result, NIXVET_VERSION, out);
                else if (format == "openvex")
                    write_scan_openvex(inv, result, NIXVET_VERSION,
                                       format_utc(now_unix_seconds(), "%Y-%m-%dT%H:%M:%SZ"), out);
                else if (format == "html")
                    write_scan_html(inv, result, NIXVET_VERSION, out);
                else
                    out(render_scan_table(inv, result, ScanStyle{color, show_suppressed}));
            };
            for (const auto& o : outputs)
                write_output(o, [&](const JsonWriter::Sink& out) { emit(o.format, false, out); });
            if (!write_whitelist.empty())
                write_output({"toml", write_whitelist}, [&](const JsonWriter::Sink& out) {
                    out(render_vulnix_whitelist(inv, result, format_utc(now_unix_seconds(), "%Y-%m-%d")));
                });
            if (scan_format == "text")
                emit("text", want_color(), [](std::string_view piece) { print_text(piece); });
            else
                emit(scan_format, false, [](std::string_view piece) { std::cout << piece; });
            size_t counted = 0;
            size_t suppressed = 0;
            bool tripped = false;
            Severity threshold = fail_on.empty() ? Severity::unknown : parse_severity(fail_on);
            for (const auto& f : result.findings) {
                (f.suppressed.empty() ? counted : suppressed) += 1;
                tripped |= !fail_on.empty() && f.suppressed.empty() && f.severity >= threshold;
            }
            if (vulnix_exit_codes) // vulnix: 0 nothing, 1 only whitelisted, 2 found
                finish(counted > 0 ? 2 : suppressed > 0 ? 1 : 0);
            finish(tripped ? scan_exit_code : 0);
        } else if (db_import->parsed()) {
            std::string path = vulndb_path(db_option);
            VulnDb vdb(path, VulnDb::Mode::write);
            if (!vdb.rebuild_note().empty())
                diagnostic("note", vdb.rebuild_note());
            Progress progress(g_quiet);
            ImportOptions options;
            options.on_progress = [&](const ImportProgress& p) { progress.update(p); };
            options.on_wait_for_lock = [&] { print_wait_message(path); };
            std::vector<SourceChange> changes;
            try {
                changes = import_feeds(vdb, import_paths, options);
            } catch (...) {
                progress.done();
                throw;
            }
            progress.done();
            print_text(render_source_changes(changes) + "database " + path + " updated\n");
        } else if (db_update->parsed()) {
            return run_update(vulndb_path(db_option), update_sources_option, update_mirror, update_full, g_quiet,
                              update_timeout);
        } else if (db_status->parsed()) {
            std::string path = vulndb_path(db_option);
            VulnDb vdb(path, VulnDb::Mode::read);
            DatabaseReport report =
                assess_database(path, vdb.status(), now_unix_seconds(),
                                parse_duration_seconds(status_max_age, "--max-db-age"), StaleDatabase::refuse);
            if (status_format == "json")
                std::cout << render_db_status_json(report, vdb.size_bytes(), NIXVET_VERSION);
            else
                print_text(render_db_status(report, vdb.size_bytes()));
            finish(db_status_problems(report).empty() ? 0 : 1);
        } else if (db_show->parsed()) {
            VulnDb vdb(vulndb_path(db_option), VulnDb::Mode::read);
            auto details = vdb.show(show_id);
            if (!details)
                throw Error(show_id + " is not in the vulnerability database " + vdb.path());
            if (show_format == "json")
                std::cout << render_cve_details_json(*details);
            else
                print_text(render_cve_details(*details));
        }
        std::cout.flush();
        if (!std::cout)
            throw Error("cannot write to standard output");
        return 0;
    } catch (const Error& e) {
        diagnostic("error", e.what());
    } catch (const std::bad_alloc&) {
        diagnostic("error", "out of memory (an input larger than this machine can hold; docs/limits.md)");
    } catch (const std::exception& e) {
        diagnostic("error", e.what());
    }
    return scan->parsed() && vulnix_exit_codes ? 3 : 2; // vulnix says 3 for an error
}

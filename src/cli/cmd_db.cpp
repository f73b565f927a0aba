// SPDX-License-Identifier: MIT
// nixvet db: update, import, status and show of the local vulnerability database.
#include "cli/cli.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "report/db_report.hpp"
#include "vulndb/database_trust.hpp"
#include "vulndb/importer.hpp"
#include "vulndb/updater.hpp"
#include "vulndb/vuln_db.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

namespace nixvet::cli {

namespace {

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

class DbCommand : public Command
{
public:
    void add_to(CLI::App& parent) override
    {
        CLI::App& db = *(m_app = parent.add_subcommand("db", "the local vulnerability database (NVD, CVE List V5, "
                                                             "OSV, KEV, EPSS)"));
        db.require_subcommand(1);
        db.fallthrough(); // --db may come after the db subcommand too
        db.add_option("--db", m_db, "database file (default $NIXVET_DB, else $XDG_CACHE_HOME/nixvet/vulndb.sqlite)");

        m_update = db.add_subcommand("update", "download the feeds (conditional GET; NVD's modified feed only when "
                                               "the last full update is under 7 days old) and apply them");
        m_update->add_option("--source", m_sources, "nvd, cve5, osv, kev, epss or all (repeatable)")
            ->allow_extra_args(false)
            ->check(CLI::IsMember({"nvd", "cve5", "osv", "kev", "epss", "all"}));
        m_update->add_option("--mirror", m_mirror,
                             "base URL (https, http or file) of a mirror laid out as in docs/vulndb.md");
        m_update->add_flag("--full", m_full, "NVD: fetch every year's feed even when the modified feed would do");
        m_update
            ->add_option("--timeout", m_timeout,
                         "seconds to connect, and the longest a download may stall (default 30); no such host and "
                         "a refused connection fail at once")
            ->check(CLI::Range(1, 3600));

        m_import = db.add_subcommand("import", "import feed files, directories or zip/tar archives (air-gapped "
                                               "sites); the format is detected from the content");
        m_import->add_option("paths", m_import_paths, "files, directories or archives")->required();

        m_status = db.add_subcommand(
            "status", "records per source, how old the data is, last update, size; exit 1 when a source was never "
                      "loaded or its data is older than --max-db-age");
        m_status->add_option("-f,--format", m_status_format, "text or json")->transform(format_word({"text", "json"}));
        m_status->add_option("--max-db-age", m_status_max_age, "data older than this is stale (default 7d)");

        m_show = db.add_subcommand("show", "everything known about one CVE, from every source");
        m_show->add_option("id", m_show_id, "a CVE id (or an OSV id)")->required();
        m_show->add_option("-f,--format", m_show_format, "text or json")->transform(format_word({"text", "json"}));
    }

    int run() override
    {
        if (m_update->parsed())
            return run_update(vulndb_path(m_db), m_sources, m_mirror, m_full, g_quiet, m_timeout);
        if (m_import->parsed())
            return run_import();
        if (m_status->parsed())
            return run_status();
        return run_show();
    }

private:
    int run_import()
    {
        std::string path = vulndb_path(m_db);
        VulnDb vdb(path, VulnDb::Mode::write);
        if (!vdb.rebuild_note().empty())
            diagnostic("note", vdb.rebuild_note());
        Progress progress(g_quiet);
        ImportOptions options;
        options.on_progress = [&](const ImportProgress& p) { progress.update(p); };
        options.on_wait_for_lock = [&] { print_wait_message(path); };
        std::vector<SourceChange> changes;
        try {
            changes = import_feeds(vdb, m_import_paths, options);
        } catch (...) {
            progress.done();
            throw;
        }
        progress.done();
        print_text(render_source_changes(changes) + "database " + path + " updated\n");
        return 0;
    }

    int run_status()
    {
        std::string path = vulndb_path(m_db);
        VulnDb vdb(path, VulnDb::Mode::read);
        DatabaseReport report =
            assess_database(path, vdb.status(), now_unix_seconds(),
                            parse_duration_seconds(m_status_max_age, "--max-db-age"), StaleDatabase::refuse);
        if (m_status_format == "json")
            std::cout << render_db_status_json(report, vdb.size_bytes(), NIXVET_VERSION);
        else
            print_text(render_db_status(report, vdb.size_bytes()));
        return db_status_problems(report).empty() ? 0 : 1;
    }

    int run_show()
    {
        VulnDb vdb(vulndb_path(m_db), VulnDb::Mode::read);
        auto details = vdb.show(m_show_id);
        if (!details)
            throw Error(m_show_id + " is not in the vulnerability database " + vdb.path());
        if (m_show_format == "json")
            std::cout << render_cve_details_json(*details);
        else
            print_text(render_cve_details(*details));
        return 0;
    }

    std::string m_db;
    CLI::App* m_update = nullptr;
    CLI::App* m_import = nullptr;
    CLI::App* m_status = nullptr;
    CLI::App* m_show = nullptr;
    std::vector<std::string> m_sources{"all"};
    std::string m_mirror;
    bool m_full = false;
    int m_timeout = 30;
    std::vector<std::string> m_import_paths;
    std::string m_status_format = "text";
    std::string m_status_max_age = "7d";
    std::string m_show_id;
    std::string m_show_format = "text";
};

} // namespace

std::unique_ptr<Command> make_db_command()
{
    return std::make_unique<DbCommand>();
}

} // namespace nixvet::cli

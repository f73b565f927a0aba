// SPDX-License-Identifier: MIT
// `nixvet db` as a user runs it: the real binary, real fixture feeds, a real HTTP server on 127.0.0.1.
#include "cli_runner.hpp"
#include "core/sqlite.hpp"
#include "support/scratch_dir.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <signal.h>
#include <thread>
#include <unistd.h>

using namespace nixvet;
using namespace nixvet::test;
namespace fs = std::filesystem;

namespace {

const std::string k_fixtures = std::string(NIXVET_FIXTURES) + "/vulndb";
const std::string k_tools = NIXVET_TOOLS;

class DbCli : public ::testing::Test
{
protected:
    ProcessOutput db(std::vector<std::string> args, std::vector<std::string> env = {})
    {
        args.insert(args.begin(), {"db", "--db", m_db});
        env.emplace_back("NIXVET_HTTP_RETRY_MS=20");
        return run_nixvet(args, env);
    }

    int64_t count(const std::string& table)
    {
        sqlite::Database d(m_db, sqlite::OpenMode::read_only);
        sqlite::Statement s(d, "SELECT count(*) FROM " + table);
        s.step();
        return s.column_int(0);
    }

    std::string integrity()
    {
        sqlite::Database d(m_db, sqlite::OpenMode::read_write_create);
        sqlite::Statement s(d, "PRAGMA integrity_check");
        s.step();
        return std::string(s.column_text(0));
    }

    std::string make_mirror(const std::string& name, const std::vector<std::string>& flags = {})
    {
        std::string out = (m_dir / name).string();
        std::vector<std::string> argv{"python3", k_tools + "/make_mirror.py", k_fixtures, out};
        argv.insert(argv.end(), flags.begin(), flags.end());
        ProcessOutput p = run_process(argv);
        EXPECT_EQ(p.exit_code, 0) << p.err;
        return out;
    }

    ScratchDir m_scratch{"nixvet-dbcli"};
    fs::path m_dir = m_scratch.path();
    std::string m_db = m_scratch.file("vulndb.sqlite");
};

// A feed server on 127.0.0.1 for one test.
struct Server
{
    Server(const std::string& root, const std::string& log, const std::vector<std::string>& extra = {})
        : process([&] {
              std::vector<std::string> argv{"python3", k_tools + "/feed_server.py", root, "--log", log, "--lifetime",
                                            "120"};
              argv.insert(argv.end(), extra.begin(), extra.end());
              return argv;
          }())
    {
        port = process.read_line();
        EXPECT_FALSE(port.empty()) << "the feed server did not start";
    }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + port; }
    Background process;
    std::string port;
};

std::string read_text(const std::string& path)
{
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

size_t occurrences(const std::string& text, const std::string& needle)
{
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

TEST_F(DbCli, ImportStatusAndShow)
{
    ProcessOutput imported = db({"import", k_fixtures});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_NE(imported.out.find("nvd   2753 read: 2753 added"), std::string::npos) << imported.out;
    // The catalog comes twice (JSON and CSV): the second copy changes nothing.
    EXPECT_NE(imported.out.find("kev   2808 read: 1404 added, 0 updated, 1404 unchanged"), std::string::npos)
        << imported.out;

    // The fixtures' data is months old: stale against the default 7 days, fresh against 100 years.
    ProcessOutput stale = db({"status"});
    EXPECT_EQ(stale.exit_code, 1) << stale.err;
    EXPECT_NE(stale.out.find("warning: nvd data as of 2026-06-17"), std::string::npos) << stale.out;
    ProcessOutput status = db({"status", "--max-db-age", "36500d"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    for (const char* line : {"nvd          2753", "cve5          272", "kev          1404"})
        EXPECT_NE(status.out.find(line), std::string::npos) << status.out;
    EXPECT_EQ(status.out.find("warning"), std::string::npos);

    ProcessOutput show = db({"show", "CVE-2023-0464"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_NE(show.out.find("NVD: "), std::string::npos);
    EXPECT_NE(show.out.find("CVE List V5: PUBLISHED (assigner openssl"), std::string::npos) << show.out;
    ProcessOutput json = db({"show", "CVE-2014-0160", "--format", "json"});
    ASSERT_EQ(json.exit_code, 0);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json.out).get(doc), simdjson::SUCCESS) << json.out;
    EXPECT_EQ(std::string_view(doc["kev"]["known_ransomware_campaign_use"]), "Unknown");

    ProcessOutput missing = db({"show", "CVE-1900-0001"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("not in the vulnerability database"), std::string::npos);
}

TEST_F(DbCli, StatusWithoutADatabaseSaysWhatToDo)
{
    ProcessOutput status = db({"status"});
    EXPECT_EQ(status.exit_code, 2);
    EXPECT_NE(status.err.find("nixvet db update"), std::string::npos) << status.err;
}

TEST_F(DbCli, BadFeedsFailWithOneLineAndChangeNothing)
{
    ASSERT_EQ(db({"import", k_fixtures + "/kev/known_exploited_vulnerabilities.json"}).exit_code, 0);
    std::string feed = read_text(k_fixtures + "/kev/known_exploited_vulnerabilities.json");
    std::string cut = (m_dir / "cut.json").string();
    std::ofstream(cut) << feed.substr(0, feed.size() / 3);
    std::string gz = (m_dir / "truncated.json.gz").string();
    {
        std::string whole = read_text(k_fixtures + "/nvd/nvdcve-2.0-all.json.gz");
        std::ofstream(gz, std::ios::binary) << whole.substr(0, whole.size() / 2);
    }
    std::string v11 = (m_dir / "nvdcve-1.1-2019.json").string();
    std::ofstream(v11) << R"({"CVE_data_type" : "CVE", "CVE_data_format" : "MITRE", "CVE_Items" : [ ]})";
    struct Case
    {
        std::string file;
        std::string says;
    };
    for (const Case& c : {Case{cut, cut + ":"}, Case{gz, "truncated gzip"}, Case{v11, "NVD JSON 1.1"}}) {
        SCOPED_TRACE(c.file);
        ProcessOutput out = db({"import", k_fixtures + "/cve5", c.file});
        EXPECT_EQ(out.exit_code, 2);
        EXPECT_NE(out.err.find(c.says), std::string::npos) << out.err;
        EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << out.err;
        EXPECT_EQ(count("kev"), 1404);
        EXPECT_EQ(count("cve5"), 0) << "the good part of a failed import must not land either";
    }
}

TEST_F(DbCli, UpdateFromAMirrorThenOnlyWhatChanged)
{
    std::string mirror = make_mirror("mirror");
    std::string log = (m_dir / "server.log").string();
    Server server(mirror, log, {"--fail-once", "/kev/known_exploited_vulnerabilities.json"});

    ProcessOutput first = db({"update", "--mirror", server.url()});
    ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
    EXPECT_NE(first.out.find("nvd: full, 26 fetched"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("nvd   2763 read: 2753 added, 10 updated"), std::string::npos) << first.out;
    EXPECT_EQ(count("nvd_cve"), 2753);
    EXPECT_EQ(count("kev"), 1404);
    EXPECT_EQ(count("cve5"), 272);
    EXPECT_GT(count("osv"), 0);
    EXPECT_GT(count("epss"), 0);
    std::string requests = read_text(log);
    // The 500 was retried, and the retry succeeded.
    EXPECT_EQ(occurrences(requests, "GET /kev/known_exploited_vulnerabilities.json 500"), 1U) << requests;
    EXPECT_EQ(occurrences(requests, "GET /kev/known_exploited_vulnerabilities.json 200"), 1U) << requests;

    ProcessOutput second = db({"update", "--mirror", server.url()});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    // NVD is fresh: only the modified feed's .meta is asked for, and it says nothing changed.
    EXPECT_NE(second.out.find("nvd: modified feed, 0 fetched, 1 not modified"), std::string::npos) << second.out;
    EXPECT_NE(second.out.find("kev: 0 fetched, 1 not modified"), std::string::npos) << second.out;
    requests = read_text(log);
    EXPECT_EQ(occurrences(requests, "GET /kev/known_exploited_vulnerabilities.json 304 conditional"), 1U);
    EXPECT_EQ(occurrences(requests, "GET /nvd/nvdcve-2.0-2023.json.gz"), 1U) << "a year feed was fetched again";
    EXPECT_EQ(occurrences(requests, "GET /nvd/nvdcve-2.0-modified.meta"), 2U);

    // --full asks for every year again, but the unchanged .meta files spare the downloads.
    ProcessOutput full = db({"update", "--mirror", server.url(), "--source", "nvd", "--full"});
    ASSERT_EQ(full.exit_code, 0) << full.err;
    EXPECT_NE(full.out.find("nvd: full, 0 fetched, 26 not modified"), std::string::npos) << full.out;
}

TEST_F(DbCli, AFeedThatDoesNotMatchItsMetaLeavesItsSourceUnchanged)
{
    for (const auto& [flag, says] : {std::pair<std::string, std::string>{"--bad-sha256", "SHA-256"},
                                     std::pair<std::string, std::string>{"--truncate", "truncated"}}) {
        SCOPED_TRACE(flag);
        fs::remove(m_db);
        fs::remove(m_db + "-wal");
        fs::remove(m_db + "-shm");
        std::string mirror = make_mirror("mirror" + flag, {flag, "2014"});
        std::string log = (m_dir / ("server" + flag + ".log")).string();
        Server server(mirror, log);
        ProcessOutput out = db({"update", "--mirror", server.url(), "--source", "nvd", "--source", "kev"});
        EXPECT_EQ(out.exit_code, 2) << out.out;
        EXPECT_NE(out.err.find("nvd: "), std::string::npos) << out.err;
        EXPECT_NE(out.err.find(says), std::string::npos) << out.err;
        EXPECT_NE(out.err.find("nvdcve-2.0-2014"), std::string::npos) << out.err;
        EXPECT_NE(out.out.find("nvd: failed, unchanged"), std::string::npos);
        EXPECT_EQ(count("nvd_cve"), 0) << "no year of a failed NVD update may land";
        EXPECT_EQ(count("kev"), 1404) << "the other sources still update";
    }
}

TEST_F(DbCli, UpdatesFromAFileMirror)
{
    std::string mirror = make_mirror("mirror");
    ProcessOutput out = db({"update", "--mirror", "file://" + mirror, "--source", "kev", "--source", "epss"});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_EQ(count("kev"), 1404);
    ProcessOutput missing = db({"update", "--mirror", "file://" + (m_dir / "nowhere").string(), "--source", "kev"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("cannot download file://"), std::string::npos) << missing.err;
}

TEST_F(DbCli, AnUpdateWithNoNetworkFailsAtOnceWithOneLinePerSource)
{
    // Nothing listens on the port: a refused connection, as with no network; and a name that
    // cannot resolve. Neither is retried (they were, four times with growing waits).
    int port = 0;
    {
        ProcessOutput p = run_process({"python3", "-c",
                                       "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); "
                                       "print(s.getsockname()[1]); s.close()"});
        port = std::stoi(p.out);
    }
    for (const std::string& mirror :
         {"http://127.0.0.1:" + std::to_string(port), std::string("http://nixvet.invalid")}) {
        SCOPED_TRACE(mirror);
        ProcessOutput out = db({"update", "--mirror", mirror});
        EXPECT_EQ(out.exit_code, 2);
        for (const char* source : {"nvd", "cve5", "osv", "kev", "epss"}) {
            EXPECT_EQ(occurrences(out.err, std::string("nixvet: error: ") + source + ": cannot download " + mirror), 1U)
                << out.err;
            EXPECT_NE(out.out.find(std::string(source) + ": failed, unchanged"), std::string::npos) << out.out;
        }
        EXPECT_EQ(occurrences(out.err, "\n"), 5U) << "one line per source: " << out.err;
        EXPECT_EQ(out.err.find("attempts"), std::string::npos) << "not retried: " << out.err;
    }
    EXPECT_EQ(count("source_state"), 0) << "no source counts as updated";
}

TEST_F(DbCli, A304ToARequestThatWasNotConditionalIsNotBelieved)
{
    // A first update (no ETag, no date cached) answered "not modified" by a broken cache or proxy:
    // believing it made a never-fetched source look fresh.
    std::string mirror = make_mirror("mirror");
    std::string log = (m_dir / "server.log").string();
    Server server(mirror, log, {"--always-304", "/kev/known_exploited_vulnerabilities.json"});
    ProcessOutput out = db({"update", "--mirror", server.url(), "--source", "kev"});
    EXPECT_EQ(out.exit_code, 2) << out.out;
    EXPECT_NE(out.err.find("kev: cannot download " + server.url() +
                           "/kev/known_exploited_vulnerabilities.json: the server answered 304 Not Modified to a "
                           "request that was not conditional"),
              std::string::npos)
        << out.err;
    EXPECT_NE(out.out.find("kev: failed, unchanged"), std::string::npos) << out.out;
    EXPECT_EQ(count("kev"), 0);
    EXPECT_EQ(count("source_state WHERE source = 'kev'"), 0) << "the source was never updated";
    EXPECT_EQ(occurrences(read_text(log), "GET /kev/known_exploited_vulnerabilities.json 304 plain"), 1U);
}

TEST_F(DbCli, ADamagedDatabaseIsRefusedUntilAFullUpdateRebuildsIt)
{
    ASSERT_EQ(db({"import", k_fixtures}).exit_code, 0);
    ASSERT_EQ(db({"status", "--max-db-age", "36500d"}).exit_code, 0);
    {
        // Garbage over four pages in the middle of the file (as a failing disk or a hostile hand leaves it).
        std::fstream f(m_db, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(fs::file_size(m_db) / 2 / 16384 * 16384));
        std::string junk(4 * 16384, '\xA5');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    ASSERT_NE(integrity(), "ok") << "the damage is real";
    std::string damaged = read_text(m_db);
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"status"},
                                               {"show", "CVE-2023-0464"},
                                               {"import", k_fixtures + "/kev/known_exploited_vulnerabilities.json"}}) {
        SCOPED_TRACE(args.front());
        ProcessOutput out = db(args);
        EXPECT_EQ(out.exit_code, 2) << out.out;
        EXPECT_NE(out.err.find("nixvet: error: the vulnerability database " + m_db + " is damaged (SQLite: "),
                  std::string::npos)
            << out.err;
        EXPECT_NE(out.err.find("run 'nixvet db update --full' to rebuild it"), std::string::npos) << out.err;
    }
    ProcessOutput scan = run_nixvet({"scan", "--db", m_db, "--allow-stale-db", test_store("result-system")});
    EXPECT_EQ(scan.exit_code, 2) << "never a scan against a damaged database: " << scan.out;
    EXPECT_NE(scan.err.find("is damaged"), std::string::npos) << scan.err;
    EXPECT_EQ(read_text(m_db), damaged) << "nothing was written into it";

    // Without --full, an update refuses too; with it, the database is rebuilt from the feeds.
    std::string mirror = make_mirror("mirror");
    Server server(mirror, (m_dir / "server.log").string());
    EXPECT_EQ(db({"update", "--mirror", server.url()}).exit_code, 2);
    ProcessOutput rebuilt = db({"update", "--mirror", server.url(), "--full"});
    ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
    EXPECT_NE(rebuilt.err.find("is damaged: rebuilding it from the feeds (--full)"), std::string::npos) << rebuilt.err;
    EXPECT_NE(rebuilt.out.find("database " + m_db + " rebuilt"), std::string::npos) << rebuilt.out;
    EXPECT_EQ(integrity(), "ok");
    EXPECT_EQ(count("nvd_cve"), 2753);
    EXPECT_FALSE(fs::exists(m_db + ".rebuild"));
    EXPECT_EQ(run_nixvet({"scan", "--db", m_db, "--allow-stale-db", test_store("result-system")}).exit_code, 0);
}

// Kill a real import at several moments: the database must always be the one before it (or,
// once the commit went through, the one after it), intact and readable.
TEST_F(DbCli, KillingAnImportAtAnyMomentLosesNothing)
{
    ASSERT_EQ(db({"import", k_fixtures + "/nvd/nvdcve-2.0-all.json.gz"}).exit_code, 0);
    std::string big = (m_dir / "big.json.gz").string();
    ASSERT_EQ(run_process({"python3", k_tools + "/make_big_feed.py", k_fixtures, big, "40000"}).exit_code, 0);
    int interrupted = 0;
    for (int delay_ms : {30, 120, 300, 600, 1000, 1500}) {
        SCOPED_TRACE(delay_ms);
        Background import({NIXVET_BINARY, "db", "--db", m_db, "--quiet", "import", big});
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        // Readers keep working while the import runs, and see the database as it was.
        ProcessOutput during = db({"show", "CVE-2023-0464"});
        EXPECT_EQ(during.exit_code, 0) << during.err;
        int status = import.kill_and_wait(SIGKILL);
        bool killed = WIFSIGNALED(status);
        interrupted += killed;
        EXPECT_EQ(integrity(), "ok");
        int64_t n = count("nvd_cve");
        if (killed) // before the commit, or (on a fast machine) after it, between commit and exit; never between
            EXPECT_TRUE(n == 2753 || n == 2753 + 40000) << n << ": a killed import left part of itself behind";
        else
            EXPECT_EQ(n, 2753 + 40000);
        ProcessOutput status_out = db({"status"});
        EXPECT_NE(status_out.exit_code, 2)
            << "readable (1: old or partial data, as the fixtures are) " << status_out.err;
        ProcessOutput show = db({"show", "CVE-2023-0464"});
        EXPECT_EQ(show.exit_code, 0) << show.err;
        if (!killed)
            break;
    }
    EXPECT_GE(interrupted, 3) << "the import was too quick to be interrupted";
    ProcessOutput finish = db({"import", big});
    ASSERT_EQ(finish.exit_code, 0) << finish.err;
    EXPECT_EQ(count("nvd_cve"), 2753 + 40000);
}

TEST_F(DbCli, KillingAnUpdateAtAnyMomentLosesNothing)
{
    ASSERT_EQ(db({"import", k_fixtures + "/nvd/nvdcve-2.0-all.json.gz"}).exit_code, 0);
    std::string mirror = make_mirror("mirror", {"--modified-date", "2099-06-01T00:00:00.000"});
    std::string log = (m_dir / "server.log").string();
    Server server(mirror, log);
    int interrupted = 0;
    for (int delay_ms : {20, 80, 200, 400}) {
        SCOPED_TRACE(delay_ms);
        Background update({NIXVET_BINARY, "db", "--db", m_db, "--quiet", "update", "--mirror", server.url(), "--full"},
                          {"NIXVET_HTTP_RETRY_MS=20"});
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        int status = update.kill_and_wait(SIGKILL);
        interrupted += WIFSIGNALED(status);
        EXPECT_EQ(integrity(), "ok");
        ProcessOutput status_out = db({"status"});
        EXPECT_NE(status_out.exit_code, 2)
            << "readable (1: old or partial data, as the fixtures are) " << status_out.err;
        EXPECT_EQ(count("nvd_cve"), 2753) << "every NVD record is still there, old or updated";
        // The count holds whether none, some or all of the update landed; the content says which:
        // the modified feed's 10 records (dated 2099-06-01) are all updated, or none is.
        int64_t updated = count("nvd_cve WHERE last_modified = '2099-06-01T00:00:00.000'");
        EXPECT_TRUE(updated == 0 || updated == 10) << updated << " of the 10 modified records: a part of the update";
        ProcessOutput show = db({"show", "CVE-2023-0464"});
        EXPECT_EQ(show.exit_code, 0) << show.err;
    }
    EXPECT_GE(interrupted, 2);
    ProcessOutput finish = db({"update", "--mirror", server.url(), "--full"});
    EXPECT_EQ(finish.exit_code, 0) << finish.err;
    EXPECT_EQ(count("nvd_cve"), 2753);
    EXPECT_EQ(count("nvd_cve WHERE last_modified = '2099-06-01T00:00:00.000'"), 10) << "the update, whole";
}

TEST_F(DbCli, ShowsProgressOnATerminalOnly)
{
    // `script` gives the command a pseudo-terminal, as a user's shell would.
    std::string big = (m_dir / "big.json.gz").string();
    ASSERT_EQ(run_process({"python3", k_tools + "/make_big_feed.py", k_fixtures, big, "20000"}).exit_code, 0);
    std::string command = std::string(NIXVET_BINARY) + " db --db " + m_db + " import " + big;
    ProcessOutput tty = run_process({"script", "-qec", command, "/dev/null"});
    ASSERT_EQ(tty.exit_code, 0) << tty.err;
    EXPECT_NE(tty.out.find("MiB read"), std::string::npos) << tty.out;
    EXPECT_NE(tty.out.find("records ("), std::string::npos);
    ProcessOutput piped = db({"import", big});
    ASSERT_EQ(piped.exit_code, 0);
    EXPECT_EQ(piped.err, "") << "no progress when stderr is not a terminal";
    for (const std::string& quiet :
         {std::string(NIXVET_BINARY) + " db --quiet --db " + m_db + " import " + big, command + " --quiet"}) {
        ProcessOutput out = run_process({"script", "-qec", quiet, "/dev/null"});
        EXPECT_EQ(out.exit_code, 0) << out.out;
        EXPECT_EQ(out.out.find("MiB read"), std::string::npos) << out.out;
    }
}

} // namespace

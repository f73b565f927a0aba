// SPDX-License-Identifier: MIT
// Hostile input and damaged state, as a hostile user or file would present them: the real binary
// against inputs that tests/tools/make_hostile.py and make_image.py build here. Each test names
// the defect it guards against; each failed before the fix (exit 0, a replaced file, gigabytes
// of memory, or a silently wrong report).
#include "cli_runner.hpp"
#include "support/scratch_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace nixvet;
using namespace nixvet::test;
namespace fs = std::filesystem;

namespace {

const std::string k_tools = NIXVET_TOOLS;
const std::string k_fixtures = std::string(NIXVET_FIXTURES) + "/vulndb";

std::string read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

size_t lines(const std::string& text)
{
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A command that must fail with exactly one error line (exit 2) containing `says`.
void expect_one_error(const ProcessOutput& out, const std::string& says)
{
    EXPECT_EQ(out.exit_code, 2) << out.out << out.err;
    EXPECT_TRUE(out.err.starts_with("nixvet: error: ")) << out.err;
    EXPECT_EQ(lines(out.err), 1U) << out.err;
    EXPECT_NE(out.err.find(says), std::string::npos) << out.err;
}

class Hostile : public ::testing::Test
{
protected:
    std::string make(const std::vector<std::string>& args)
    {
        std::vector<std::string> argv{"python3", k_tools + "/make_hostile.py"};
        argv.insert(argv.end(), args.begin(), args.end());
        ProcessOutput made = run_process(argv);
        EXPECT_EQ(made.exit_code, 0) << made.err;
        return args.at(1);
    }
    std::string image(const std::string& format, const std::string& name, const std::vector<std::string>& extra = {})
    {
        return make_hello_image(format, m_scratch.file(name), extra);
    }
    ProcessOutput db(std::vector<std::string> args, const std::vector<std::string>& env = {})
    {
        args.insert(args.begin(), {"db", "--db", m_db});
        return run_nixvet(args, env);
    }
    // What `db status` says of the database: unchanged by a refused import.
    std::string status() { return db({"status"}).out; }

    ScratchDir m_scratch{"nixvet-hostile"};
    std::string m_db = m_scratch.file("vulndb.sqlite");
};

// 1. The derivation cache never replaces a file nixvet did not write.
TEST_F(Hostile, ADerivationCacheFileThatIsNotACacheIsNeitherUsedNorReplaced)
{
    std::string notes = m_scratch.file("notes.txt");
    write_text(notes, "my notes, not a cache\n");
    std::string empty = m_scratch.file("empty");
    write_text(empty, "");
    std::string fifo = m_scratch.file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    std::string link = m_scratch.file("link.pack");
    fs::create_symlink(notes, link);
    ProcessOutput plain = run_nixvet({"inventory", test_store("hello.drv"), "--format", "json", "--no-drv-cache"});
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    for (const auto& [cache, what] :
         std::vector<std::pair<std::string, std::string>>{{notes, "a file of something else"},
                                                          {empty, "an empty file"},
                                                          {fifo, "not a regular file"},
                                                          {link, "a symbolic link"}}) {
        SCOPED_TRACE(cache);
        for (bool by_env : {false, true}) {
            ProcessOutput out =
                by_env ? run_nixvet({"inventory", test_store("hello.drv"), "--format", "json"},
                                    {"NIXVET_DRV_CACHE=" + cache})
                       : run_nixvet({"inventory", test_store("hello.drv"), "--format", "json", "--drv-cache", cache});
            EXPECT_EQ(out.exit_code, 0) << out.err;
            EXPECT_EQ(out.out, plain.out) << "the derivations are read from the store instead";
            EXPECT_EQ(out.err, "nixvet: warning: " + cache + " is " + what +
                                   ", not a nixvet derivation cache: nixvet neither reads nor replaces it (name "
                                   "another file with --drv-cache or NIXVET_DRV_CACHE); the derivations are read "
                                   "from the store\n");
        }
    }
    EXPECT_EQ(read_text(notes), "my notes, not a cache\n");
    EXPECT_EQ(fs::file_size(empty), 0U);
    EXPECT_TRUE(fs::is_fifo(fifo));
    EXPECT_TRUE(fs::is_symlink(link));
    for (const auto& e : fs::directory_iterator(m_scratch.path()))
        EXPECT_EQ(e.path().string().find(".XXXXXX"), std::string::npos) << "no temporary file left";
}

// 2. An OCI image's JSON blobs are kept only when its index names them.
TEST_F(Hostile, AnImageOfManyJsonLookingBlobsIsReadInBoundedMemory)
{
    // 60 blobs of 8 MiB that start with '{' (2 MB on disk): every one was kept (480 MB and more).
    std::string file = make({"oci-many-blobs", m_scratch.file("many.tar.gz"), "60", "8"});
    ProcessOutput out = run_nixvet({"inventory", file, "--format", "json", "--no-drv-cache"});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_NE(out.out.find("\"pname\": \"leftpad\""), std::string::npos) << out.out;
    EXPECT_LT(out.max_rss_kib, 200 * 1024) << "peak RSS in KiB";
}

// 3. An archive entry is streamed, and a record larger than any real one is an error.
TEST_F(Hostile, AnArchiveHoldingAHugeRecordIsAnErrorAndChangesNothing)
{
    ASSERT_EQ(db({"import", k_fixtures + "/kev/known_exploited_vulnerabilities.json"}).exit_code, 0);
    std::string before = status();
    std::string file = make({"zip-big-record", m_scratch.file("osv.zip"), "100"});
    ProcessOutput out = db({"import", file});
    expect_one_error(out, file + ": entry 'PYSEC-0000-0000.json' is larger than 64 MiB, more than any OSV record");
    EXPECT_LT(out.max_rss_kib, 300 * 1024) << "the entry is not read whole (peak RSS in KiB)";
    EXPECT_EQ(status(), before);
}

// 4. Decompressed bytes are capped per entry and per input, and the caps can be set.
TEST_F(Hostile, DecompressionBombsStopAtTheLimits)
{
    // Three layers of 64 MiB of zeros, each gzip-compressed twice: 10 KB on disk.
    std::string bomb = make({"bomb-image", m_scratch.file("bomb.tar"), "64", "3", "2"});
    ProcessOutput entry = run_nixvet({"inventory", bomb, "--no-drv-cache"}, {"NIXVET_MAX_ENTRY_SIZE=16M"});
    expect_one_error(entry, bomb + ": entry '" + std::string(64, '0') +
                                "/layer.tar' expands past 16 MiB, the limit for one entry (NIXVET_MAX_ENTRY_SIZE");
    ProcessOutput input = run_nixvet({"inventory", bomb, "--no-drv-cache"}, {"NIXVET_MAX_INPUT_SIZE=100M"});
    expect_one_error(input, bomb + ": expands past 100 MiB, the limit for one input (NIXVET_MAX_INPUT_SIZE");
    ProcessOutput within = run_nixvet({"inventory", bomb, "--format", "json", "--no-drv-cache"});
    EXPECT_EQ(within.exit_code, 0) << "within the default limits the image is read: " << within.err;
    EXPECT_NE(within.out.find("\"low_confidence\": 3"), std::string::npos) << within.out;

    // Within every size limit but expanding from 10 KB to 300 MiB: a bomb by its ratio.
    std::string ratio = make({"bomb-image", m_scratch.file("bomb300.tar"), "300", "1", "2"});
    expect_one_error(run_nixvet({"inventory", ratio, "--no-drv-cache"}),
                     "/layer.tar' expands more than 4096 times its ");
    EXPECT_EQ(run_nixvet({"inventory", ratio, "--no-drv-cache"}, {"NIXVET_MAX_RATIO=0"}).exit_code, 0);

    std::string feed = make({"gz-bomb", m_scratch.file("nvdcve-2.0-bomb.json.gz"), "64"});
    expect_one_error(db({"import", feed}, {"NIXVET_MAX_ENTRY_SIZE=16M"}),
                     feed + ": expands past 16 MiB, the limit for one file (NIXVET_MAX_ENTRY_SIZE");
    expect_one_error(run_nixvet({"inventory", bomb}, {"NIXVET_MAX_ENTRY_SIZE=lots"}),
                     "NIXVET_MAX_ENTRY_SIZE: 'lots' is not a size");
}

// 5. Files are read only when they are regular files within the size limit; a store path is
// never a link out of the store.
TEST_F(Hostile, DevicesPipesLinksAndHugeFilesAreRefusedByName)
{
    fs::path store = m_scratch.path() / "store";
    fs::create_directories(store);
    std::string drv = (store / "0123456789abcdfghijklmnpqrsvwxyz-evil-1.0.drv").string();
    fs::create_symlink("/dev/zero", drv);
    expect_one_error(run_nixvet({"inventory", drv}, {"NIX_STORE_DIR=" + store.string()}),
                     "cannot read '" + drv + "': it is a symbolic link, not a file of the store");

    std::string fifo = m_scratch.file("policy.toml");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    expect_one_error(run_nixvet({"inventory", "--meta", "/dev/zero", test_store("hello.drv")}),
                     "cannot read '/dev/zero': it is a character device");
    expect_one_error(run_nixvet({"check", "--policy", fifo, test_store("hello.drv")}),
                     "cannot read '" + fifo + "': it is a pipe");
    std::string meta = m_scratch.file("meta.json");
    write_text(meta, "{" + std::string(4094, ' ') + "}");
    expect_one_error(run_nixvet({"inventory", "--meta", meta, test_store("hello.drv")}, {"NIXVET_MAX_FILE_SIZE=1K"}),
                     "cannot read '" + meta + "': 4 KiB is more than 1 KiB, the limit for one input file");
}

// 8. An image that cannot be read whole is an error; every image of an archive is read.
TEST_F(Hostile, EveryImageOfAnArchiveIsReadAndAnUnreadableListIsAnError)
{
    std::string multi = image("docker-multi", "multi.tar");
    ProcessOutput out = run_nixvet({"inventory", multi, "--format", "json"});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    ProcessOutput direct = run_nixvet({"inventory", test_store("result-hello"), "--format", "json"});
    auto count = [](const std::string& json) { return std::count(json.begin(), json.end(), '\n'); };
    EXPECT_NE(out.out.find("holds 2 images, all read: first:latest (1 layers); second:latest (1 layers)"),
              std::string::npos)
        << out.out;
    EXPECT_NE(out.out.find("\"pname\": \"hello\""), std::string::npos) << "from the second image";
    EXPECT_GT(count(out.out), count(direct.out) / 2);

    std::string bad = make({"nonstring-layers", m_scratch.file("nonstring.tar")});
    expect_one_error(run_nixvet({"inventory", bad}), "manifest.json:0: image 1: \"Layers\" entry 1 is not a string");
}

// 9. No control character of an input reaches the terminal.
TEST_F(Hostile, ControlCharactersOfInputsAreEscapedInTextOutput)
{
    std::string feed = m_scratch.file("esc.json");
    write_text(feed, R"({"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"CVE-2099-0001",)"
                     R"("sourceIdentifier":"x","published":"2099-01-01T00:00:00.000","lastModified":)"
                     R"("2099-01-01T00:00:00.000","vulnStatus":"Analyzed","descriptions":[{"lang":"en","value":)"
                     R"("\u001b[2J\u001b[HNo vulnerabilities found\u202e\u0085"}],"metrics":{},"references":[]}}]})");
    ASSERT_EQ(db({"import", feed}).exit_code, 0);
    ProcessOutput show = db({"show", "CVE-2099-0001"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_EQ(show.out.find('\x1b'), std::string::npos) << "no raw ESC";
    EXPECT_NE(show.out.find("\\x1b[2J\\x1b[HNo vulnerabilities found\\u202e\\u0085"), std::string::npos) << show.out;

    // A pname made with nix-instantiate (Nix strings take any byte but NUL).
    std::string expr = "derivation { name = \"evil-1.0\"; pname = \"\x1b]0;owned\x07\x1b[2Jevil\"; version = "
                       "\"1.0\"; src = \"https://example.org/evil-1.0.tar.gz\"; builder = \"/bin/sh\"; system = "
                       "builtins.currentSystem; }";
    std::string drv = run_nix({"nix-instantiate", "-E", expr});
    drv.pop_back();
    ProcessOutput table = run_nixvet({"inventory", drv, "--no-drv-cache"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_EQ(table.out.find('\x1b'), std::string::npos);
    EXPECT_EQ(table.out.find('\x07'), std::string::npos);
    EXPECT_NE(table.out.find("\\x1b]0;owned\\x07\\x1b[2Jevil"), std::string::npos) << table.out;

    // An error line quoting an argument.
    ProcessOutput error = run_nixvet({"inventory", "/nonexistent/\x1b[2J"});
    expect_one_error(error, "/nonexistent/\\x1b[2J");
    EXPECT_EQ(error.err.find('\x1b'), std::string::npos);

    // A policy reason, shown by check; a JSON report keeps the text exactly (escaped as JSON).
    std::string policy = m_scratch.file("tm.toml");
    write_text(policy, "[vulnerabilities]\nfail-on = \"critical\"\n[accept.\"CVE-2099-0001\"]\nuntil = 2099-01-01\n"
                       "reason = \"\\u001b[2Jall clear\"\n");
    ASSERT_EQ(db({"import", k_fixtures + "/nvd"}).exit_code, 0);
    ProcessOutput check =
        run_nixvet({"check", "--policy", policy, "--db", m_db, "--allow-stale-db", test_store("result-system")});
    EXPECT_EQ(check.out.find('\x1b'), std::string::npos) << check.out;
}

// 11. An import that recognises nothing is an error naming the file.
TEST_F(Hostile, InputsThatAreNoFeedAreErrors)
{
    ASSERT_EQ(db({"import", k_fixtures + "/kev/known_exploited_vulnerabilities.json"}).exit_code, 0);
    std::string before = status();
    std::string nuls = make({"nuls", m_scratch.file("nuls.bin"), "1000"});
    expect_one_error(db({"import", nuls}), nuls + ": not a feed nixvet knows");
    std::string zip = make({"zip-empty-objects", m_scratch.file("objects.zip"), "2000"});
    expect_one_error(db({"import", zip}), zip + ": none of its 2000 files is a feed nixvet knows");
    fs::create_directories(m_scratch.path() / "dir");
    write_text(m_scratch.file("dir/a.json"), "{}");
    write_text(m_scratch.file("dir/b.csv"), "a,b\n");
    expect_one_error(db({"import", m_scratch.file("dir")}), "no feed nixvet knows");
    std::string epss = m_scratch.file("epss.csv");
    write_text(epss, "#model_version:v2023.03.01,score_date:2024-01-01T00:00:00+0000\ncve,epss,percentile\n"
                     "CVE-2024-0001,0.1,0.2\nCVE-2024-0002,nan,0.5\n");
    expect_one_error(db({"import", epss}), epss + ":4:1: score nan and percentile 0.5 must be numbers from 0 to 1");
    EXPECT_EQ(status(), before);
}

// 12. Error lines name the real file and cause.
TEST_F(Hostile, ErrorLinesNameTheRealCause)
{
    std::string big = make({"big-manifest", m_scratch.file("big.tar")});
    expect_one_error(run_nixvet({"inventory", big}), big + ": 'manifest.json' is larger than 16 MiB");
    std::string digest = make({"bad-layer-digest", m_scratch.file("digest.tar")});
    ProcessOutput d = run_nixvet({"inventory", digest});
    expect_one_error(d, "'nodigest' is not a digest");
    EXPECT_NE(d.err.find(digest + ": blobs/sha256/"), std::string::npos) << "the manifest, not index.json: " << d.err;
    std::string loop = m_scratch.file("loop");
    fs::create_symlink(m_scratch.file("loop2"), loop);
    fs::create_symlink(loop, m_scratch.file("loop2"));
    expect_one_error(run_nixvet({"inventory", loop}), "is a loop of symbolic links");
    std::string policy = m_scratch.file("tm.toml");
    write_text(policy,
               "[vulnerabilities]\nfail-on = \"high\"\n[accept.\"CVE-1\"]\nuntil = 2027-13-45\nreason = \"r\"\n");
    expect_one_error(run_nixvet({"check", "--policy", policy, test_store("hello.drv")}),
                     policy + ":4:9: 2027-13-45 is not a date of the calendar");
}

// 14. Layers are checked against their digests as they stream by.
TEST_F(Hostile, ALayerThatDoesNotMatchItsDigestIsAnError)
{
    for (const char* format : {"oci", "docker"}) {
        SCOPED_TRACE(format);
        std::string tampered = image(format, std::string("tampered-") + format + ".tar", {"--tamper"});
        expect_one_error(run_nixvet({"inventory", tampered}), "does not match");
        std::string clean = image(format, std::string("clean-") + format + ".tar");
        EXPECT_EQ(run_nixvet({"inventory", clean}).exit_code, 0);
    }
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "core/sqlite.hpp"
#include "support/scratch_dir.hpp"
#include "vulndb/importer.hpp"
#include "vulndb/vuln_db.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

using namespace nixvet;
using nixvet::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

const std::string k_dir = std::string(NIXVET_FIXTURES) + "/vulndb";

class VulnDbTest : public ::testing::Test
{
protected:
    std::string write(const std::string& name, const std::string& content)
    {
        std::string path = (m_dir / name).string();
        std::ofstream(path) << content;
        return path;
    }

    static std::string nvd_feed(const std::string& id, const std::string& modified, const std::string& product)
    {
        return R"({"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [{"cve": {"id": ")" + id +
               R"(", "vulnStatus": "Analyzed", "lastModified": ")" + modified +
               R"(", "descriptions": [{"lang": "en", "value": "d"}], "configurations": [{"nodes": [{"operator": "OR",
               "negate": false, "cpeMatch": [{"vulnerable": true, "criteria": "cpe:2.3:a:acme:)" +
               product + R"(:*:*:*:*:*:*:*:*", "versionEndExcluding": "2.0"}]}]}], "references": []}}]})";
    }

    static int64_t count(const std::string& db, const std::string& table)
    {
        sqlite::Database d(db, sqlite::OpenMode::read_only);
        sqlite::Statement s(d, "SELECT count(*) FROM " + table);
        s.step();
        return s.column_int(0);
    }

    ScratchDir m_scratch{"nixvet-vulndb"};
    fs::path m_dir = m_scratch.path();
    std::string m_db = m_scratch.file("vulndb.sqlite");
};

TEST_F(VulnDbTest, ImportsEverySourceAndIndexesProducts)
{
    {
        VulnDb db(m_db, VulnDb::Mode::write);
        auto changes = import_feeds(db, {k_dir}, {});
        ASSERT_EQ(changes.size(), 5U);
        for (const auto& c : changes) {
            EXPECT_GT(c.added, 0U) << c.source;
            EXPECT_EQ(c.skipped, 0U) << c.source;
        }
    }
    VulnDb db(m_db, VulnDb::Mode::read);
    auto entries = db.entries_for_product("openssl", "openssl");
    size_t nvd = 0;
    size_t cve5 = 0;
    for (const auto& e : entries) {
        (e.source == "nvd" ? nvd : cve5)++;
        EXPECT_EQ(e.vendor, "openssl");
        EXPECT_FALSE(e.applicability_json.empty());
    }
    EXPECT_GT(nvd, 0U);
    EXPECT_EQ(cve5, 272U) << "every one of OpenSSL's own records";
    EXPECT_FALSE(db.entries_for_product("", "openssl").empty());
    auto details = db.show("CVE-2023-0464");
    ASSERT_TRUE(details);
    EXPECT_TRUE(details->nvd && details->cve5) << "NVD's and OpenSSL's own record";
    auto heartbleed = db.show("CVE-2014-0160");
    ASSERT_TRUE(heartbleed);
    EXPECT_TRUE(heartbleed->cve5 && heartbleed->kev);
    // Rejected CVEs are kept as tombstones but never indexed.
    auto rejected = db.show("CVE-2020-0487");
    ASSERT_TRUE(rejected && rejected->nvd);
    EXPECT_TRUE(rejected->nvd->rejected());
    EXPECT_EQ(count(m_db, "product_index WHERE advisory = 'CVE-2020-0487'"), 0);
    // The index keeps what matching reads; NVD's criteria ids stay in the full record only.
    EXPECT_EQ(count(m_db, "product_index WHERE applicability LIKE '%matchCriteriaId%'"), 0);
    EXPECT_GT(count(m_db, "nvd_cve WHERE configurations LIKE '%matchCriteriaId%'"), 0);
    EXPECT_EQ(db.vendors_of_product("openssl"), std::vector<std::string>{"openssl"});
    EXPECT_TRUE(db.vendors_of_product("no-such-product").empty());
    // A scan's view of a CVE: the whole description (reports show it whole), best metric, Patch
    // references, KEV.
    VulnDb::CveSummary s = db.summary("CVE-2023-5678");
    EXPECT_NE(s.description.find('\n'), std::string::npos) << "NVD's description has several paragraphs";
    EXPECT_EQ(s.description, db.show("CVE-2023-5678")->nvd->description);
    ASSERT_TRUE(s.cvss);
    EXPECT_EQ(s.cvss->version, "3.1");
    EXPECT_EQ(s.patch_urls.size(), 2U);
    EXPECT_TRUE(db.summary("CVE-2014-0160").known_exploited);
    VulnDb::CveSummary brief = db.summary("CVE-2023-5678", false);
    EXPECT_TRUE(brief.description.empty()) << "left out for a table";
    ASSERT_TRUE(brief.cvss);
    EXPECT_EQ(brief.cvss->score, s.cvss->score);
    EXPECT_EQ(brief.patch_urls, s.patch_urls);
    // OSV's fixes, by an OSV id or through the OSV records aliasing a CVE.
    auto fixes = db.osv_fixes("CVE-2020-26160");
    ASSERT_EQ(fixes.size(), 1U);
    EXPECT_EQ(fixes[0].advisory, "GO-2020-0017");
    EXPECT_EQ(fixes[0].urls,
              std::vector<std::string>{
                  "https://github.com/dgrijalva/jwt-go/commit/ec0a89a131e3e8567adcb21254a5cd20a70ea4ab"});
    auto fuzz = db.osv_fixes("OSV-2017-1");
    ASSERT_EQ(fuzz.size(), 1U);
    EXPECT_EQ(fuzz[0].commits, std::vector<std::string>{"544bfdebea2a9e8be1c01fc7954cd49638fe2803"});
    EXPECT_TRUE(db.osv_fixes("CVE-1999-0001").empty());
    // OSV aliases lead from a CVE id to its OSV advisories.
    EXPECT_FALSE(db.show("GO-2020-0001").value().osv.empty());
}

TEST_F(VulnDbTest, ManySummariesAtOnceEqualOneAtATime)
{
    {
        VulnDb db(m_db, VulnDb::Mode::write);
        import_feeds(db, {k_dir}, {});
    }
    VulnDb db(m_db, VulnDb::Mode::read);
    // Every NVD and CVE5 id, KEV and EPSS ids, and ids no table has, sorted: enough for the
    // range scans.
    std::vector<std::string> ids;
    {
        sqlite::Database d(m_db, sqlite::OpenMode::read_only);
        sqlite::Statement s(d,
                            "SELECT id FROM nvd_cve UNION SELECT id FROM cve5 UNION SELECT cve_id FROM kev "
                            "UNION SELECT cve_id FROM epss UNION SELECT 'CVE-1999-0000' UNION SELECT 'CVE-9999-9999'");
        while (s.step())
            ids.emplace_back(s.column_text(0));
    }
    std::sort(ids.begin(), ids.end());
    ASSERT_GT(ids.size(), 3000U);
    auto same = [&](const VulnDb::CveSummary& a, const VulnDb::CveSummary& b, const std::string& id) {
        EXPECT_EQ(a.description, b.description) << id;
        EXPECT_EQ(a.cvss.has_value(), b.cvss.has_value()) << id;
        if (a.cvss && b.cvss) {
            EXPECT_EQ(a.cvss->version, b.cvss->version) << id;
            EXPECT_EQ(a.cvss->score, b.cvss->score) << id;
            EXPECT_EQ(a.cvss->vector, b.cvss->vector) << id;
        }
        EXPECT_EQ(a.known_exploited, b.known_exploited) << id;
        EXPECT_EQ(a.kev_date_added, b.kev_date_added) << id;
        EXPECT_EQ(a.epss, b.epss) << id;
        EXPECT_EQ(a.patch_urls, b.patch_urls) << id;
    };
    size_t kev = 0;
    size_t epss = 0;
    size_t cvss = 0;
    for (bool descriptions : {true, false}) {
        std::vector<VulnDb::CveSummary> all = db.summaries(ids, 0, ids.size(), descriptions);
        ASSERT_EQ(all.size(), ids.size());
        for (size_t k = 0; k < ids.size(); ++k) {
            same(all[k], db.summary(ids[k], descriptions), ids[k]);
            kev += all[k].known_exploited;
            epss += all[k].epss.has_value();
            cvss += all[k].cvss.has_value();
        }
    }
    EXPECT_GT(kev, 0U);
    EXPECT_GT(epss, 0U);
    EXPECT_GT(cvss, 2000U);
    // A part of the list, as a worker thread asks for it.
    std::vector<VulnDb::CveSummary> part = db.summaries(ids, 500, 2600, true);
    ASSERT_EQ(part.size(), 2100U);
    same(part.front(), db.summary(ids[500]), ids[500]);
    same(part.back(), db.summary(ids[2599]), ids[2599]);
}

TEST_F(VulnDbTest, KeepsTheNewestVersionOfEachRecordWhateverTheOrder)
{
    VulnDb db(m_db, VulnDb::Mode::write);
    std::string newer = write("newer.json", nvd_feed("CVE-2099-0001", "2024-05-01T00:00:00.000", "widget"));
    std::string older = write("older.json", nvd_feed("CVE-2099-0001", "2023-01-01T00:00:00.000", "gadget"));
    EXPECT_EQ(import_feeds(db, {older}, {})[0].added, 1U);
    auto change = import_feeds(db, {newer}, {})[0];
    EXPECT_EQ(change.updated, 1U);
    change = import_feeds(db, {older}, {})[0];
    EXPECT_EQ(change.unchanged, 1U);
    EXPECT_TRUE(db.entries_for_product("acme", "gadget").empty()) << "the old product is no longer indexed";
    ASSERT_EQ(db.entries_for_product("acme", "widget").size(), 1U);
    EXPECT_EQ(db.show("CVE-2099-0001")->nvd->last_modified, "2024-05-01T00:00:00.000");
}

TEST_F(VulnDbTest, AFailedImportChangesNothing)
{
    VulnDb db(m_db, VulnDb::Mode::write);
    import_feeds(db, {write("one.json", nvd_feed("CVE-2099-0001", "2024-01-01T00:00:00", "widget"))}, {});
    std::string good = write("two.json", nvd_feed("CVE-2099-0002", "2024-01-01T00:00:00", "widget"));
    std::string feed = nvd_feed("CVE-2099-0003", "2024-01-01T00:00:00", "widget");
    std::string cut = write("cut.json", feed.substr(0, feed.size() / 2));
    try {
        import_feeds(db, {good, cut}, {});
        FAIL() << "a truncated feed was accepted";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.file(), cut);
        EXPECT_EQ(e.offset(), feed.size() / 2);
    }
    EXPECT_EQ(count(m_db, "nvd_cve"), 1);
    EXPECT_FALSE(db.show("CVE-2099-0002").has_value());
    EXPECT_EQ(db.entries_for_product("acme", "widget").size(), 1U);
}

TEST_F(VulnDbTest, SkipsAndNamesMalformedRecords)
{
    VulnDb db(m_db, VulnDb::Mode::write);
    std::string feed = R"({"format": "NVD_CVE", "vulnerabilities": [{"cve": {"vulnStatus": "x"}},
        {"cve": {"id": "CVE-2099-0009", "lastModified": "2024", "configurations": []}}]})";
    auto changes = import_feeds(db, {write("mixed.json", feed)}, {});
    ASSERT_EQ(changes.size(), 1U);
    EXPECT_EQ(changes[0].added, 1U);
    EXPECT_EQ(changes[0].skipped, 1U);
    ASSERT_EQ(changes[0].skipped_examples.size(), 1U);
    EXPECT_NE(changes[0].skipped_examples[0].find("mixed.json: record 1 at byte"), std::string::npos);
    EXPECT_NE(changes[0].skipped_examples[0].find("no cve.id"), std::string::npos);
}

TEST_F(VulnDbTest, RefusesOtherSchemasForReadingAndRebuildsForWriting)
{
    EXPECT_THROW(VulnDb(m_db, VulnDb::Mode::read), Error);
    {
        VulnDb db(m_db, VulnDb::Mode::write);
        import_feeds(db, {write("one.json", nvd_feed("CVE-2099-0001", "2024", "widget"))}, {});
    }
    {
        sqlite::Database raw(m_db, sqlite::OpenMode::read_write_create);
        raw.exec("UPDATE meta SET value = '0' WHERE key = 'schema_version'");
    }
    try {
        VulnDb db(m_db, VulnDb::Mode::read);
        FAIL() << "opened a database of another schema";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("schema version 0"), std::string::npos) << e.what();
    }
    VulnDb db(m_db, VulnDb::Mode::write);
    EXPECT_NE(db.rebuild_note(), "");
    EXPECT_EQ(count(m_db, "nvd_cve"), 0);
}

TEST_F(VulnDbTest, NewerEpssScoresWinWhateverTheOrder)
{
    std::string older = write("older.csv", "#model_version:v1,score_date:2023-06-24T00:00:00+0000\n"
                                           "cve,epss,percentile\nCVE-2099-0001,0.1,0.5\n");
    std::string newer = write("newer.csv", "#model_version:v1,score_date:2025-02-20T00:00:00+0000\n"
                                           "cve,epss,percentile\nCVE-2099-0001,0.9,0.99\n");
    for (const auto& order : {std::vector<std::string>{older, newer}, std::vector<std::string>{newer, older}}) {
        for (const char* suffix : {"", "-wal", "-shm"})
            fs::remove(m_db + suffix);
        // One import of both files (EPSS is replaced whole by each import): the newer day wins.
        VulnDb db(m_db, VulnDb::Mode::write);
        import_feeds(db, order, {});
        auto d = db.show("CVE-2099-0001");
        ASSERT_TRUE(d && d->epss);
        EXPECT_EQ(d->epss->score, 0.9);
        EXPECT_EQ(d->epss->date, "2025-02-20");
    }
}

TEST_F(VulnDbTest, WithdrawnAndRejectedAdvisoriesAreKeptButNeverIndexed)
{
    VulnDb db(m_db, VulnDb::Mode::write);
    std::string osv = write("osv.json", R"({"id": "PYSEC-2099-1", "modified": "2024-01-01T00:00:00Z",
        "withdrawn": "2024-02-01T00:00:00Z", "aliases": ["CVE-2099-0042"],
        "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"}}]})");
    std::string cve5 = write("cve5.json", R"({"dataType": "CVE_RECORD", "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-2099-0043", "state": "REJECTED", "dateUpdated": "2024-01-01"},
        "containers": {"cna": {"providerMetadata": {"shortName": "acme"},
        "rejectedReasons": [{"lang": "en", "value": "duplicate"}],
        "affected": [{"vendor": "Acme", "product": "Widget", "versions": [{"version": "1.0", "status": "affected"}]}]}}})");
    import_feeds(db, {osv, cve5}, {});
    auto via_alias = db.show("CVE-2099-0042");
    ASSERT_TRUE(via_alias);
    ASSERT_EQ(via_alias->osv.size(), 1U);
    EXPECT_EQ(via_alias->osv[0].withdrawn, "2024-02-01T00:00:00Z");
    EXPECT_EQ(count(m_db, "osv_package"), 0);
    auto rejected = db.show("CVE-2099-0043");
    ASSERT_TRUE(rejected && rejected->cve5);
    EXPECT_EQ(rejected->cve5->description, "duplicate");
    EXPECT_TRUE(db.entries_for_product("acme", "widget").empty());
}

TEST_F(VulnDbTest, RefusesToOverwriteSomeoneElsesDatabase)
{
    {
        sqlite::Database other(m_db, sqlite::OpenMode::read_write_create);
        other.exec("CREATE TABLE precious (x)");
    }
    EXPECT_THROW(VulnDb(m_db, VulnDb::Mode::write), Error);
}

TEST_F(VulnDbTest, ASecondWriterWaitsAndSaysSo)
{
    VulnDb first(m_db, VulnDb::Mode::write);
    VulnDb second(m_db, VulnDb::Mode::write);
    auto writer = std::make_unique<VulnDb::Writer>(first, nullptr);
    std::atomic<bool> waited{false};
    std::atomic<bool> done{false};
    std::thread other([&] {
        VulnDb::Writer w(second, [&] { waited = true; });
        SourceChange c;
        w.put(KevEntry{"CVE-2099-1", "v", "p", "n", "2024-01-01", "2024-02-01", "Unknown"}, c);
        w.commit();
        done = true;
    });
    while (!waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_FALSE(done);
    writer->commit();
    writer.reset();
    other.join();
    EXPECT_TRUE(done);
    EXPECT_EQ(count(m_db, "kev"), 1);
}

} // namespace

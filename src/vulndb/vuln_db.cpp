// SPDX-License-Identifier: MIT
#include "vulndb/vuln_db.hpp"

#include "core/clock.hpp"
#include "core/dom_fields.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/json_writer.hpp"
#include "core/terminal_text.hpp"

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <mutex>
#include <set>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nixvet {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_schema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE source_state (
    source TEXT PRIMARY KEY,
    updated INTEGER NOT NULL,
    full_update INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE feed_cache (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, sha256 TEXT);
CREATE TABLE nvd_cve (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    published TEXT,
    last_modified TEXT NOT NULL,
    description TEXT,
    tags TEXT NOT NULL,
    cwes TEXT NOT NULL,
    metrics TEXT NOT NULL,
    configurations TEXT NOT NULL,
    refs TEXT NOT NULL
);
CREATE TABLE nvd_brief (
    id TEXT PRIMARY KEY,
    cvss_version TEXT NOT NULL,
    cvss_source TEXT NOT NULL,
    cvss_primary INTEGER NOT NULL,
    cvss_score REAL NOT NULL,
    cvss_vector TEXT NOT NULL,
    cvss_severity TEXT NOT NULL,
    patch_urls TEXT NOT NULL,
    description TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE cve5 (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    assigner TEXT,
    date_updated TEXT NOT NULL,
    description TEXT,
    cwes TEXT NOT NULL,
    metrics TEXT NOT NULL,
    affected TEXT NOT NULL,
    adp TEXT NOT NULL,
    refs TEXT NOT NULL
);
CREATE TABLE product_index (
    product TEXT NOT NULL,
    vendor TEXT NOT NULL,
    source TEXT NOT NULL,
    advisory TEXT NOT NULL,
    applicability TEXT NOT NULL,
    PRIMARY KEY (product, vendor, source, advisory)
) WITHOUT ROWID;
CREATE INDEX product_index_by_advisory ON product_index (advisory);
CREATE TABLE osv (
    id TEXT PRIMARY KEY,
    modified TEXT NOT NULL,
    published TEXT,
    withdrawn TEXT,
    aliases TEXT NOT NULL,
    summary TEXT,
    severity TEXT NOT NULL,
    affected TEXT NOT NULL,
    refs TEXT NOT NULL
);
CREATE TABLE osv_package (
    ecosystem TEXT NOT NULL,
    name TEXT NOT NULL,
    advisory TEXT NOT NULL,
    PRIMARY KEY (ecosystem, name, advisory)
) WITHOUT ROWID;
CREATE INDEX osv_package_by_advisory ON osv_package (advisory);
CREATE TABLE osv_alias (alias TEXT NOT NULL, advisory TEXT NOT NULL, PRIMARY KEY (alias, advisory)) WITHOUT ROWID;
CREATE INDEX osv_alias_by_advisory ON osv_alias (advisory);
CREATE TABLE kev (
    cve_id TEXT PRIMARY KEY,
    vendor TEXT,
    product TEXT,
    name TEXT,
    date_added TEXT,
    due_date TEXT,
    ransomware TEXT
) WITHOUT ROWID;
CREATE TABLE epss (cve_id TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL, date TEXT NOT NULL)
    WITHOUT ROWID;
)sql";

// A record's date as data_as_of keeps it: "YYYY-MM-DDTHH:MM:SS" at most, comparable as text.
std::string data_date(std::string_view date)
{
    std::string d(date.substr(0, 19));
    if (d.size() > 10 && d[10] == ' ')
        d[10] = 'T';
    return d;
}

std::string string_list_json(const std::vector<std::string>& list)
{
    JsonWriter w(0);
    w.begin_array();
    for (const auto& s : list)
        w.value(s);
    w.end_array();
    std::string out = w.str();
    out.pop_back();
    return out;
}

std::string metrics_json(const std::vector<CvssMetric>& metrics)
{
    JsonWriter w(0);
    w.begin_array();
    for (const auto& m : metrics) {
        w.begin_object();
        w.field("version", m.version);
        w.field("source", m.source);
        w.field("primary", m.primary);
        w.field("score", m.score);
        w.field("vector", m.vector);
        w.field("severity", m.severity);
        w.end_object();
    }
    w.end_array();
    std::string out = w.str();
    out.pop_back();
    return out;
}

std::vector<std::string> parse_string_list(std::string_view json, simdjson::dom::parser& parser)
{
    simdjson::dom::element list;
    if (parser.parse(json.data(), json.size()).get(list))
        return {};
    return dom_fields::string_list(list);
}

// The URLs of an NVD references array tagged "Patch".
std::vector<std::string> patch_urls(std::string_view refs_json, simdjson::dom::parser& parser)
{
    std::vector<std::string> urls;
    simdjson::dom::array list;
    if (parser.parse(refs_json.data(), refs_json.size()).get_array().get(list))
        return urls;
    for (auto r : list) {
        simdjson::dom::array tags;
        std::string_view url;
        if (r["tags"].get_array().get(tags) || r["url"].get_string().get(url))
            continue;
        for (auto t : tags) {
            std::string_view tag;
            if (!t.get_string().get(tag) && tag == "Patch") {
                urls.emplace_back(url);
                break;
            }
        }
    }
    return urls;
}

std::vector<CvssMetric> parse_metrics(std::string_view json, simdjson::dom::parser& parser)
{
    std::vector<CvssMetric> out;
    simdjson::dom::array array;
    if (parser.parse(json.data(), json.size()).get_array().get(array))
        return out;
    for (auto e : array) {
        CvssMetric m;
        std::string_view s;
        if (!e["version"].get_string().get(s))
            m.version = std::string(s);
        if (!e["source"].get_string().get(s))
            m.source = std::string(s);
        if (!e["vector"].get_string().get(s))
            m.vector = std::string(s);
        if (!e["severity"].get_string().get(s))
            m.severity = std::string(s);
        bool primary = false;
        if (!e["primary"].get_bool().get(primary))
            m.primary = primary;
        double score = 0;
        if (!e["score"].get_double().get(score))
            m.score = score;
        out.push_back(std::move(m));
    }
    return out;
}

// What identifies the database file's content without reading it: size, inode, mtime and
// ctime (which no user can set back) of the file and of a non-empty WAL beside it.
std::string file_stamp(const std::string& path)
{
    std::string stamp;
    for (const char* suffix : {"", "-wal"}) {
        struct stat st
        {
        };
        if (::stat((path + suffix).c_str(), &st) != 0 || (*suffix && st.st_size == 0))
            continue;
        stamp += fmt::format("{}:{}:{}:{}.{}:{}.{}\n", suffix, st.st_size, st.st_ino, st.st_mtim.tv_sec,
                             st.st_mtim.tv_nsec, st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
    }
    return stamp;
}

std::string stamp_file(const std::string& path)
{
    return path + ".checked";
}

// Stamps checked by this process (a scan opens one connection per core).
std::mutex g_verified_mutex;
std::set<std::string> g_verified;

} // namespace

void VulnDb::verify_integrity()
{
    std::string stamp = m_path + "\n" + file_stamp(m_path);
    {
        std::lock_guard lock(g_verified_mutex);
        if (g_verified.count(stamp))
            return;
    }
    std::optional<std::string> recorded;
    try {
        recorded = read_file_if_present(stamp_file(m_path), {4096, Symlinks::refuse});
    } catch (const Error&) {
        recorded.reset(); // not readable: check again
    }
    if (!recorded || *recorded != stamp) {
        std::string result;
        try {
            sqlite::Statement check(m_db, "PRAGMA quick_check(5)");
            while (check.step()) {
                if (!result.empty())
                    result += "; ";
                result += check.column_text(0);
            }
        } catch (const Error& e) {
            result = e.what();
        }
        if (result != "ok")
            throw DamagedDatabase(
                fmt::format("the vulnerability database {} is damaged (SQLite: {}): nixvet will not use it; "
                            "run 'nixvet db update --full' to rebuild it (an air-gapped site: remove it and "
                            "'nixvet db import' the feeds again)",
                            m_path, terminal_safe(excerpt(result, 200))));
        stamp_verified();
    }
    std::lock_guard lock(g_verified_mutex);
    g_verified.insert(stamp);
}

void VulnDb::stamp_verified()
{
    std::string stamp = m_path + "\n" + file_stamp(m_path);
    std::string temp = stamp_file(m_path) + ".XXXXXX";
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0)
        return;
    bool ok = ::write(fd, stamp.data(), stamp.size()) == static_cast<ssize_t>(stamp.size());
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(temp.c_str(), stamp_file(m_path).c_str()) != 0)
        ::unlink(temp.c_str());
    std::lock_guard lock(g_verified_mutex);
    g_verified.insert(stamp);
}

VulnDb::VulnDb(const std::string& path, Mode mode)
    : m_path(path), m_db([&] {
          if (mode == Mode::read && !fs::exists(path))
              throw Error(fmt::format("no vulnerability database at '{}': run 'nixvet db update' (or 'nixvet db "
                                      "import FILE...' on an air-gapped machine)",
                                      path));
          if (mode == Mode::write) {
              std::error_code ec;
              fs::path parent = fs::path(path).parent_path();
              if (!parent.empty())
                  fs::create_directories(parent, ec);
          }
          return sqlite::Database(path, mode == Mode::read ? sqlite::OpenMode::read_only
                                                           : sqlite::OpenMode::read_write_create);
      }())
{
    verify_integrity();
    int version = 0;
    bool has_meta = false;
    try {
        sqlite::Statement probe(m_db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
        probe.step();
        has_meta = probe.column_int(0) == 1;
        if (has_meta) {
            sqlite::Statement v(m_db, "SELECT value FROM meta WHERE key = 'schema_version'");
            if (v.step())
                version = std::stoi(std::string(v.column_text(0)));
        }
    } catch (const Error& e) {
        throw Error(fmt::format("'{}' is not a nixvet vulnerability database: {}", path, e.what()));
    }
    if (mode == Mode::read) {
        // Lookups jump between products and CVEs: a larger page cache than SQLite's 2 MB default
        // keeps the inner b-tree pages and repeated rows of a scan in memory.
        m_db.exec("PRAGMA cache_size = -32768");
        if (!has_meta)
            throw Error(fmt::format("'{}' is not a nixvet vulnerability database (no schema version)", path));
        if (version != k_schema_version)
            throw Error(fmt::format("'{}' has schema version {}, this nixvet reads {}: run 'nixvet db update' to "
                                    "rebuild it",
                                    path, version, k_schema_version));
        return;
    }
    // Large pages keep a product's index rows (with their applicability JSON) inline and together;
    // the page size can only be chosen before the first table exists.
    m_db.exec("PRAGMA page_size = 16384");
    m_db.exec("PRAGMA journal_mode = WAL");
    m_db.exec("PRAGMA synchronous = NORMAL");
    if (has_meta && version == k_schema_version)
        return;
    bool empty = false;
    {
        sqlite::Statement count(m_db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        count.step();
        empty = count.column_int(0) == 0;
    }
    if (!empty && !has_meta)
        throw Error(fmt::format("'{}' is an SQLite database but not nixvet's; refusing to overwrite it", path));
    sqlite::Transaction t(m_db);
    if (!empty) {
        m_rebuild_note = fmt::format("the database had schema version {}; it was emptied for version {}: import or "
                                     "update every source again",
                                     version, k_schema_version);
        std::vector<std::string> objects;
        {
            sqlite::Statement list(m_db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                         "'sqlite_%'");
            while (list.step())
                objects.emplace_back(list.column_text(0));
        }
        for (const auto& name : objects)
            m_db.exec("DROP TABLE IF EXISTS \"" + name + "\"");
    }
    create_schema();
    t.commit();
}

void VulnDb::create_schema()
{
    m_db.exec(k_schema);
    sqlite::Statement put(m_db, "INSERT INTO meta (key, value) VALUES ('schema_version', ?), ('created', ?)");
    put.bind(1, std::to_string(k_schema_version)).bind(2, std::to_string(now_unix_seconds()));
    put.step();
}

uint64_t VulnDb::size_bytes() const
{
    uint64_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        auto size = fs::file_size(m_path + suffix, ec);
        if (!ec)
            total += size;
    }
    return total;
}

size_t VulnDb::visit_product_entries(std::string_view vendor, std::string_view product,
                                     const std::function<void(const ProductEntryView&)>& visit)
{
    // The applicability JSON sits in the index row itself, clustered by product: one range scan.
    if (!m_lookup_vendor) {
        m_lookup_vendor = std::make_unique<sqlite::Statement>(
            m_db,
            "SELECT source, advisory, vendor, applicability FROM product_index WHERE product = ?1 AND vendor = ?2");
        m_lookup_any = std::make_unique<sqlite::Statement>(
            m_db, "SELECT source, advisory, vendor, applicability FROM product_index WHERE product = ?1");
    }
    sqlite::Statement& stmt = vendor.empty() ? *m_lookup_any : *m_lookup_vendor;
    stmt.reset().bind(1, product);
    if (!vendor.empty())
        stmt.bind(2, vendor);
    size_t n = 0;
    try {
        while (stmt.step()) {
            visit({stmt.column_text(0), stmt.column_text(1), stmt.column_text(2), stmt.column_text(3)});
            ++n;
        }
    } catch (...) {
        stmt.reset();
        throw;
    }
    stmt.reset();
    return n;
}

std::vector<ProductEntry> VulnDb::entries_for_product(const std::string& vendor, const std::string& product)
{
    std::vector<ProductEntry> entries;
    visit_product_entries(vendor, product, [&](const ProductEntryView& e) {
        entries.push_back({std::string(e.source), std::string(e.advisory), std::string(e.vendor), product,
                           std::string(e.applicability_json)});
    });
    return entries;
}

size_t VulnDb::visit_osv_package(std::string_view ecosystem, std::string_view name,
                                 const std::function<void(std::string_view id, std::string_view affected_json)>& visit)
{
    if (!m_osv_lookup)
        m_osv_lookup = std::make_unique<sqlite::Statement>(
            m_db, "SELECT o.id, o.affected FROM osv_package p JOIN osv o ON o.id = p.advisory WHERE p.ecosystem = ? "
                  "AND p.name = ?");
    m_osv_lookup->reset().bind(1, ecosystem).bind(2, name);
    size_t n = 0;
    while (m_osv_lookup->step()) {
        visit(m_osv_lookup->column_text(0), m_osv_lookup->column_text(1));
        ++n;
    }
    m_osv_lookup->reset();
    return n;
}

namespace {

// The columns of nvd_brief a summary reads (read_brief), the description after them.
const std::string k_brief_columns =
    "cvss_version, cvss_source, cvss_primary, cvss_score, cvss_vector, cvss_severity, patch_urls";

// Fills `out` from the k_brief_columns of `row`, the first of them at column `first`.
void read_brief(const sqlite::Statement& row, int first, simdjson::dom::parser& parser, VulnDb::CveSummary& out)
{
    if (!row.column_text(first).empty())
        out.cvss = CvssMetric{std::string(row.column_text(first)),     std::string(row.column_text(first + 1)),
                              row.column_int(first + 2) != 0,          row.column_double(first + 3),
                              std::string(row.column_text(first + 4)), std::string(row.column_text(first + 5))};
    if (std::string_view urls = row.column_text(first + 6); urls != "[]")
        out.patch_urls = parse_string_list(urls, parser);
}

} // namespace

struct VulnDb::SummaryQueries
{
    explicit SummaryQueries(sqlite::Database& db)
        : nvd(db, "SELECT " + k_brief_columns + ", description FROM nvd_brief WHERE id = ?"),
          cve5(db, "SELECT description, metrics, assigner FROM cve5 WHERE id = ?"),
          kev(db, "SELECT date_added FROM kev WHERE cve_id = ?"),
          epss(db, "SELECT score, percentile FROM epss WHERE cve_id = ?")
    {
    }
    sqlite::Statement nvd, cve5, kev, epss;
    simdjson::dom::parser parser;
};

VulnDb::~VulnDb() = default;

VulnDb::CveSummary VulnDb::summary(const std::string& cve_id, bool with_description)
{
    if (!m_summary)
        m_summary = std::make_unique<SummaryQueries>(m_db);
    SummaryQueries& q = *m_summary;
    CveSummary out;
    if (q.nvd.reset().bind(1, cve_id).step()) {
        read_brief(q.nvd, 0, q.parser, out);
        if (with_description)
            out.description = q.nvd.column_text(7);
    }
    q.nvd.reset();
    add_cve5_summary(cve_id, with_description, out);
    if (q.kev.reset().bind(1, cve_id).step()) {
        out.known_exploited = true;
        out.kev_date_added = q.kev.column_text(0);
    }
    q.kev.reset();
    if (q.epss.reset().bind(1, cve_id).step()) {
        out.epss = q.epss.column_double(0);
    }
    q.epss.reset();
    return out;
}

void VulnDb::add_cve5_summary(const std::string& cve_id, bool with_description, CveSummary& out)
{
    // The CVE5 record (often large) only fills what NVD left empty.
    if (out.cvss && (!with_description || !out.description.empty()))
        return;
    SummaryQueries& q = *m_summary;
    if (q.cve5.reset().bind(1, cve_id).step()) {
        std::string_view description = q.cve5.column_text(0);
        if (with_description && out.description.empty())
            out.description = std::string(description);
        if (!out.cvss) {
            std::vector<CvssMetric> metrics = parse_metrics(q.cve5.column_text(1), q.parser);
            if (const CvssMetric* b = best_metric(metrics))
                out.cvss = *b;
        }
    }
    q.cve5.reset();
}

std::vector<VulnDb::CveSummary> VulnDb::summaries(const std::vector<std::string>& ids, size_t from, size_t to,
                                                  bool with_description)
{
    std::vector<CveSummary> out(to - from);
    // Few ids: a lookup each. Many: one pass along each table's key from the first id to the
    // last, picking the rows asked for (neighbouring ids share pages, and tens of thousands of
    // b-tree descents cost more than reading past the rows in between).
    if (to - from < 2000) {
        for (size_t k = from; k < to; ++k)
            out[k - from] = summary(ids[k], with_description);
        return out;
    }
    if (!m_summary)
        m_summary = std::make_unique<SummaryQueries>(m_db);
    simdjson::dom::parser& parser = m_summary->parser;
    auto merge = [&](const std::string& sql, const std::function<void(sqlite::Statement&, CveSummary&)>& take) {
        sqlite::Statement scan(m_db, sql);
        scan.bind(1, ids[from]).bind(2, ids[to - 1]);
        size_t k = from;
        while (k < to && scan.step()) {
            std::string_view id = scan.column_text(0);
            while (k < to && std::string_view(ids[k]) < id)
                ++k;
            if (k < to && ids[k] == id)
                take(scan, out[k - from]);
        }
    };
    merge("SELECT id, " + k_brief_columns + (with_description ? ", description" : "") +
              " FROM nvd_brief WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
          [&](sqlite::Statement& row, CveSummary& summary) {
              read_brief(row, 1, parser, summary);
              if (with_description)
                  summary.description = row.column_text(8);
          });
    merge("SELECT cve_id, date_added FROM kev WHERE cve_id BETWEEN ?1 AND ?2 ORDER BY cve_id",
          [](sqlite::Statement& row, CveSummary& summary) {
              summary.known_exploited = true;
              summary.kev_date_added = row.column_text(1);
          });
    merge("SELECT cve_id, score FROM epss WHERE cve_id BETWEEN ?1 AND ?2 ORDER BY cve_id",
          [](sqlite::Statement& row, CveSummary& summary) { summary.epss = row.column_double(1); });
    for (size_t k = from; k < to; ++k)
        add_cve5_summary(ids[k], with_description, out[k - from]);
    return out;
}

std::vector<VulnDb::OsvFixes> VulnDb::osv_fixes(const std::string& advisory)
{
    if (!m_osv_fixes)
        m_osv_fixes = std::make_unique<sqlite::Statement>(
            m_db, "SELECT id, affected, refs FROM osv WHERE coalesce(withdrawn, '') = '' AND (id = ?1 OR id IN "
                  "(SELECT advisory FROM osv_alias WHERE alias = ?1)) ORDER BY id");
    if (!m_summary)
        m_summary = std::make_unique<SummaryQueries>(m_db);
    simdjson::dom::parser& parser = m_summary->parser;
    std::vector<OsvFixes> out;
    sqlite::Statement& q = m_osv_fixes->reset().bind(1, advisory);
    while (q.step()) {
        OsvFixes fixes;
        fixes.advisory = q.column_text(0);
        std::string_view affected = q.column_text(1);
        simdjson::dom::array list;
        if (!parser.parse(affected.data(), affected.size()).get_array().get(list)) {
            for (auto a : list) {
                simdjson::dom::array ranges;
                if (a["ranges"].get_array().get(ranges))
                    continue;
                for (auto r : ranges) {
                    std::string_view type;
                    simdjson::dom::array events;
                    if (r["type"].get_string().get(type) || type != "GIT" || r["events"].get_array().get(events))
                        continue;
                    for (auto e : events) {
                        std::string_view fixed;
                        if (!e["fixed"].get_string().get(fixed))
                            fixes.commits.emplace_back(fixed);
                    }
                }
            }
        }
        std::string_view refs = q.column_text(2);
        if (!parser.parse(refs.data(), refs.size()).get_array().get(list)) {
            for (auto r : list) {
                std::string_view type;
                std::string_view url;
                if (!r["type"].get_string().get(type) && type == "FIX" && !r["url"].get_string().get(url))
                    fixes.urls.emplace_back(url);
            }
        }
        if (!fixes.urls.empty() || !fixes.commits.empty())
            out.push_back(std::move(fixes));
    }
    m_osv_fixes->reset();
    return out;
}

VulnDb::CnaCoverage VulnDb::cna_coverage(const std::string& vendor, const std::string& product)
{
    if (!m_cna_coverage)
        m_cna_coverage = std::make_unique<sqlite::Statement>(
            m_db, "SELECT count(*), min(p.advisory), max(p.advisory), max(c.date_updated) FROM product_index p "
                  "JOIN cve5 c ON c.id = p.advisory WHERE p.product = ?1 AND p.vendor = ?2 AND p.source = 'cve5' "
                  "AND lower(c.assigner) IN (?2, ?1)");
    sqlite::Statement& q = m_cna_coverage->reset().bind(1, product).bind(2, vendor);
    CnaCoverage out;
    if (q.step() && q.column_int(0) > 0) {
        out.records = static_cast<size_t>(q.column_int(0));
        // "CVE-YYYY-N": the id order is the year order.
        auto year = [](std::string_view id) {
            return id.size() > 8 && id.starts_with("CVE-") ? std::atoi(std::string(id.substr(4, 4)).c_str()) : 0;
        };
        out.first_year = year(q.column_text(1));
        out.last_year = year(q.column_text(2));
        out.newest_update = q.column_text(3);
    }
    q.reset();
    return out;
}

std::string VulnDb::nvd_published(const std::string& cve_id)
{
    sqlite::Statement q(m_db, "SELECT published FROM nvd_cve WHERE id = ?");
    q.bind(1, cve_id);
    return q.step() ? std::string(q.column_text(0)) : std::string();
}

std::string VulnDb::cve5_assigner(const std::string& cve_id)
{
    if (!m_summary)
        m_summary = std::make_unique<SummaryQueries>(m_db);
    sqlite::Statement& q = m_summary->cve5;
    std::string assigner;
    if (q.reset().bind(1, cve_id).step())
        assigner = q.column_text(2);
    q.reset();
    return assigner;
}

std::vector<std::string> VulnDb::vendors_of_product(const std::string& product)
{
    // One seek per vendor along the clustered key: a scan would read every applicability row of
    // the product (thousands for a popular one) to find a handful of vendors.
    if (!m_next_vendor) {
        m_first_vendor = std::make_unique<sqlite::Statement>(
            m_db, "SELECT vendor FROM product_index WHERE product = ?1 ORDER BY vendor LIMIT 1");
        m_next_vendor = std::make_unique<sqlite::Statement>(
            m_db, "SELECT vendor FROM product_index WHERE product = ?1 AND vendor > ?2 ORDER BY vendor LIMIT 1");
    }
    std::vector<std::string> vendors;
    for (;;) {
        sqlite::Statement& s = vendors.empty() ? m_first_vendor->reset().bind(1, product)
                                               : m_next_vendor->reset().bind(1, product).bind(2, vendors.back());
        bool more = s.step();
        if (more)
            vendors.emplace_back(s.column_text(0));
        s.reset();
        if (!more)
            break;
    }
    return vendors;
}

std::optional<CveDetails> VulnDb::show(const std::string& cve_id)
{
    simdjson::dom::parser parser;
    CveDetails d;
    d.id = cve_id;
    bool found = false;
    {
        sqlite::Statement s(m_db, "SELECT status, published, last_modified, description, tags, cwes, metrics, "
                                  "configurations, refs FROM nvd_cve WHERE id = ?1");
        s.bind(1, cve_id);
        if (s.step()) {
            NvdCve c;
            c.id = cve_id;
            c.status = s.column_text(0);
            c.published = s.column_text(1);
            c.last_modified = s.column_text(2);
            c.description = s.column_text(3);
            c.tags = parse_string_list(s.column_text(4), parser);
            c.cwes = parse_string_list(s.column_text(5), parser);
            c.metrics = parse_metrics(s.column_text(6), parser);
            c.configurations_json = s.column_text(7);
            c.references_json = s.column_text(8);
            d.nvd = std::move(c);
            found = true;
        }
    }
    {
        sqlite::Statement s(m_db,
                            "SELECT state, assigner, date_updated, description, cwes, metrics, affected, adp, refs "
                            "FROM cve5 WHERE id = ?");
        s.bind(1, cve_id);
        if (s.step()) {
            Cve5Record r;
            r.id = cve_id;
            r.state = s.column_text(0);
            r.assigner = s.column_text(1);
            r.date_updated = s.column_text(2);
            r.description = s.column_text(3);
            r.cwes = parse_string_list(s.column_text(4), parser);
            r.metrics = parse_metrics(s.column_text(5), parser);
            r.affected_json = s.column_text(6);
            r.adp_json = s.column_text(7);
            r.references_json = s.column_text(8);
            d.cve5 = std::move(r);
            found = true;
        }
    }
    {
        sqlite::Statement s(m_db,
                            "SELECT o.id, o.modified, o.published, o.withdrawn, o.aliases, o.summary, o.severity, "
                            "o.affected, o.refs FROM osv o WHERE o.id = ?1 OR o.id IN (SELECT advisory FROM "
                            "osv_alias WHERE alias = ?1) ORDER BY o.id");
        s.bind(1, cve_id);
        while (s.step()) {
            OsvRecord r;
            r.id = s.column_text(0);
            r.modified = s.column_text(1);
            r.published = s.column_text(2);
            r.withdrawn = s.column_text(3);
            r.aliases = parse_string_list(s.column_text(4), parser);
            r.summary = s.column_text(5);
            r.severity_json = s.column_text(6);
            r.affected_json = s.column_text(7);
            r.references_json = s.column_text(8);
            d.osv.push_back(std::move(r));
            found = true;
        }
    }
    {
        sqlite::Statement s(m_db, "SELECT vendor, product, name, date_added, due_date, ransomware FROM kev WHERE "
                                  "cve_id = ?");
        s.bind(1, cve_id);
        if (s.step()) {
            d.kev = KevEntry{cve_id,
                             std::string(s.column_text(0)),
                             std::string(s.column_text(1)),
                             std::string(s.column_text(2)),
                             std::string(s.column_text(3)),
                             std::string(s.column_text(4)),
                             std::string(s.column_text(5))};
            found = true;
        }
    }
    {
        sqlite::Statement s(m_db, "SELECT score, percentile, date FROM epss WHERE cve_id = ?");
        s.bind(1, cve_id);
        if (s.step()) {
            EpssScore e;
            e.cve_id = cve_id;
            e.score = s.column_double(0);
            e.percentile = s.column_double(1);
            e.date = s.column_text(2);
            d.epss = e;
            found = true;
        }
    }
    if (!found)
        return std::nullopt;
    return d;
}

int64_t VulnDb::updated_at(std::string_view source)
{
    sqlite::Statement state(m_db, "SELECT updated FROM source_state WHERE source = ?");
    state.bind(1, source);
    return state.step() ? state.column_int(0) : 0;
}

std::vector<SourceStatus> VulnDb::status()
{
    std::vector<SourceStatus> out;
    static constexpr std::pair<const char*, const char*> k_sources[] = {{"nvd", "SELECT count(*) FROM nvd_cve"},
                                                                        {"cve5", "SELECT count(*) FROM cve5"},
                                                                        {"osv", "SELECT count(*) FROM osv"},
                                                                        {"kev", "SELECT count(*) FROM kev"},
                                                                        {"epss", "SELECT count(*) FROM epss"}};
    // Databases written before data_as_of was recorded: the newest date of the records themselves.
    static constexpr std::pair<const char*, const char*> k_newest[] = {
        {"nvd", "SELECT max(last_modified) FROM nvd_cve"},
        {"cve5", "SELECT max(date_updated) FROM cve5"},
        {"osv", "SELECT max(modified) FROM osv"},
        {"kev", "SELECT max(date_added) FROM kev"},
        {"epss", "SELECT max(date) FROM epss"}};
    size_t index = 0;
    for (auto [source, count_sql] : k_sources) {
        SourceStatus st;
        st.source = source;
        sqlite::Statement count(m_db, count_sql);
        count.step();
        st.records = static_cast<uint64_t>(count.column_int(0));
        if (st.records > 0) {
            sqlite::Statement as_of(m_db, "SELECT value FROM meta WHERE key = ?");
            as_of.bind(1, std::string("data_as_of:") + source);
            if (as_of.step()) {
                st.data_as_of = as_of.column_text(0);
            } else {
                sqlite::Statement newest(m_db, k_newest[index].second);
                if (newest.step())
                    st.data_as_of = data_date(newest.column_text(0));
            }
        }
        ++index;
        sqlite::Statement state(m_db, "SELECT updated, full_update FROM source_state WHERE source = ?");
        state.bind(1, std::string_view(source));
        if (state.step()) {
            st.updated = state.column_int(0);
            st.full_update = state.column_int(1);
        }
        out.push_back(std::move(st));
    }
    return out;
}

VulnDb::FeedCache VulnDb::feed_cache(const std::string& url)
{
    FeedCache c;
    sqlite::Statement s(m_db, "SELECT etag, last_modified, sha256 FROM feed_cache WHERE url = ?");
    s.bind(1, url);
    if (s.step()) {
        c.etag = s.column_text(0);
        c.last_modified = s.column_text(1);
        c.sha256 = s.column_text(2);
    }
    return c;
}

struct VulnDb::Writer::Statements
{
    explicit Statements(sqlite::Database& db)
        : nvd_get(db, "SELECT last_modified FROM nvd_cve WHERE id = ?"),
          nvd_put(db, "INSERT OR REPLACE INTO nvd_cve (id, status, published, last_modified, description, tags, cwes, "
                      "metrics, configurations, refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          nvd_brief_put(db, "INSERT OR REPLACE INTO nvd_brief (id, cvss_version, cvss_source, cvss_primary, "
                            "cvss_score, cvss_vector, cvss_severity, patch_urls, description) VALUES (?, ?, ?, ?, ?, "
                            "?, ?, ?, ?)"),
          cve5_get(db, "SELECT date_updated FROM cve5 WHERE id = ?"),
          cve5_put(db, "INSERT OR REPLACE INTO cve5 (id, state, assigner, date_updated, description, cwes, metrics, "
                       "affected, adp, refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          osv_get(db, "SELECT modified FROM osv WHERE id = ?"),
          osv_put(db, "INSERT OR REPLACE INTO osv (id, modified, published, withdrawn, aliases, summary, severity, "
                      "affected, refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          product_delete(db, "DELETE FROM product_index WHERE advisory = ? AND source = ?"),
          product_delete_staged(db, "DELETE FROM temp.staged_product WHERE advisory = ? AND source = ?"),
          product_put(db, "INSERT INTO temp.staged_product (product, vendor, source, advisory, applicability) VALUES "
                          "(?, ?, ?, ?, ?)"),
          package_delete(db, "DELETE FROM osv_package WHERE advisory = ?"),
          package_put(db,
                      "INSERT INTO osv_package (ecosystem, name, advisory) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
          alias_delete(db, "DELETE FROM osv_alias WHERE advisory = ?"),
          alias_put(db, "INSERT INTO osv_alias (alias, advisory) VALUES (?, ?) ON CONFLICT DO NOTHING"),
          kev_get(db, "SELECT vendor, product, name, date_added, due_date, ransomware FROM kev WHERE cve_id = ?"),
          kev_put(db, "INSERT OR REPLACE INTO kev (cve_id, vendor, product, name, date_added, due_date, ransomware) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)"),
          epss_get(db, "SELECT score, percentile, date FROM epss WHERE cve_id = ?"),
          epss_put(db, "INSERT OR REPLACE INTO epss (cve_id, score, percentile, date) VALUES (?, ?, ?, ?)")
    {
    }

    sqlite::Statement nvd_get, nvd_put, nvd_brief_put, cve5_get, cve5_put, osv_get, osv_put;
    simdjson::dom::parser parser;
    sqlite::Statement product_delete, product_delete_staged, product_put, package_delete, package_put, alias_delete,
        alias_put;
    sqlite::Statement kev_get, kev_put, epss_get, epss_put;
};

VulnDb::Writer::Writer(VulnDb& db, const std::function<void()>& on_wait) : m_db(db)
{
    m_db.m_db.set_busy_timeout(0);
    if (!m_db.m_db.try_exec("BEGIN IMMEDIATE")) {
        if (on_wait)
            on_wait();
        m_db.m_db.set_busy_timeout(24 * 3600 * 1000);
        m_db.m_db.exec("BEGIN IMMEDIATE");
    }
    m_db.m_db.set_busy_timeout(10000);
    m_transaction = std::make_unique<sqlite::Transaction>(m_db.m_db, sqlite::Transaction::already_begun);
    // Index rows are staged and inserted in key order at commit: the index is clustered by product
    // with its JSON inline, and random-order inserts into it would split pages all along.
    m_db.m_db.exec("CREATE TEMP TABLE IF NOT EXISTS staged_product (product TEXT NOT NULL, vendor TEXT NOT NULL, "
                   "source TEXT NOT NULL, advisory TEXT NOT NULL, applicability TEXT NOT NULL); "
                   "CREATE INDEX IF NOT EXISTS temp.staged_product_by_advisory ON staged_product (advisory); "
                   "DELETE FROM temp.staged_product");
    m_stmts = std::make_unique<Statements>(m_db.m_db);
}

VulnDb::Writer::~Writer() = default;

namespace {

// Returns how the stored version (if any) compares: 0 absent, 1 older than `incoming`, 2 same or newer.
int stored_state(sqlite::Statement& get, const std::string& id, const std::string& incoming)
{
    get.reset().bind(1, id);
    if (!get.step())
        return 0;
    return std::string(get.column_text(0)) < incoming ? 1 : 2;
}

void count(int state, SourceChange& change)
{
    ++change.read;
    if (state == 0)
        ++change.added;
    else if (state == 1)
        ++change.updated;
    else
        ++change.unchanged;
}

} // namespace

namespace {
const std::vector<ProductApplicability> k_no_products; // both arms of a ?: as lvalues: no copy
} // namespace

void VulnDb::Writer::replace_index(std::string_view source, const std::string& advisory, bool replacing,
                                   const std::vector<ProductApplicability>& products)
{
    Statements& s = *m_stmts;
    if (replacing) {
        // The older version's rows: committed ones, and ones staged earlier in this transaction.
        s.product_delete.reset().bind(1, advisory).bind(2, source);
        s.product_delete.step();
        s.product_delete_staged.reset().bind(1, advisory).bind(2, source);
        s.product_delete_staged.step();
    }
    for (const auto& p : products) {
        s.product_put.reset()
            .bind(1, p.key.product)
            .bind(2, p.key.vendor)
            .bind(3, source)
            .bind(4, advisory)
            .bind(5, p.json);
        s.product_put.step();
    }
}

void VulnDb::Writer::note_date(const char* source, std::string_view date)
{
    if (date.size() < 10)
        return;
    // A date after tomorrow is no evidence of fresh data (a feed can say anything): one record
    // dated 2099 would make a database look up to date for ever.
    static const int64_t k_latest = now_unix_seconds() + 2 * 86400;
    if (std::optional<int64_t> at = parse_iso_utc(date); !at || *at > k_latest)
        return;
    std::string d = data_date(date);
    auto it = m_newest.find(source);
    if (it == m_newest.end())
        m_newest.emplace(source, std::move(d));
    else if (d > it->second)
        it->second = std::move(d);
}

void VulnDb::Writer::put(const NvdCve& cve, SourceChange& change)
{
    note_date("nvd", cve.last_modified);
    Statements& s = *m_stmts;
    int state = stored_state(s.nvd_get, cve.id, cve.last_modified);
    count(state, change);
    if (state == 2)
        return;
    s.nvd_put.reset()
        .bind(1, cve.id)
        .bind(2, cve.status)
        .bind(3, cve.published)
        .bind(4, cve.last_modified)
        .bind(5, cve.description)
        .bind(6, string_list_json(cve.tags))
        .bind(7, string_list_json(cve.cwes))
        .bind(8, metrics_json(cve.metrics))
        .bind(9, cve.configurations_json)
        .bind(10, cve.references_json);
    s.nvd_put.step();
    // What a scan shows of each finding, in a narrow table of its own: a scan looks up tens of
    // thousands of CVEs, and their full rows (configurations and all) would each cost a page.
    const CvssMetric* best = best_metric(cve.metrics);
    static const CvssMetric k_none{"", "", false, 0.0, "", ""};
    const CvssMetric& m = best ? *best : k_none;
    s.nvd_brief_put.reset()
        .bind(1, cve.id)
        .bind(2, m.version)
        .bind(3, m.source)
        .bind(4, int64_t{m.primary ? 1 : 0})
        .bind(5, m.score)
        .bind(6, m.vector)
        .bind(7, m.severity)
        .bind(8, string_list_json(patch_urls(cve.references_json, s.parser)))
        .bind(9, cve.description);
    s.nvd_brief_put.step();
    // A Rejected CVE is a tombstone: kept for `db show`, never indexed, so it never matches.
    replace_index("nvd", cve.id, state == 1, cve.rejected() ? k_no_products : cve.products);
}

void VulnDb::Writer::put(const Cve5Record& r, SourceChange& change)
{
    note_date("cve5", r.date_updated);
    Statements& s = *m_stmts;
    int state = stored_state(s.cve5_get, r.id, r.date_updated);
    count(state, change);
    if (state == 2)
        return;
    s.cve5_put.reset()
        .bind(1, r.id)
        .bind(2, r.state)
        .bind(3, r.assigner)
        .bind(4, r.date_updated)
        .bind(5, r.description)
        .bind(6, string_list_json(r.cwes))
        .bind(7, metrics_json(r.metrics))
        .bind(8, r.affected_json)
        .bind(9, r.adp_json)
        .bind(10, r.references_json);
    s.cve5_put.step();
    replace_index("cve5", r.id, state == 1, r.state == "REJECTED" ? k_no_products : r.products);
}

void VulnDb::Writer::put(const OsvRecord& r, SourceChange& change)
{
    note_date("osv", r.modified);
    Statements& s = *m_stmts;
    int state = stored_state(s.osv_get, r.id, r.modified);
    count(state, change);
    if (state == 2)
        return;
    s.osv_put.reset()
        .bind(1, r.id)
        .bind(2, r.modified)
        .bind(3, r.published)
        .bind(4, r.withdrawn)
        .bind(5, string_list_json(r.aliases))
        .bind(6, r.summary)
        .bind(7, r.severity_json)
        .bind(8, r.affected_json)
        .bind(9, r.references_json);
    s.osv_put.step();
    if (state == 1) {
        s.package_delete.reset().bind(1, r.id);
        s.package_delete.step();
        s.alias_delete.reset().bind(1, r.id);
        s.alias_delete.step();
    }
    for (const auto& alias : r.aliases) {
        s.alias_put.reset().bind(1, alias).bind(2, r.id);
        s.alias_put.step();
    }
    if (!r.withdrawn.empty())
        return; // withdrawn advisories are kept for `db show` but never matched
    for (const auto& [ecosystem, name] : r.packages) {
        s.package_put.reset().bind(1, ecosystem).bind(2, name).bind(3, r.id);
        s.package_put.step();
    }
}

void VulnDb::Writer::put(const KevEntry& e, SourceChange& change)
{
    note_date("kev", e.date_added);
    Statements& s = *m_stmts;
    s.kev_get.reset().bind(1, e.cve_id);
    int state = 0;
    if (s.kev_get.step()) {
        bool same = s.kev_get.column_text(0) == e.vendor && s.kev_get.column_text(1) == e.product &&
                    s.kev_get.column_text(2) == e.name && s.kev_get.column_text(3) == e.date_added &&
                    s.kev_get.column_text(4) == e.due_date && s.kev_get.column_text(5) == e.ransomware;
        state = same ? 2 : 1;
    }
    count(state, change);
    if (state == 2)
        return;
    s.kev_put.reset()
        .bind(1, e.cve_id)
        .bind(2, e.vendor)
        .bind(3, e.product)
        .bind(4, e.name)
        .bind(5, e.date_added)
        .bind(6, e.due_date)
        .bind(7, e.ransomware);
    s.kev_put.step();
}

void VulnDb::Writer::put(const EpssScore& e, SourceChange& change)
{
    note_date("epss", e.date);
    Statements& s = *m_stmts;
    s.epss_get.reset().bind(1, e.cve_id);
    int state = 0;
    if (s.epss_get.step()) {
        bool same = s.epss_get.column_double(0) == e.score && s.epss_get.column_double(1) == e.percentile;
        // Scores of an older day (in another file of the same import) never replace newer ones.
        state = same || std::string(s.epss_get.column_text(2)) > e.date ? 2 : 1;
    }
    count(state, change);
    if (state == 2)
        return;
    s.epss_put.reset().bind(1, e.cve_id).bind(2, e.score).bind(3, e.percentile).bind(4, e.date);
    s.epss_put.step();
}

void VulnDb::Writer::clear_source(const std::string& source)
{
    if (source == "kev")
        m_db.m_db.exec("DELETE FROM kev");
    else if (source == "epss")
        m_db.m_db.exec("DELETE FROM epss");
    else
        throw Error("clear_source: '" + source + "' is not replaced whole");
}

void VulnDb::Writer::mark_source(const std::string& source, bool full_update)
{
    int64_t now = now_unix_seconds();
    sqlite::Statement s(m_db.m_db, "INSERT INTO source_state (source, updated, full_update) VALUES (?1, ?2, ?3) ON "
                                   "CONFLICT (source) DO UPDATE SET updated = ?2, full_update = CASE WHEN ?3 > 0 THEN "
                                   "?3 ELSE full_update END");
    s.bind(1, source).bind(2, now).bind(3, full_update ? now : int64_t{0});
    s.step();
    // The data's own age: the newest record date written, or kept from before (an update that
    // brought nothing newer leaves the data as old as it was; KEV and EPSS are replaced whole).
    auto newest = m_newest.find(source);
    if (newest == m_newest.end())
        return;
    bool replaced_whole = source == "kev" || source == "epss";
    sqlite::Statement put(m_db.m_db, replaced_whole
                                         ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"
                                         : "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE "
                                           "SET value = max(value, ?2)");
    put.bind(1, "data_as_of:" + source).bind(2, newest->second);
    put.step();
}

void VulnDb::Writer::set_feed_cache(const std::string& url, const FeedCache& cache)
{
    sqlite::Statement s(m_db.m_db, "INSERT OR REPLACE INTO feed_cache (url, etag, last_modified, sha256) VALUES (?, ?, "
                                   "?, ?)");
    s.bind(1, url).bind(2, cache.etag).bind(3, cache.last_modified).bind(4, cache.sha256);
    s.step();
}

void VulnDb::Writer::commit()
{
    m_stmts.reset();
    // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT.
    m_db.m_db.exec(
        "INSERT INTO product_index (product, vendor, source, advisory, applicability) SELECT product, vendor, "
        "source, advisory, applicability FROM temp.staged_product WHERE true ORDER BY product, vendor, "
        "source, advisory ON CONFLICT DO NOTHING; DELETE FROM temp.staged_product");
    m_transaction->commit();
    // Fold the WAL into the file and record the file as checked: what this process just wrote
    // needs no quick_check on the next open; any change after this does.
    if (m_db.m_db.try_exec("PRAGMA wal_checkpoint(TRUNCATE)"))
        m_db.stamp_verified();
}

} // namespace nixvet

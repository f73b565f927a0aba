// SPDX-License-Identifier: MIT
#pragma once

#include "core/error.hpp"
#include "core/sqlite.hpp"
#include "vulndb/advisory.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nixvet {

/// What one source contributed to an update or import.
struct SourceChange
{
    std::string source;                        ///< "nvd", "cve5", "osv", "kev", "epss"
    uint64_t read = 0;                         ///< records read
    uint64_t added = 0;                        ///< new advisories
    uint64_t updated = 0;                      ///< replaced by a newer version
    uint64_t unchanged = 0;                    ///< already there, same or newer
    uint64_t skipped = 0;                      ///< malformed records skipped
    std::vector<std::string> skipped_examples; ///< "file: record N at byte X: why" (the first few)
};

/// One advisory applicability entry for a product: what `match` evaluates.
struct ProductEntry
{
    std::string source;   ///< "nvd" (configurations JSON) or "cve5" (affected JSON)
    std::string advisory; ///< CVE id
    std::string vendor;
    std::string product;
    std::string applicability_json;
};

/// Per-source state for `db status`.
struct SourceStatus
{
    std::string source;
    uint64_t records = 0;
    int64_t updated = 0;     ///< Unix time of the last import or update, 0 if never
    int64_t full_update = 0; ///< Unix time of the last full (not modified-only) NVD update
    /// How new the data is, by its own dates: the newest lastModified (NVD), dateUpdated (CVE5),
    /// modified (OSV), dateAdded (KEV) or score date (EPSS) of its records, "YYYY-MM-DD[THH:MM:SS]";
    /// empty when there are none. A six-month-old mirror imported today is six months old.
    std::string data_as_of;
};

/// Everything the database knows of one CVE, for `db show`.
struct CveDetails
{
    std::string id;
    std::optional<NvdCve> nvd;
    std::optional<Cve5Record> cve5;
    std::vector<OsvRecord> osv;
    std::optional<KevEntry> kev;
    std::optional<EpssScore> epss;
};

/// The database file is damaged (SQLite's quick_check, or data nixvet wrote that no longer parses).
class DamagedDatabase : public Error
{
public:
    using Error::Error;
};

/// The local vulnerability database: one SQLite file (WAL), schema-versioned. Knows nothing of Nix.
class VulnDb
{
public:
    static constexpr int k_schema_version = 6;

    enum class Mode
    {
        read,  ///< must exist; never written
        write, ///< created when missing; rebuilt when its schema version is not ours
    };

    /// Opens the database; throws Error naming the file (missing, unreadable, other schema,
    /// damaged). A database is checked with SQLite's quick_check the first time it is opened
    /// after it changed (docs/vulndb.md, "Integrity"); a damaged one is refused with the way out.
    VulnDb(const std::string& path, Mode mode);
    ~VulnDb();
    VulnDb(const VulnDb&) = delete;
    VulnDb& operator=(const VulnDb&) = delete;

    [[nodiscard]] const std::string& path() const { return m_path; }

    /// Holds one read transaction for its lifetime: every lookup sees the same state of the
    /// database, and SQLite does not re-check the WAL and re-take its locks for each statement.
    class Snapshot
    {
    public:
        explicit Snapshot(VulnDb& db) : m_transaction(db.m_db, false) {}

    private:
        sqlite::Transaction m_transaction;
    };

    /// A note when opening for write rebuilt a database of another schema version.
    [[nodiscard]] const std::string& rebuild_note() const { return m_rebuild_note; }

    /// An applicability entry seen in place: the views are valid only during the visit.
    struct ProductEntryView
    {
        std::string_view source;
        std::string_view advisory;
        std::string_view vendor;
        std::string_view applicability_json;
    };

    /// Calls `visit` for every applicability entry indexed under vendor:product (any vendor when
    /// `vendor` is empty), without copying; returns how many there were.
    size_t visit_product_entries(std::string_view vendor, std::string_view product,
                                 const std::function<void(const ProductEntryView&)>& visit);

    /// All applicability entries indexed under vendor:product (any vendor when `vendor` is empty).
    std::vector<ProductEntry> entries_for_product(const std::string& vendor, const std::string& product);
    /// Calls `visit(advisory id, affected JSON)` for every OSV advisory filed under the package.
    size_t visit_osv_package(std::string_view ecosystem, std::string_view name,
                             const std::function<void(std::string_view id, std::string_view affected_json)>& visit);

    /// What a report needs of one CVE: the best CVSS, KEV, EPSS, a one-line description.
    struct CveSummary
    {
        std::optional<CvssMetric> cvss; ///< newest CVSS version, primary scorer first; NVD before CVE5
        bool known_exploited = false;
        std::string kev_date_added;
        std::optional<double> epss;
        std::string description;             ///< its first line
        std::vector<std::string> patch_urls; ///< NVD references tagged "Patch"
    };
    /// The summary of a CVE; `with_description` false leaves the description out (a table
    /// report does not show it, and it is most of the bytes).
    CveSummary summary(const std::string& cve_id, bool with_description = true);
    /// The summaries of `ids[from, to)` (`ids` sorted, without repeats), in that order; the same
    /// as summary() of each, faster for many.
    std::vector<CveSummary> summaries(const std::vector<std::string>& ids, size_t from, size_t to,
                                      bool with_description);

    /// How OSV says an advisory was fixed: its FIX reference URLs and the commits its GIT ranges
    /// name as fixed. For an OSV id its own record; for a CVE id every OSV record aliasing it.
    struct OsvFixes
    {
        std::string advisory; ///< the OSV record
        std::vector<std::string> urls;
        std::vector<std::string> commits;
    };
    std::vector<OsvFixes> osv_fixes(const std::string& advisory);

    /// How completely a vendor that is a CNA covers its own product with CVE List V5 records:
    /// how many records assigned by `vendor` (or by a CNA named like the product) name the product,
    /// the years of the oldest and newest record ids and the newest record's update date.
    struct CnaCoverage
    {
        size_t records = 0;
        int first_year = 0;
        int last_year = 0;
        std::string newest_update; ///< ISO 8601 as the records write it; empty when they carry no dates
    };
    CnaCoverage cna_coverage(const std::string& vendor, const std::string& product);
    /// NVD's publication date of `cve_id` (ISO 8601), or empty.
    std::string nvd_published(const std::string& cve_id);

    /// The CNA that assigned `cve_id` according to its CVE List V5 record, or empty.
    std::string cve5_assigner(const std::string& cve_id);

    /// The vendors NVD and CVE5 use with `product`.
    std::vector<std::string> vendors_of_product(const std::string& product);
    /// Everything known of `cve_id`, or nothing.
    std::optional<CveDetails> show(const std::string& cve_id);
    /// When `source` was last updated (Unix seconds), 0 when never: the cheap part of status().
    int64_t updated_at(std::string_view source);
    /// Every source: its record count and when it was last updated.
    std::vector<SourceStatus> status();
    /// Size of the database file (and its WAL) in bytes.
    [[nodiscard]] uint64_t size_bytes() const;

    /// Cached HTTP validators of a feed URL (for conditional GET), or empty strings.
    struct FeedCache
    {
        std::string etag;
        std::string last_modified;
        std::string sha256;
    };
    FeedCache feed_cache(const std::string& url);

    /// A write transaction; nothing is visible to readers until commit(), and an exception, a
    /// kill or a crash before it leaves the database as it was.
    class Writer
    {
    public:
        /// Takes the write lock; calls `on_wait` once if another writer holds it, then waits.
        Writer(VulnDb& db, const std::function<void()>& on_wait);
        ~Writer();
        Writer(const Writer&) = delete;
        Writer& operator=(const Writer&) = delete;

        void put(const NvdCve& cve, SourceChange& change);
        void put(const Cve5Record& record, SourceChange& change);
        void put(const OsvRecord& record, SourceChange& change);
        void put(const KevEntry& entry, SourceChange& change);
        void put(const EpssScore& score, SourceChange& change);
        /// Empties a source that is always replaced whole (kev, epss).
        void clear_source(const std::string& source);
        void mark_source(const std::string& source, bool full_update);
        void set_feed_cache(const std::string& url, const FeedCache& cache);
        void commit();

    private:
        /// Remembers `date` (a record's own) if it is the newest of `source` so far.
        void note_date(const char* source, std::string_view date);
        /// Replaces the index rows of `advisory` from `source` (removing the older version's first
        /// when `replacing`) with `products`.
        void replace_index(std::string_view source, const std::string& advisory, bool replacing,
                           const std::vector<ProductApplicability>& products);

        struct Statements;
        VulnDb& m_db;
        std::unique_ptr<sqlite::Transaction> m_transaction;
        std::unique_ptr<Statements> m_stmts;
        std::map<std::string, std::string, std::less<>> m_newest; ///< source → newest record date written
    };

    /// Checks the whole file (PRAGMA quick_check) unless it was checked since it last changed;
    /// throws Error saying it is damaged and how to rebuild it.
    void verify_integrity();
    /// Records that the file, as it is now, was checked (after quick_check, or after this
    /// process's own commit): later opens skip the check while its size, inode, mtime and ctime
    /// stay the same. Best effort: a stamp that cannot be written means checking again.
    void stamp_verified();

private:
    void create_schema();
    std::string m_path;
    std::string m_rebuild_note;
    sqlite::Database m_db;
    std::unique_ptr<sqlite::Statement> m_lookup_vendor;
    std::unique_ptr<sqlite::Statement> m_lookup_any;
    std::unique_ptr<sqlite::Statement> m_osv_lookup;
    std::unique_ptr<sqlite::Statement> m_osv_fixes;
    std::unique_ptr<sqlite::Statement> m_cna_coverage;
    std::unique_ptr<sqlite::Statement> m_first_vendor;
    std::unique_ptr<sqlite::Statement> m_next_vendor;
    void add_cve5_summary(const std::string& cve_id, bool with_description, CveSummary& out);
    struct SummaryQueries;
    std::unique_ptr<SummaryQueries> m_summary; ///< prepared once, with one JSON parser
};

} // namespace nixvet

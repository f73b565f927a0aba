// SPDX-License-Identifier: MIT
#include "vulndb/updater.hpp"

#include "core/compressed_file.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/http.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

namespace nixvet {

namespace fs = std::filesystem;

namespace {

// NVD keeps eight days of changes in its modified feed; a full update older than that needs redoing.
constexpr int64_t k_modified_window = 7 * 86400;

std::string base(const UpdateOptions& o, const std::string& source)
{
    if (!o.mirror.empty()) {
        std::string m = o.mirror;
        while (!m.empty() && m.back() == '/')
            m.pop_back();
        return m + "/" + source + "/";
    }
    if (source == "nvd")
        return "https://nvd.nist.gov/feeds/json/cve/2.0/";
    if (source == "kev")
        return "https://www.cisa.gov/sites/default/files/feeds/";
    if (source == "epss")
        return "https://epss.cyentia.com/";
    if (source == "osv")
        return "https://osv-vulnerabilities.storage.googleapis.com/";
    if (source == "cve5")
        return "https://github.com/CVEProject/cvelistV5/archive/refs/heads/";
    throw Error("unknown source '" + source + "'");
}

std::string file_name(const std::string& url)
{
    std::string name = url.substr(url.rfind('/') + 1);
    return name.empty() ? "download" : name;
}

// The "sha256:HEX" line of an NVD .meta file.
std::string meta_sha256(const std::string& meta, const std::string& url)
{
    size_t at = meta.find("sha256:");
    if (at == std::string::npos)
        throw Error(fmt::format("{}: no 'sha256:' line", url));
    std::string hex;
    for (size_t i = at + 7; i < meta.size() && std::isxdigit(static_cast<unsigned char>(meta[i])); ++i)
        hex += static_cast<char>(std::tolower(static_cast<unsigned char>(meta[i])));
    if (hex.size() != 64)
        throw Error(fmt::format("{}: the sha256 line does not hold 64 hex digits", url));
    return hex;
}

struct Download
{
    std::string url;
    std::string path; ///< empty when not modified
    VulnDb::FeedCache cache;
};

class SourceUpdater
{
public:
    SourceUpdater(VulnDb& db, const UpdateOptions& options, SourceUpdate& result)
        : m_db(db), m_options(options), m_result(result)
    {
    }

    void run()
    {
        const std::string& source = m_result.source;
        bool nvd_full = false;
        if (source == "nvd") {
            int64_t last_full = 0;
            for (const auto& s : m_db.status()) {
                if (s.source == "nvd")
                    last_full = s.full_update;
            }
            nvd_full = m_options.full || last_full == 0 || m_options.now - last_full > k_modified_window;
            m_result.mode = nvd_full ? "full" : "modified feed";
        }
        fs::create_directories(m_options.download_dir);
        std::vector<std::string> urls = source_urls(source, m_options, nvd_full);
        std::vector<Download> downloads;
        for (const auto& url : urls) {
            if (url.ends_with(".meta"))
                continue; // fetched together with its feed
            downloads.push_back(source == "nvd" ? fetch_nvd(url) : fetch(url, m_db.feed_cache(url), {}));
        }
        std::vector<std::string> files;
        for (const auto& d : downloads) {
            if (d.path.empty())
                ++m_result.not_modified;
            else
                files.push_back(d.path);
        }
        m_result.fetched = static_cast<int>(files.size());
        ImportOptions import_options;
        import_options.on_progress = m_options.on_import_progress;
        import_options.on_wait_for_lock = m_options.on_wait_for_lock;
        import_options.full_update = nvd_full;
        import_options.before_commit = [&](VulnDb::Writer& w) {
            for (const auto& d : downloads) {
                if (!d.path.empty())
                    w.set_feed_cache(d.url, d.cache);
            }
            w.mark_source(source, source != "nvd" || nvd_full);
        };
        if (files.empty()) {
            // Nothing changed upstream: record that the source was checked.
            VulnDb::Writer w(m_db, m_options.on_wait_for_lock);
            import_options.before_commit(w);
            w.commit();
        } else {
            m_result.changes = import_feeds(m_db, files, import_options);
        }
        for (const auto& f : files)
            fs::remove(f);
    }

private:
    Download fetch(const std::string& url, const VulnDb::FeedCache& cache, const std::string& expected_sha256)
    {
        FetchOptions o;
        // Validators are kept only for feeds whose import committed, so a 304 means "already in".
        o.if_none_match = cache.etag;
        o.if_modified_since = cache.last_modified;
        o.retry_delay_ms = m_options.retry_delay_ms;
        o.timeout_seconds = m_options.timeout_seconds;
        if (m_options.on_retry)
            o.on_retry = [&, url](const std::string& error, int delay_ms) { m_options.on_retry(url, error, delay_ms); };
        if (m_options.on_download)
            o.on_progress = [&](uint64_t done, uint64_t total) { m_options.on_download(url, done, total); };
        Download d;
        d.url = url;
        // Several sources name their files alike (every OSV ecosystem's is all.zip).
        std::string path =
            (fs::path(m_options.download_dir) / fmt::format("{:03}-{}", m_downloads++, file_name(url))).string();
        FetchResult r = fetch_url(url, path, o);
        d.cache.etag = r.etag;
        d.cache.last_modified = r.last_modified;
        d.cache.sha256 = expected_sha256;
        if (r.status == FetchResult::Status::fetched)
            d.path = path;
        return d;
    }

    // An NVD feed: its .meta first; the feed only when the .meta names another SHA-256 than the
    // one imported last; then the decompressed feed must have that SHA-256.
    Download fetch_nvd(const std::string& url)
    {
        std::string meta_url = url.substr(0, url.size() - std::string(".json.gz").size()) + ".meta";
        std::string meta_path = (fs::path(m_options.download_dir) / file_name(meta_url)).string();
        FetchOptions o;
        o.retry_delay_ms = m_options.retry_delay_ms;
        o.timeout_seconds = m_options.timeout_seconds;
        if (m_options.on_retry)
            o.on_retry = [&, url](const std::string& error, int delay_ms) { m_options.on_retry(url, error, delay_ms); };
        fetch_url(meta_url, meta_path, o);
        std::string expected = meta_sha256(read_file(meta_path), meta_url);
        fs::remove(meta_path);
        VulnDb::FeedCache cache = m_db.feed_cache(url);
        if (cache.sha256 == expected) {
            Download d;
            d.url = url;
            d.cache = cache;
            return d;
        }
        // The .meta says the feed changed: fetch it whole, whatever the HTTP validators say.
        Download d = fetch(url, {}, expected);
        CompressedFile file(d.path);
        std::string actual = sha256_hex([&](char* b, size_t n) { return file.read(b, n); });
        if (actual != expected) {
            fs::remove(d.path);
            throw Error(fmt::format("{}: the SHA-256 of the decompressed feed is {}, but {} says {}", url, actual,
                                    meta_url, expected));
        }
        return d;
    }

    VulnDb& m_db;
    const UpdateOptions& m_options;
    SourceUpdate& m_result;
    int m_downloads = 0;
};

} // namespace

const std::vector<std::string>& update_source_names()
{
    static const std::vector<std::string> names = {"nvd", "cve5", "osv", "kev", "epss"};
    return names;
}

std::vector<std::string> source_urls(const std::string& source, const UpdateOptions& options, bool nvd_full)
{
    std::string b = base(options, source);
    std::vector<std::string> urls;
    if (source == "nvd") {
        if (nvd_full) {
            for (int year = 2002; year <= options.current_year; ++year) {
                urls.push_back(fmt::format("{}nvdcve-2.0-{}.json.gz", b, year));
                urls.push_back(fmt::format("{}nvdcve-2.0-{}.meta", b, year));
            }
        }
        urls.push_back(b + "nvdcve-2.0-modified.json.gz");
        urls.push_back(b + "nvdcve-2.0-modified.meta");
    } else if (source == "kev") {
        urls.push_back(b + "known_exploited_vulnerabilities.json");
    } else if (source == "epss") {
        urls.push_back(b + "epss_scores-current.csv.gz");
    } else if (source == "osv") {
        for (const auto& e : options.osv_ecosystems)
            urls.push_back(b + e + "/all.zip");
    } else if (source == "cve5") {
        urls.push_back(b + (options.mirror.empty() ? "main.zip" : "cvelistV5.zip"));
    }
    return urls;
}

std::vector<SourceUpdate> update_sources(VulnDb& db, const UpdateOptions& options)
{
    std::vector<SourceUpdate> results;
    for (const auto& source : update_source_names()) {
        if (std::find(options.sources.begin(), options.sources.end(), source) == options.sources.end())
            continue;
        SourceUpdate result;
        result.source = source;
        try {
            SourceUpdater(db, options, result).run();
        } catch (const std::exception& e) {
            result.error = e.what();
            std::error_code ec;
            fs::remove_all(options.download_dir, ec);
        }
        results.push_back(std::move(result));
    }
    std::error_code ec;
    fs::remove_all(options.download_dir, ec);
    return results;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
// Readers run on worker threads (decompress, cut, parse: one file each at a time); the calling
// thread is the only one that writes, inside one transaction.
#include "vulndb/importer.hpp"

#include "core/compressed_file.hpp"
#include "core/error.hpp"
#include "core/json_stream.hpp"
#include "vulndb/nvd_record.hpp"
#include "vulndb/record_readers.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <thread>

namespace nixvet {

namespace fs = std::filesystem;

FeedKind detect_feed_kind(std::string_view head)
{
    size_t i = 0;
    if (head.starts_with("\xEF\xBB\xBF"))
        i = 3;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        ++i;
    std::string_view body = head.substr(i);
    auto has = [&](std::string_view s) { return body.find(s) != std::string_view::npos; };
    if (body.starts_with("{")) {
        if (has("\"dataType\"") && has("CVE_RECORD"))
            return FeedKind::cve5;
        if (has("\"catalogVersion\""))
            return FeedKind::kev_json;
        if (has("\"CVE_Items\""))
            return FeedKind::nvd_1_1;
        if (has("\"NVD_CVE\""))
            return FeedKind::nvd;
        if (has("\"id\"") && has("\"modified\"") && !has("\"vulnerabilities\""))
            return FeedKind::osv;
        if (has("\"vulnerabilities\"") && has("\"cve\""))
            return FeedKind::nvd;
        return FeedKind::unknown;
    }
    if (body.starts_with("cveID,"))
        return FeedKind::kev_csv;
    if (body.starts_with("#model_version") || body.starts_with("cve,epss"))
        return FeedKind::epss;
    return FeedKind::unknown;
}

const char* feed_source(FeedKind kind)
{
    switch (kind) {
    case FeedKind::nvd:
    case FeedKind::nvd_1_1: return "nvd";
    case FeedKind::cve5: return "cve5";
    case FeedKind::osv: return "osv";
    case FeedKind::kev_json:
    case FeedKind::kev_csv: return "kev";
    case FeedKind::epss: return "epss";
    case FeedKind::unknown: break;
    }
    return "unknown";
}

namespace {

constexpr size_t k_batch = 512;
constexpr size_t k_max_examples = 5;

struct Batch
{
    std::string source;
    std::vector<NvdCve> nvd;
    std::vector<Cve5Record> cve5;
    std::vector<OsvRecord> osv;
    std::vector<KevEntry> kev;
    std::vector<EpssScore> epss;
    std::vector<std::string> skipped;
    uint64_t bytes = 0;

    [[nodiscard]] size_t size() const { return nvd.size() + cve5.size() + osv.size() + kev.size() + epss.size(); }
};

struct WorkItem
{
    std::string path;
    bool archive = false;
    bool explicit_file = false; ///< named on the command line: an unknown format is an error
};

// A bounded queue: readers wait when the writer falls behind, so memory stays bounded.
class BatchQueue
{
public:
    void push(Batch b)
    {
        std::unique_lock lock(m_mutex);
        m_not_full.wait(lock, [&] { return m_queue.size() < 16 || m_closed; });
        m_queue.push_back(std::move(b));
        m_not_empty.notify_one();
    }
    bool pop(Batch& b)
    {
        std::unique_lock lock(m_mutex);
        m_not_empty.wait(lock, [&] { return !m_queue.empty() || m_producers == 0; });
        if (m_queue.empty())
            return false;
        b = std::move(m_queue.front());
        m_queue.pop_front();
        m_not_full.notify_one();
        return true;
    }
    void set_producers(int n) { m_producers = n; }
    void producer_done()
    {
        std::lock_guard lock(m_mutex);
        --m_producers;
        m_not_empty.notify_all();
    }
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_not_full.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_not_empty;
    std::condition_variable m_not_full;
    std::deque<Batch> m_queue;
    int m_producers = 0;
    bool m_closed = false;
};

// The most one feed record (a CVE List V5 or OSV file) or one list document (KEV, EPSS) may hold:
// the largest real ones are about 2 MB and 15 MB; anything larger is not a feed.
constexpr uint64_t k_max_record = uint64_t{64} << 20;
constexpr uint64_t k_max_list = uint64_t{256} << 20;
constexpr size_t k_head = 65536;

uint64_t max_document(FeedKind kind)
{
    return kind == FeedKind::cve5 || kind == FeedKind::osv ? k_max_record : k_max_list;
}

const char* document_name(FeedKind kind)
{
    switch (kind) {
    case FeedKind::cve5: return "CVE List V5 record";
    case FeedKind::osv: return "OSV record";
    case FeedKind::kev_json:
    case FeedKind::kev_csv: return "KEV catalogue";
    case FeedKind::epss: return "EPSS score list";
    default: return "feed document";
    }
}

class Reader
{
public:
    Reader(BatchQueue& queue, std::atomic<bool>& abort, std::atomic<size_t>& recognized)
        : m_queue(queue), m_abort(abort), m_recognized(recognized)
    {
    }

    void read(const WorkItem& item)
    {
        if (item.archive) {
            size_t files = 0;
            size_t known = 0;
            for_each_archive_entry(item.path, [&](ArchiveEntry& e) {
                if (m_abort)
                    throw Error("aborted");
                ++files;
                std::string head = read_head(e);
                FeedKind kind = detect_feed_kind(head);
                if (kind == FeedKind::unknown)
                    return; // READMEs, schemas and the like inside a release archive
                ++known;
                read_entry(e, kind, std::move(head));
            });
            // An empty archive is an ecosystem without advisories; one whose every file is
            // something else is not a feed at all.
            if (files > 0 && known == 0)
                throw Error(fmt::format("{}: none of its {} files is a feed nixvet knows (NVD 2.0, CVE List V5, OSV, "
                                        "KEV, EPSS)",
                                        item.path, files));
            m_recognized += known;
            flush();
            return;
        }
        std::string head = read_head(item.path);
        FeedKind kind = detect_feed_kind(head);
        if (kind == FeedKind::unknown) {
            if (item.explicit_file)
                throw Error(
                    fmt::format("{}: not a feed nixvet knows (NVD 2.0, CVE List V5, OSV, KEV, EPSS)", item.path));
            return;
        }
        if (kind == FeedKind::nvd_1_1)
            throw Error(fmt::format("{}: this is an NVD JSON 1.1 feed, which NVD retired in 2023; import the JSON 2.0 "
                                    "feeds (nvdcve-2.0-*.json.gz)",
                                    item.path));
        ++m_recognized;
        if (kind == FeedKind::nvd)
            read_nvd(item.path);
        else
            read_whole(item.path, kind, read_compressed_file(item.path, max_document(kind), document_name(kind)));
        flush();
    }

private:
    // The first bytes of a feed (a file or an archive entry), to tell its kind.
    template <typename Stream>
    static std::string read_head(Stream& in)
    {
        std::string head(k_head, '\0');
        size_t got = 0;
        while (got < head.size()) {
            size_t n = in.read(head.data() + got, head.size() - got);
            if (n == 0)
                break;
            got += n;
        }
        head.resize(got);
        return head;
    }

    static std::string read_head(const std::string& path)
    {
        CompressedFile f(path);
        return read_head(f);
    }

    // An entry of an archive whose first bytes `head` are read: an NVD feed streamed, anything
    // else read whole within its kind's limit.
    void read_entry(ArchiveEntry& e, FeedKind kind, std::string head)
    {
        std::string label = e.label();
        if (kind == FeedKind::nvd)
            return stream_nvd(e, label, head);
        if (kind == FeedKind::nvd_1_1)
            throw Error(fmt::format("{}: an NVD JSON 1.1 feed, retired by NVD; use the 2.0 feeds", label));
        read_whole(label, kind, e.read_all(max_document(kind), document_name(kind), std::move(head)));
    }

    void start(const std::string& source)
    {
        if (m_batch.source != source || m_batch.size() >= k_batch)
            flush();
        m_batch.source = source;
    }

    void flush()
    {
        if (m_batch.size() == 0 && m_batch.skipped.empty() && m_batch.bytes == 0)
            return;
        m_queue.push(std::move(m_batch));
        m_batch = Batch{};
    }

    void skip(const std::string& what) { m_batch.skipped.push_back(what); }

    void read_nvd(const std::string& path)
    {
        CompressedFile file(path);
        stream_nvd(file, path, {});
    }

    // An NVD feed cut into records as it streams from `in` (after `head`, already read from it).
    template <typename Stream>
    void stream_nvd(Stream& in, const std::string& label, std::string_view head)
    {
        start("nvd");
        JsonArrayStream stream("vulnerabilities", label, nvd_handler(label));
        stream.feed(head);
        m_batch.bytes += head.size();
        std::string buffer(1 << 20, '\0');
        while (size_t n = in.read(buffer.data(), buffer.size())) {
            if (m_abort)
                throw Error("aborted");
            stream.feed(std::string_view(buffer.data(), n));
            m_batch.bytes += n;
        }
        stream.finish();
        if (!stream.found_array())
            throw ParseError(label, 0,
                             fmt::format("not an NVD 2.0 feed: no 'vulnerabilities' list (top-level keys: {})",
                                         stream.top_level_keys()));
    }

    // Parses each element of an NVD feed; a malformed one is skipped and named.
    JsonArrayStream::ElementHandler nvd_handler(const std::string& label)
    {
        return [this, label, index = uint64_t{0}](std::string element, uint64_t offset) mutable {
            ++index;
            start("nvd");
            Result<NvdCve> cve = m_nvd.parse(element);
            if (cve)
                m_batch.nvd.push_back(std::move(*cve));
            else
                skip(fmt::format("{}: record {} at byte {}: {}", label, index, offset, cve.error()));
        };
    }

    void read_whole(const std::string& label, FeedKind kind, const std::string& content)
    {
        start(feed_source(kind));
        m_batch.bytes += content.size();
        switch (kind) {
        case FeedKind::cve5: {
            Result<Cve5Record> r = m_records.parse_cve5(content);
            if (r)
                m_batch.cve5.push_back(std::move(*r));
            else
                skip(fmt::format("{}: {}", label, r.error()));
            break;
        }
        case FeedKind::osv: {
            Result<OsvRecord> r = m_records.parse_osv(content);
            if (r)
                m_batch.osv.push_back(std::move(*r));
            else
                skip(fmt::format("{}: {}", label, r.error()));
            break;
        }
        case FeedKind::kev_json:
            for (auto& e : parse_kev_json(content, label))
                m_batch.kev.push_back(std::move(e));
            break;
        case FeedKind::kev_csv:
            for (auto& e : parse_kev_csv(content, label))
                m_batch.kev.push_back(std::move(e));
            break;
        case FeedKind::epss:
            for (auto& e : parse_epss_csv(content, label))
                m_batch.epss.push_back(std::move(e));
            break;
        case FeedKind::nvd:
        case FeedKind::nvd_1_1:
        case FeedKind::unknown: break; // streamed by read_nvd and read_entry; refused before
        }
    }

    BatchQueue& m_queue;
    std::atomic<bool>& m_abort;
    std::atomic<size_t>& m_recognized;
    Batch m_batch;
    NvdRecordParser m_nvd;
    RecordReader m_records;
};

void expand(const std::string& path, std::vector<WorkItem>& items)
{
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st))
        throw Error(fmt::format("cannot import '{}': it does not exist", path));
    if (fs::is_directory(st)) {
        std::vector<std::string> files;
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec)
                throw Error(fmt::format("cannot list '{}': {}", path, ec.message()));
            std::string name = it->path().filename().string();
            if (name.starts_with(".")) {
                if (it->is_directory())
                    it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file() && !name.ends_with(".meta") && !name.ends_with(".md") && !name.ends_with(".txt"))
                files.push_back(it->path().string());
        }
        std::sort(files.begin(), files.end());
        for (auto& f : files)
            items.push_back({f, is_archive(f), false});
        return;
    }
    items.push_back({path, is_archive(path), true});
}

} // namespace

std::vector<SourceChange> import_feeds(VulnDb& db, const std::vector<std::string>& paths, const ImportOptions& options)
{
    std::vector<WorkItem> items;
    for (const auto& p : paths)
        expand(p, items);

    VulnDb::Writer writer(db, options.on_wait_for_lock);
    std::map<std::string, SourceChange> changes;
    BatchQueue queue;
    std::atomic<bool> abort{false};
    std::atomic<size_t> next{0};
    std::atomic<size_t> recognized{0};
    std::mutex error_mutex;
    std::exception_ptr error;
    unsigned threads = options.threads ? options.threads : std::max(1U, std::thread::hardware_concurrency());
    threads = std::min<unsigned>(threads, static_cast<unsigned>(std::max<size_t>(1, items.size())));
    queue.set_producers(static_cast<int>(threads));
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            try {
                Reader reader(queue, abort, recognized);
                for (size_t i = next++; i < items.size() && !abort; i = next++)
                    reader.read(items[i]);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!error && !abort)
                    error = std::current_exception();
                abort = true;
            }
            queue.producer_done();
        });
    }

    ImportProgress progress;
    bool cleared_kev = false;
    bool cleared_epss = false;
    Batch batch;
    try {
        while (queue.pop(batch)) {
            if (abort)
                continue; // drain so the readers can finish
            progress.bytes += batch.bytes;
            if (batch.source.empty())
                continue; // bytes of a feed with no records
            SourceChange& change = changes[batch.source];
            change.source = batch.source;
            for (const auto& r : batch.nvd)
                writer.put(r, change);
            for (const auto& r : batch.cve5)
                writer.put(r, change);
            for (const auto& r : batch.osv)
                writer.put(r, change);
            if (!batch.kev.empty() && !cleared_kev) {
                writer.clear_source("kev");
                cleared_kev = true;
            }
            for (const auto& r : batch.kev)
                writer.put(r, change);
            if (!batch.epss.empty() && !cleared_epss) {
                writer.clear_source("epss");
                cleared_epss = true;
            }
            for (const auto& r : batch.epss)
                writer.put(r, change);
            change.skipped += batch.skipped.size();
            for (auto& s : batch.skipped) {
                if (change.skipped_examples.size() < k_max_examples)
                    change.skipped_examples.push_back(std::move(s));
            }
            progress.records += batch.size();
            if (options.on_progress)
                options.on_progress(progress);
        }
    } catch (...) {
        abort = true;
        queue.close();
        while (queue.pop(batch)) {
        }
        for (auto& w : workers)
            w.join();
        throw;
    }
    for (auto& w : workers)
        w.join();
    if (error)
        std::rethrow_exception(error);
    // A directory of nothing but other files imports nothing: an error, not an empty success.
    bool any_archive = std::any_of(items.begin(), items.end(), [](const WorkItem& i) { return i.archive; });
    if (recognized == 0 && !any_archive)
        throw Error(fmt::format("{}: no feed nixvet knows (NVD 2.0, CVE List V5, OSV, KEV, EPSS) in {} file(s)",
                                fmt::join(paths, ", "), items.size()));

    std::vector<SourceChange> result;
    for (auto& [source, change] : changes) {
        writer.mark_source(source, source != "nvd" || options.full_update);
        result.push_back(std::move(change));
    }
    if (options.before_commit)
        options.before_commit(writer);
    writer.commit();
    return result;
}

} // namespace nixvet

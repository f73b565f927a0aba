// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

struct archive;

namespace nixvet {

/// A file read as a stream of decompressed bytes: plain, gzip, xz, bzip2 or zstd, detected from
/// the content. Errors name the file and the decompressed byte offset reached; more than
/// input_limits().entry_bytes decompressed is an error.
class CompressedFile
{
public:
    /// Opens `path`; throws Error when it cannot be read.
    explicit CompressedFile(const std::string& path);
    ~CompressedFile();
    CompressedFile(const CompressedFile&) = delete;
    CompressedFile& operator=(const CompressedFile&) = delete;

    /// Reads up to `size` bytes; returns 0 at the end. Throws Error for corrupt or truncated data.
    size_t read(char* buffer, size_t size);

    /// Decompressed bytes read so far.
    [[nodiscard]] uint64_t offset() const { return m_offset; }
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    std::string m_path;
    struct archive* m_archive = nullptr;
    uint64_t m_offset = 0;
    bool m_eof = false;
};

/// Reads the whole decompressed content of `path`, at most `max_bytes` of it (`what` names the
/// kind of document in the error). Throws Error.
std::string read_compressed_file(const std::string& path, uint64_t max_bytes = UINT64_MAX,
                                 const char* what = "document");

/// True when `path` is a zip or tar archive (by content), not a single compressed file.
bool is_archive(const std::string& path);

/// A regular file inside an archive, read as a stream. Every byte decompressed counts against
/// input_limits(): entry_bytes for the entry, input_bytes for the archive.
class ArchiveEntry
{
public:
    [[nodiscard]] const std::string& name() const { return m_name; }
    /// "ARCHIVE:NAME", for messages.
    [[nodiscard]] std::string label() const;
    /// Reads up to `size` bytes; 0 at the end of the entry. Throws Error for corrupt data or past a limit.
    size_t read(char* buffer, size_t size);
    /// `head` (what was read of the entry already) and the rest of the entry: at most `max_bytes`
    /// in all (`what` names the document in the error).
    std::string read_all(uint64_t max_bytes, const char* what, std::string head = {});

private:
    friend void for_each_archive_entry(const std::string&, const std::function<void(ArchiveEntry&)>&);
    ArchiveEntry(struct archive* a, const std::string& archive, std::string name, uint64_t& archive_bytes)
        : m_archive(a), m_archive_path(archive), m_name(std::move(name)), m_archive_bytes(archive_bytes)
    {
    }
    struct archive* m_archive;
    const std::string& m_archive_path;
    std::string m_name;
    uint64_t& m_archive_bytes;
    uint64_t m_bytes = 0;
};

/// Calls `visit(entry)` for every regular file in the zip or tar archive `path`, in archive
/// order; `visit` reads what it needs of the entry. Throws Error naming the archive and the
/// entry for corrupt data and past the limits.
void for_each_archive_entry(const std::string& path, const std::function<void(ArchiveEntry&)>& visit);

} // namespace nixvet

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
/// the content. Errors name the file and the decompressed byte offset reached.
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

/// Reads the whole decompressed content of `path`. Throws Error.
std::string read_compressed_file(const std::string& path);

/// True when `path` is a zip or tar archive (by content), not a single compressed file.
bool is_archive(const std::string& path);

/// Calls `visit(name, content)` for every regular file in the zip or tar archive `path`, in
/// archive order. Throws Error naming the archive and the entry for corrupt data.
void for_each_archive_entry(const std::string& path,
                            const std::function<void(const std::string& name, std::string content)>& visit);

} // namespace nixvet

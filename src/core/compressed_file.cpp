// SPDX-License-Identifier: MIT
#include "core/compressed_file.hpp"

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/terminal_text.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

namespace nixvet {

namespace {

constexpr size_t k_block = 1 << 16;

std::string archive_message(struct archive* a)
{
    const char* m = archive_error_string(a);
    return m ? m : "unknown libarchive error";
}

} // namespace

CompressedFile::CompressedFile(const std::string& path) : m_path(path)
{
    m_archive = archive_read_new();
    archive_read_support_filter_all(m_archive);
    archive_read_support_format_raw(m_archive);
    archive_read_support_format_empty(m_archive);
    if (archive_read_open_filename(m_archive, path.c_str(), k_block) != ARCHIVE_OK) {
        std::string message = archive_message(m_archive);
        archive_read_free(m_archive);
        m_archive = nullptr;
        throw Error(fmt::format("cannot read '{}': {}", path, message));
    }
    struct archive_entry* entry = nullptr;
    int rc = archive_read_next_header(m_archive, &entry);
    if (rc == ARCHIVE_EOF) {
        m_eof = true;
    } else if (rc != ARCHIVE_OK) {
        std::string message = archive_message(m_archive);
        archive_read_free(m_archive);
        m_archive = nullptr;
        throw Error(fmt::format("cannot read '{}': {}", path, message));
    }
}

CompressedFile::~CompressedFile()
{
    if (m_archive)
        archive_read_free(m_archive);
}

size_t CompressedFile::read(char* buffer, size_t size)
{
    if (m_eof)
        return 0;
    la_ssize_t n = archive_read_data(m_archive, buffer, size);
    if (n < 0)
        throw Error(fmt::format("{}: corrupt or truncated data after {} decompressed bytes: {}", m_path, m_offset,
                                archive_message(m_archive)));
    if (n == 0)
        m_eof = true;
    m_offset += static_cast<uint64_t>(n);
    if (input_limits().too_expanded(m_offset, static_cast<uint64_t>(archive_filter_bytes(m_archive, -1))))
        throw Error(fmt::format("{}: expands more than {} times its size (a decompression bomb; NIXVET_MAX_RATIO, "
                                "docs/limits.md): not reading further",
                                m_path, input_limits().expansion_ratio));
    if (m_offset > input_limits().entry_bytes)
        throw Error(fmt::format("{}: expands past {}, the limit for one file (NIXVET_MAX_ENTRY_SIZE; docs/limits.md): "
                                "not reading further",
                                m_path, format_size(input_limits().entry_bytes)));
    return static_cast<size_t>(n);
}

std::string read_compressed_file(const std::string& path, uint64_t max_bytes, const char* what)
{
    CompressedFile file(path);
    std::string content;
    std::string buffer(k_block, '\0');
    while (size_t n = file.read(buffer.data(), buffer.size())) {
        if (content.size() + n > max_bytes)
            throw Error(fmt::format("{}: larger than {} decompressed, more than any {} (docs/limits.md)", path,
                                    format_size(max_bytes), what));
        content.append(buffer.data(), n);
    }
    return content;
}

bool is_archive(const std::string& path)
{
    struct archive* a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    bool result = false;
    if (archive_read_open_filename(a, path.c_str(), k_block) == ARCHIVE_OK) {
        struct archive_entry* entry = nullptr;
        int rc = archive_read_next_header(a, &entry);
        // A zip with no entries (an ecosystem without advisories) is still an archive; zero bytes
        // that end a tar before it begins are not.
        result = rc == ARCHIVE_OK ||
                 (rc == ARCHIVE_EOF && (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP);
    }
    archive_read_free(a);
    return result;
}

std::string ArchiveEntry::label() const
{
    return m_archive_path + ":" + terminal_safe(excerpt(m_name, 200));
}

size_t ArchiveEntry::read(char* buffer, size_t size)
{
    la_ssize_t n = archive_read_data(m_archive, buffer, size);
    if (n < 0)
        throw Error(fmt::format("{}: corrupt entry '{}': {}", m_archive_path, terminal_safe(excerpt(m_name)),
                                archive_message(m_archive)));
    m_bytes += static_cast<uint64_t>(n);
    m_archive_bytes += static_cast<uint64_t>(n);
    if (m_bytes > input_limits().entry_bytes)
        throw Error(fmt::format("{}: entry '{}' expands past {}, the limit for one entry (NIXVET_MAX_ENTRY_SIZE; "
                                "docs/limits.md): not reading further",
                                m_archive_path, terminal_safe(excerpt(m_name)),
                                format_size(input_limits().entry_bytes)));
    if (m_archive_bytes > input_limits().input_bytes)
        throw Error(fmt::format("{}: expands past {}, the limit for one input (NIXVET_MAX_INPUT_SIZE; "
                                "docs/limits.md): not reading further",
                                m_archive_path, format_size(input_limits().input_bytes)));
    return static_cast<size_t>(n);
}

std::string ArchiveEntry::read_all(uint64_t max_bytes, const char* what, std::string head)
{
    std::string content = std::move(head);
    char buffer[k_block];
    while (size_t n = read(buffer, sizeof buffer)) {
        if (content.size() + n > max_bytes)
            throw Error(fmt::format("{}: entry '{}' is larger than {}, more than any {} (docs/limits.md)",
                                    m_archive_path, terminal_safe(excerpt(m_name)), format_size(max_bytes), what));
        content.append(buffer, n);
    }
    return content;
}

void for_each_archive_entry(const std::string& path, const std::function<void(ArchiveEntry&)>& visit)
{
    struct archive* a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    // Free the handle on every exit, exceptions from `visit` included.
    std::unique_ptr<struct archive, int (*)(struct archive*)> guard(a, archive_read_free);
    if (archive_read_open_filename(a, path.c_str(), k_block) != ARCHIVE_OK)
        throw Error(fmt::format("cannot read archive '{}': {}", path, archive_message(a)));
    struct archive_entry* entry = nullptr;
    uint64_t archive_bytes = 0;
    while (true) {
        int rc = archive_read_next_header(a, &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            throw Error(fmt::format("{}: corrupt archive: {}", path, archive_message(a)));
        if (archive_entry_filetype(entry) != AE_IFREG)
            continue;
        ArchiveEntry e(a, path, archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "", archive_bytes);
        visit(e);
        // What `visit` left unread is read here, so that it is counted (a skip would decompress it unseen).
        char buffer[k_block];
        while (e.read(buffer, sizeof buffer) > 0) {
        }
    }
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "core/compressed_file.hpp"

#include "core/error.hpp"

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
    return static_cast<size_t>(n);
}

std::string read_compressed_file(const std::string& path)
{
    CompressedFile file(path);
    std::string content;
    std::string buffer(k_block, '\0');
    while (size_t n = file.read(buffer.data(), buffer.size()))
        content.append(buffer.data(), n);
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
        // An archive with no entries (an ecosystem without advisories) is still an archive.
        result = rc == ARCHIVE_OK || (rc == ARCHIVE_EOF && archive_format(a) != 0);
    }
    archive_read_free(a);
    return result;
}

void for_each_archive_entry(const std::string& path,
                            const std::function<void(const std::string& name, std::string content)>& visit)
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
    std::string buffer(k_block, '\0');
    while (true) {
        int rc = archive_read_next_header(a, &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            throw Error(fmt::format("{}: corrupt archive: {}", path, archive_message(a)));
        if (archive_entry_filetype(entry) != AE_IFREG)
            continue;
        std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
        std::string content;
        while (true) {
            la_ssize_t n = archive_read_data(a, buffer.data(), buffer.size());
            if (n < 0)
                throw Error(fmt::format("{}: corrupt entry '{}': {}", path, name, archive_message(a)));
            if (n == 0)
                break;
            content.append(buffer.data(), static_cast<size_t>(n));
        }
        visit(name, std::move(content));
    }
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "core/file.hpp"

#include "core/error.hpp"
#include "core/limits.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nixvet {

namespace {

// Reads an open file to its end and closes it.
std::string read_open_file(int fd, const std::filesystem::path& path, uint64_t max_bytes);

// Opens `path` for reading without blocking on a FIFO; -1 with errno set when it cannot.
int open_for_reading(const std::filesystem::path& path, Symlinks symlinks)
{
    int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (symlinks == Symlinks::refuse ? O_NOFOLLOW : 0);
    return ::open(path.c_str(), flags);
}

std::string open_error(const std::filesystem::path& path, int e, Symlinks symlinks)
{
    if (e == ELOOP && symlinks == Symlinks::refuse)
        return fmt::format("cannot read '{}': it is a symbolic link, not a file of the store", path.string());
    return fmt::format("cannot open '{}': {}", path.string(), std::strerror(e));
}

uint64_t max_of(ReadLimit limit)
{
    return limit.max_bytes ? limit.max_bytes : input_limits().file_bytes;
}

const char* kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISFIFO(mode))
        return "a pipe";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

} // namespace

std::string read_file(const std::filesystem::path& path, ReadLimit limit)
{
    int fd = open_for_reading(path, limit.symlinks);
    if (fd < 0)
        throw Error(open_error(path, errno, limit.symlinks));
    return read_open_file(fd, path, max_of(limit));
}

std::optional<std::string> read_file_if_present(const std::filesystem::path& path, ReadLimit limit)
{
    int fd = open_for_reading(path, limit.symlinks);
    if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
        return std::nullopt;
    if (fd < 0)
        throw Error(open_error(path, errno, limit.symlinks));
    return read_open_file(fd, path, max_of(limit));
}

namespace {

std::string read_open_file(int fd, const std::filesystem::path& path, uint64_t max_bytes)
{
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        int saved = errno;
        ::close(fd);
        throw Error("cannot stat '" + path.string() + "': " + std::strerror(saved));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(fmt::format("cannot read '{}': it is {}", path.string(), kind_of(st.st_mode)));
    }
    auto too_large = [&](uint64_t size) {
        ::close(fd);
        return Error(fmt::format("cannot read '{}': {} is more than {}, the limit for one input file "
                                 "(NIXVET_MAX_FILE_SIZE; docs/limits.md)",
                                 path.string(), format_size(size), format_size(max_bytes)));
    };
    if (static_cast<uint64_t>(st.st_size) > max_bytes)
        throw too_large(static_cast<uint64_t>(st.st_size));
    int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    std::string content;
    content.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    char more[4096];
    while (true) {
        // The file may have grown: read to EOF, past its size into `more` (growing `content`
        // ahead of time would double every buffer of a closure's thousands of files).
        bool past = done == content.size();
        ssize_t n = past ? ::read(fd, more, sizeof more) : ::read(fd, content.data() + done, content.size() - done);
        if (n > 0 && past) {
            if (done + static_cast<size_t>(n) > max_bytes)
                throw too_large(done + static_cast<size_t>(n));
            content.append(more, static_cast<size_t>(n));
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            ::close(fd);
            throw Error("cannot read '" + path.string() + "': " + std::strerror(saved));
        }
        if (n == 0)
            break;
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    content.resize(done);
    return content;
}

} // namespace

bool path_exists_no_follow(const std::filesystem::path& path)
{
    struct stat st
    {
    };
    return ::lstat(path.c_str(), &st) == 0;
}

} // namespace nixvet

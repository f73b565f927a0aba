// SPDX-License-Identifier: MIT
#include "core/file.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nixvet {

namespace {

// Reads an open file to its end and closes it.
std::string read_open_file(int fd, const std::filesystem::path& path);

} // namespace

std::string read_file(const std::filesystem::path& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error("cannot open '" + path.string() + "': " + std::strerror(errno));
    return read_open_file(fd, path);
}

std::optional<std::string> read_file_if_present(const std::filesystem::path& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
        return std::nullopt;
    if (fd < 0)
        throw Error("cannot open '" + path.string() + "': " + std::strerror(errno));
    return read_open_file(fd, path);
}

namespace {

std::string read_open_file(int fd, const std::filesystem::path& path)
{
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        int saved = errno;
        ::close(fd);
        throw Error("cannot stat '" + path.string() + "': " + std::strerror(saved));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error("cannot read '" + path.string() + "': it is a directory");
    }
    std::string content;
    content.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    char more[4096];
    while (true) {
        // The file may have grown (or be a pipe): read to EOF, past its size into `more` (growing
        // `content` ahead of time would double every buffer of a closure's thousands of files).
        bool past = done == content.size();
        ssize_t n = past ? ::read(fd, more, sizeof more) : ::read(fd, content.data() + done, content.size() - done);
        if (n > 0 && past) {
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

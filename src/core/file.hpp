// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace nixvet {

/// Whether the last component of a path may be a symbolic link.
enum class Symlinks
{
    follow,
    refuse, ///< a link is an error (a store path must be the file itself, never a link out of the store)
};

/// How much of a file may be read, and how it is opened.
struct ReadLimit
{
    uint64_t max_bytes = 0; ///< 0: input_limits().file_bytes
    Symlinks symlinks = Symlinks::follow;
};

/// Returns the whole content of the regular file `path`; throws Error naming the file when it
/// cannot be read, is not a regular file (a device, a pipe, a directory), or is larger than the limit.
std::string read_file(const std::filesystem::path& path, ReadLimit limit = {});

/// The same, or nothing when the file does not exist (one open, no separate existence check).
std::optional<std::string> read_file_if_present(const std::filesystem::path& path, ReadLimit limit = {});

/// Returns true when `path` names something (a file, a directory or a link, even a dangling one).
bool path_exists_no_follow(const std::filesystem::path& path);

} // namespace nixvet

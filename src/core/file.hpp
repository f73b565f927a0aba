// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace nixvet {

/// Returns the whole content of `path`; throws Error naming the file when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// The same, or nothing when the file does not exist (one open, no separate existence check).
std::optional<std::string> read_file_if_present(const std::filesystem::path& path);

/// Returns true when `path` names something (a file, a directory or a link, even a dangling one).
bool path_exists_no_follow(const std::filesystem::path& path);

} // namespace nixvet

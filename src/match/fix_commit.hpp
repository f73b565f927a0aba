// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace nixvet {

/// The commit a URL names, as lowercase hex of 7 to 40 digits, or empty when it names none:
/// GitHub, GitLab and the like (`.../commit/SHA`, `.../commits/SHA`, with `.patch`, `.diff` or a
/// query after it), gitweb (`;h=SHA`, `?h=SHA`), cgit (`?id=SHA`) and gitiles (`/+/SHA`, `^!`).
std::string commit_in_url(std::string_view url);

/// True when both name the same commit: one is a prefix of the other, and both have at least
/// 7 digits.
bool same_commit(std::string_view a, std::string_view b);

} // namespace nixvet

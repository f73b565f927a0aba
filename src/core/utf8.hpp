// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nixvet {

/// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not UTF-8.
size_t utf8_sequence_length(std::string_view s, size_t i);

/// `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);

} // namespace nixvet

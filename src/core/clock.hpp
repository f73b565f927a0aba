// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace nixvet {

/// Seconds since the Unix epoch, now.
int64_t now_unix_seconds();

/// `unix_seconds` in UTC, formatted with strftime's `format` ("%Y-%m-%d").
std::string format_utc(int64_t unix_seconds, const char* format);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nixvet {

/// Seconds since the Unix epoch, now.
int64_t now_unix_seconds();

/// `unix_seconds` in UTC, formatted with strftime's `format` ("%Y-%m-%d").
std::string format_utc(int64_t unix_seconds, const char* format);

/// True when `text` is a real calendar date YYYY-MM-DD (month 1-12, the month's days, 29 February
/// only in leap years).
bool is_calendar_date(std::string_view text);

} // namespace nixvet

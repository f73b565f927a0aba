// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
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

/// The Unix time of an ISO 8601 date or date-time in UTC ("2024-05-01", "2024-05-01T12:30:00",
/// fractions and a trailing "Z" or offset ignored), or nothing when `text` does not start with one.
std::optional<int64_t> parse_iso_utc(std::string_view text);

/// A duration as users write it: "7d", "36h", "2w", "90m", "1d12h", "3600s"; a bare number is
/// days. Throws Error naming `what` when it is not one.
int64_t parse_duration_seconds(std::string_view text, const std::string& what);

} // namespace nixvet

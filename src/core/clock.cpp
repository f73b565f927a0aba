// SPDX-License-Identifier: MIT
#include "core/clock.hpp"

#include <chrono>
#include <ctime>

namespace nixvet {

int64_t now_unix_seconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string format_utc(int64_t unix_seconds, const char* format)
{
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    size_t n = std::strftime(buf, sizeof buf, format, &tm);
    return std::string(buf, n);
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "core/clock.hpp"

#include "core/error.hpp"

#include <chrono>
#include <ctime>
#include <fmt/format.h>

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

bool is_calendar_date(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    int fields[3] = {0, 0, 0};
    const size_t starts[3] = {0, 5, 8};
    const size_t lengths[3] = {4, 2, 2};
    for (int f = 0; f < 3; ++f) {
        for (size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return false;
            fields[f] = fields[f] * 10 + (text[i] - '0');
        }
    }
    auto [year, month, day] = fields;
    if (month < 1 || month > 12 || day < 1)
        return false;
    static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= k_days[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::optional<int64_t> parse_iso_utc(std::string_view text)
{
    if (text.size() < 10 || !is_calendar_date(text.substr(0, 10)))
        return std::nullopt;
    auto number = [&](size_t at, size_t n) {
        int v = 0;
        for (size_t i = at; i < at + n; ++i)
            v = v * 10 + (text[i] - '0');
        return v;
    };
    std::tm tm{};
    tm.tm_year = number(0, 4) - 1900;
    tm.tm_mon = number(5, 2) - 1;
    tm.tm_mday = number(8, 2);
    if (text.size() >= 19 && (text[10] == 'T' || text[10] == ' ') && text[13] == ':' && text[16] == ':') {
        bool digits = true;
        for (size_t i : {11, 12, 14, 15, 17, 18})
            digits = digits && text[i] >= '0' && text[i] <= '9';
        if (digits) {
            tm.tm_hour = number(11, 2);
            tm.tm_min = number(14, 2);
            tm.tm_sec = number(17, 2);
        }
    }
    return static_cast<int64_t>(timegm(&tm));
}

int64_t parse_duration_seconds(std::string_view text, const std::string& what)
{
    auto bad = [&] {
        return Error(
            fmt::format("{}: '{}' is not a duration (for example 7d, 36h, 2w, 1d12h)", what, text.substr(0, 40)));
    };
    if (text.empty())
        throw bad();
    int64_t total = 0;
    size_t i = 0;
    while (i < text.size()) {
        int64_t n = 0;
        size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (n > 1'000'000'000)
                throw bad();
            n = n * 10 + (text[i++] - '0');
        }
        if (i == start)
            throw bad();
        int64_t unit = 86400; // a bare number: days
        if (i < text.size()) {
            switch (text[i++]) {
            case 's': unit = 1; break;
            case 'm': unit = 60; break;
            case 'h': unit = 3600; break;
            case 'd': unit = 86400; break;
            case 'w': unit = 7 * 86400; break;
            default: throw bad();
            }
        } else if (start != 0) {
            throw bad(); // "1d12": a unit is missing
        }
        total += n * unit;
    }
    return total;
}

} // namespace nixvet

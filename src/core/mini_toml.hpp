// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nixvet {

/// A value of the TOML subset nixvet's data files use.
struct TomlValue
{
    enum class Kind
    {
        string, ///< "basic" or 'literal'
        list,   ///< [ "a", "b" ] of strings
        date,   ///< a date, YYYY-MM-DD, or a date-time (its date kept in `text`)
    };
    Kind kind = Kind::string;
    std::string text;               ///< the string or the date
    std::vector<std::string> items; ///< the list
    bool has_time = false;          ///< a date-time: `text` is its date
    size_t line = 0;                ///< where the value starts, from 1
    size_t column = 0;
};

/// A string or a list of strings as a list (a string is a list of one); nothing for a date.
std::optional<std::vector<std::string>> toml_strings(const TomlValue& value);

/// One [table] and its key = value lines, in file order; the name is "" before the first header.
struct TomlTable
{
    std::string name; ///< the header's keys joined by dots
    size_t line = 0;  ///< of the header; 0 for the keys before the first header
    size_t column = 0;
    std::vector<std::pair<std::string, TomlValue>> entries;
    std::vector<std::string> path; ///< the header's keys, unquoted: [a."b.c"] is {"a", "b.c"}
};

/// Parses the TOML subset of nixvet's data files and vulnix whitelists (tables with bare, quoted or
/// dotted names, bare or quoted keys, basic and literal strings on one line or across lines,
/// lists of strings across lines, dates and date-times, comments).
/// Anything else, a duplicate key or table, an impossible date or a control character is a
/// ParseError naming `file`, the line and the column. (toml++ 3.3, as Debian ships it, has undefined behaviour on some
/// malformed input: upstream issues 294 and 295.)
std::vector<TomlTable> parse_mini_toml(std::string_view text, const std::string& file);

} // namespace nixvet

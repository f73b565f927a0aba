// SPDX-License-Identifier: MIT
#include "core/mini_toml.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/terminal_text.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace nixvet {

namespace {

class Reader
{
public:
    Reader(std::string_view text, const std::string& file) : m_text(text), m_file(file) {}

    [[noreturn]] void fail(const std::string& message) { fail_at(m_pos, message); }

    [[noreturn]] void fail_at(size_t pos, const std::string& message)
    {
        m_pos = pos;
        throw ParseError(m_file, m_pos, line(), column(), message);
    }

    [[nodiscard]] bool at_end() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return at_end() ? '\0' : m_text[m_pos]; }

    // The line of m_pos, from 1: counted on from where it was last asked (the reader only moves
    // forward), so that a file of many tables is read in linear time.
    size_t line()
    {
        if (m_pos < m_counted) {
            m_counted = 0;
            m_lines = 0;
            m_line_start = 0;
        }
        for (; m_counted < m_pos && m_counted < m_text.size(); ++m_counted) {
            if (m_text[m_counted] == '\n') {
                ++m_lines;
                m_line_start = m_counted + 1;
            }
        }
        return m_lines + 1;
    }
    // The column of m_pos, from 1, in characters.
    size_t column()
    {
        line();
        size_t column = 1;
        for (size_t i = m_line_start; i < m_pos && i < m_text.size(); ++i)
            column += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80 ? 1 : 0;
        return column;
    }

    void skip_spaces()
    {
        while (!at_end() && (peek() == ' ' || peek() == '\t'))
            ++m_pos;
    }

    void skip_comment()
    {
        if (peek() != '#')
            return;
        while (!at_end() && peek() != '\n') {
            check_char();
            ++m_pos;
        }
    }

    // The end of a line: spaces, an optional comment, then a newline or the end.
    void end_of_line()
    {
        skip_spaces();
        skip_comment();
        if (peek() == '\r')
            ++m_pos;
        if (at_end())
            return;
        if (peek() != '\n')
            fail(fmt::format("unexpected '{}' after the value", printable(peek())));
        ++m_pos;
    }

    // Blank lines, comments and newlines (inside lists too).
    void skip_blank()
    {
        while (!at_end()) {
            skip_spaces();
            skip_comment();
            if (peek() == '\r' || peek() == '\n')
                ++m_pos;
            else
                return;
        }
    }

    // A bare or quoted key, without dots.
    std::string key_segment()
    {
        if (peek() == '"' || peek() == '\'')
            return string();
        size_t start = m_pos;
        while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_' || peek() == '-'))
            ++m_pos;
        if (m_pos == start)
            fail(at_end() ? "a key is missing" : fmt::format("'{}' cannot start a key", printable(peek())));
        return std::string(m_text.substr(start, m_pos - start));
    }

    std::string key()
    {
        std::string k = key_segment();
        if (peek() == '.')
            fail("dotted keys are not supported here");
        return k;
    }

    // A table name: one key, or several joined by dots ([accept."CVE-2024-1"]).
    std::vector<std::string> table_path()
    {
        std::vector<std::string> path{key_segment()};
        while (true) {
            skip_spaces();
            if (peek() != '.')
                return path;
            ++m_pos;
            skip_spaces();
            path.push_back(key_segment());
        }
    }

    std::string string()
    {
        char quote = peek();
        if (m_text.substr(m_pos, 3) == std::string(3, quote))
            fail("a multi-line string cannot be a key");
        ++m_pos;
        std::string out;
        while (true) {
            if (at_end() || peek() == '\n')
                fail("the string is not closed on its line");
            char c = peek();
            if (c == quote) {
                ++m_pos;
                break;
            }
            if (c == '\\' && quote == '"') {
                ++m_pos;
                out += escape();
                continue;
            }
            check_char();
            size_t n = utf8_sequence_length(m_text, m_pos);
            out.append(m_text.substr(m_pos, n));
            m_pos += n;
        }
        return out;
    }

    // A string value: basic or literal, on one line, or across lines between """ or '''.
    std::string value_string()
    {
        char quote = peek();
        if (m_text.substr(m_pos, 3) != std::string(3, quote))
            return string();
        size_t start = m_pos;
        m_pos += 3;
        // A newline right after the opening delimiter is not part of the string.
        if (m_text.substr(m_pos, 2) == "\r\n")
            m_pos += 2;
        else if (peek() == '\n')
            ++m_pos;
        std::string out;
        while (true) {
            if (at_end())
                fail_at(start, "the multi-line string is not closed");
            if (m_text.substr(m_pos, 3) == std::string(3, quote)) {
                m_pos += 3;
                // One or two quotes just before the closing delimiter belong to the string.
                for (int extra = 0; extra < 2 && peek() == quote; ++extra, ++m_pos)
                    out += quote;
                return out;
            }
            char c = peek();
            if (c == '\\' && quote == '"') {
                ++m_pos;
                // A backslash ending a line joins it to the next one, without the white space between.
                size_t p = m_pos;
                while (p < m_text.size() && (m_text[p] == ' ' || m_text[p] == '\t'))
                    ++p;
                if (p < m_text.size() && (m_text[p] == '\n' || m_text.substr(p, 2) == "\r\n")) {
                    m_pos = p;
                    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
                        ++m_pos;
                    continue;
                }
                out += escape();
                continue;
            }
            if (c == '\n') {
                out += '\n';
                ++m_pos;
                continue;
            }
            if (m_text.substr(m_pos, 2) == "\r\n") {
                out += '\n';
                m_pos += 2;
                continue;
            }
            check_char();
            size_t n = utf8_sequence_length(m_text, m_pos);
            out.append(m_text.substr(m_pos, n));
            m_pos += n;
        }
    }

    // After a date: "T12:30:00", " 12:30:00.123", with "Z" or "+02:00" (a datetime; the date is kept).
    bool time_of_day()
    {
        size_t start = m_pos;
        if (!(peek() == 'T' || peek() == 't' || (peek() == ' ' && m_text.substr(m_pos + 3, 1) == ":")))
            return false;
        ++m_pos;
        auto two_digits = [&](int max) {
            if (m_pos + 2 > m_text.size() || !std::isdigit(static_cast<unsigned char>(m_text[m_pos])) ||
                !std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1])))
                fail_at(start, "expected a time HH:MM:SS after the date");
            int v = (m_text[m_pos] - '0') * 10 + (m_text[m_pos + 1] - '0');
            if (v > max)
                fail_at(start, "the time is not a time of day");
            m_pos += 2;
        };
        auto expect_char = [&](char c) {
            if (peek() != c)
                fail_at(start, "expected a time HH:MM:SS after the date");
            ++m_pos;
        };
        two_digits(23);
        expect_char(':');
        two_digits(59);
        expect_char(':');
        two_digits(60); // a leap second
        if (peek() == '.') {
            ++m_pos;
            size_t digits = m_pos;
            while (!at_end() && std::isdigit(static_cast<unsigned char>(peek())))
                ++m_pos;
            if (m_pos == digits)
                fail_at(start, "expected digits after the decimal point of the seconds");
        }
        if (peek() == 'Z' || peek() == 'z') {
            ++m_pos;
        } else if (peek() == '+' || peek() == '-') {
            ++m_pos;
            two_digits(23);
            expect_char(':');
            two_digits(59);
        }
        return true;
    }

    TomlValue value()
    {
        TomlValue v;
        v.line = line();
        v.column = column();
        char c = peek();
        if (c == '"' || c == '\'') {
            v.text = value_string();
            return v;
        }
        if (c == '[') {
            ++m_pos;
            v.kind = TomlValue::Kind::list;
            skip_blank();
            while (peek() != ']') {
                if (peek() != '"' && peek() != '\'')
                    fail(at_end() ? "the list is not closed" : "a list may hold strings only");
                v.items.push_back(value_string());
                skip_blank();
                if (peek() == ',') {
                    ++m_pos;
                    skip_blank();
                } else if (peek() != ']') {
                    fail(at_end() ? "the list is not closed" : "expected ',' or ']' in the list");
                }
            }
            ++m_pos;
            return v;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::string_view d = m_text.substr(m_pos, 10);
            bool date = d.size() == 10 && d[4] == '-' && d[7] == '-';
            for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
                date = date && std::isdigit(static_cast<unsigned char>(d[i]));
            if (!date)
                fail("expected a string, a list of strings or a date YYYY-MM-DD");
            if (!is_calendar_date(d))
                fail(fmt::format("{} is not a date of the calendar", d));
            m_pos += 10;
            v.kind = TomlValue::Kind::date;
            v.text = std::string(d);
            v.has_time = time_of_day();
            return v;
        }
        fail(at_end() ? "a value is missing" : "expected a string, a list of strings or a date YYYY-MM-DD");
    }

private:
    static std::string printable(char c)
    {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u >= 0x7f ? fmt::format("\\x{:02x}", u) : std::string(1, c);
    }

    // A control character (other than tab) or a byte that is not UTF-8 has no place in the file.
    void check_char()
    {
        auto u = static_cast<unsigned char>(peek());
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            fail(fmt::format("control character {}", printable(peek())));
        if (u >= 0x80 && utf8_sequence_length(m_text, m_pos) == 0)
            fail("a byte that is not UTF-8");
    }

    std::string escape()
    {
        if (at_end())
            fail("the escape is cut short");
        char e = m_text[m_pos++];
        switch (e) {
        case '"': return "\"";
        case '\\': return "\\";
        case 'b': return "\b";
        case 'f': return "\f";
        case 'n': return "\n";
        case 'r': return "\r";
        case 't': return "\t";
        case 'u':
        case 'U': {
            size_t digits = e == 'u' ? 4 : 8;
            uint32_t cp = 0;
            for (size_t i = 0; i < digits; ++i) {
                if (at_end() || !std::isxdigit(static_cast<unsigned char>(peek())))
                    fail("expected hex digits in the \\u escape");
                char h = m_text[m_pos++];
                cp = cp * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(h))
                                                         ? h - '0'
                                                         : (std::tolower(h) - 'a' + 10));
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                fail("the \\u escape is not a Unicode scalar value");
            std::string out;
            if (cp < 0x80) {
                out += static_cast<char>(cp);
            } else if (cp < 0x800) {
                out += static_cast<char>(0xC0 | (cp >> 6));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                out += static_cast<char>(0xE0 | (cp >> 12));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
                out += static_cast<char>(0xF0 | (cp >> 18));
                out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (cp & 0x3F));
            }
            return out;
        }
        default: fail_at(m_pos - 2, fmt::format("unknown escape \\{}", printable(e)));
        }
    }

public:
    size_t m_pos = 0;

private:
    std::string_view m_text;
    const std::string& m_file;
    size_t m_counted = 0;    ///< line() has counted the newlines before this offset
    size_t m_lines = 0;      ///< ... this many
    size_t m_line_start = 0; ///< where the line of m_counted starts
};

} // namespace

std::vector<TomlTable> parse_mini_toml(std::string_view text, const std::string& file)
{
    Reader in(text, file);
    std::vector<TomlTable> tables(1);
    std::set<std::vector<std::string>> defined;
    std::set<std::string, std::less<>> keys; // of the table being read
    if (text.starts_with("\xEF\xBB\xBF"))
        in.m_pos = 3;
    while (true) {
        in.skip_blank();
        if (in.at_end())
            break;
        if (in.peek() == '[') {
            size_t start = in.m_pos;
            size_t line = in.line();
            size_t column = in.column();
            ++in.m_pos;
            if (in.peek() == '[')
                in.fail("arrays of tables are not supported here");
            in.skip_spaces();
            std::vector<std::string> path = in.table_path();
            if (in.peek() != ']')
                in.fail("expected ']' after the table name");
            ++in.m_pos;
            std::string name = path.front();
            for (size_t i = 1; i < path.size(); ++i)
                name += "." + path[i];
            if (!defined.insert(path).second)
                in.fail_at(start, fmt::format("table [{}] is defined twice", excerpt(name)));
            tables.push_back({name, line, column, {}, path});
            keys.clear();
            in.end_of_line();
            continue;
        }
        size_t key_start = in.m_pos;
        std::string key = in.key();
        in.skip_spaces();
        if (in.peek() != '=')
            in.fail(fmt::format("expected '=' after the key '{}'", excerpt(key)));
        ++in.m_pos;
        in.skip_spaces();
        TomlValue value = in.value();
        if (!keys.insert(key).second)
            in.fail_at(key_start, fmt::format("key '{}' is defined twice", excerpt(key)));
        tables.back().entries.emplace_back(std::move(key), std::move(value));
        in.end_of_line();
    }
    if (tables.front().entries.empty())
        tables.erase(tables.begin());
    return tables;
}

std::optional<std::vector<std::string>> toml_strings(const TomlValue& value)
{
    if (value.kind == TomlValue::Kind::list)
        return value.items;
    if (value.kind == TomlValue::Kind::string)
        return std::vector<std::string>{value.text};
    return std::nullopt;
}

} // namespace nixvet

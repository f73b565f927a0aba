// SPDX-License-Identifier: MIT
#include "core/json_writer.hpp"

#include "core/utf8.hpp"

#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace nixvet {

namespace {

// True when one of the 8 bytes of `w` needs attention in a JSON string: a control character,
// '"', '\\' or a byte of a multi-byte UTF-8 sequence (checked separately).
bool word_needs_escape(uint64_t w)
{
    constexpr uint64_t k_ones = 0x0101010101010101ULL;
    constexpr uint64_t k_highs = 0x8080808080808080ULL;
    auto has_zero = [](uint64_t v) { return ((v - k_ones) & ~v & k_highs) != 0; };
    bool below_space = ((w - k_ones * 0x20) & ~w & k_highs) != 0;
    return below_space || (w & k_highs) != 0 || has_zero(w ^ (k_ones * '"')) || has_zero(w ^ (k_ones * '\\'));
}

} // namespace

void JsonWriter::quote(std::string& out, std::string_view s)
{
    out += '"';
    size_t i = 0;
    while (i < s.size()) {
        // Copy the longest run of bytes that need no escape in one go, eight bytes at a time first.
        size_t run = i;
        while (run + 8 <= s.size()) {
            uint64_t w = 0;
            std::memcpy(&w, s.data() + run, 8);
            if (word_needs_escape(w))
                break;
            run += 8;
        }
        while (run < s.size()) {
            auto u = static_cast<unsigned char>(s[run]);
            if (u < 0x20 || u >= 0x80 || u == '"' || u == '\\')
                break;
            ++run;
        }
        out.append(s.data() + i, run - i);
        i = run;
        if (i >= s.size())
            break;
        char c = s[i];
        auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            ++i;
            continue;
        case '\\':
            out += "\\\\";
            ++i;
            continue;
        case '\n':
            out += "\\n";
            ++i;
            continue;
        case '\r':
            out += "\\r";
            ++i;
            continue;
        case '\t':
            out += "\\t";
            ++i;
            continue;
        default: break;
        }
        if (u < 0x20) {
            out += fmt::format("\\u{:04x}", u);
            ++i;
            continue;
        }
        size_t n = utf8_sequence_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD for a byte that is not UTF-8 (derivations may hold Latin-1)
            ++i;
            continue;
        }
        out.append(s.substr(i, n));
        i += n;
    }
    out += '"';
}

void JsonWriter::maybe_flush()
{
    if (m_sink && m_out.size() >= (1U << 20)) {
        m_sink(m_out);
        m_out.clear();
    }
}

void JsonWriter::finish()
{
    m_out += '\n';
    if (m_sink) {
        m_sink(m_out);
        m_out.clear();
    }
}

void JsonWriter::newline()
{
    if (m_indent <= 0)
        return;
    m_out += '\n';
    m_out.append(m_stack.size() * static_cast<size_t>(m_indent), ' ');
}

void JsonWriter::before_value()
{
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (!m_stack.empty()) {
        if (!m_stack.back().empty)
            m_out += ',';
        m_stack.back().empty = false;
        newline();
    }
}

JsonWriter& JsonWriter::begin_object()
{
    before_value();
    m_out += '{';
    m_stack.push_back({true, true});
    return *this;
}

JsonWriter& JsonWriter::end_object()
{
    return end_object_like('}');
}

JsonWriter& JsonWriter::end_object_like(char close)
{
    bool empty = m_stack.back().empty;
    m_stack.pop_back();
    if (!empty)
        newline();
    m_out += close;
    maybe_flush();
    return *this;
}

JsonWriter& JsonWriter::begin_array()
{
    before_value();
    m_out += '[';
    m_stack.push_back({false, true});
    return *this;
}

JsonWriter& JsonWriter::end_array()
{
    return end_object_like(']');
}

JsonWriter& JsonWriter::key(std::string_view k)
{
    before_value();
    quote(m_out, k);
    m_out += m_indent > 0 ? ": " : ":";
    m_after_key = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s)
{
    before_value();
    quote(m_out, s);
    return *this;
}

JsonWriter& JsonWriter::value(int64_t n)
{
    before_value();
    m_out += std::to_string(n);
    return *this;
}

JsonWriter& JsonWriter::value(uint64_t n)
{
    before_value();
    m_out += std::to_string(n);
    return *this;
}

JsonWriter& JsonWriter::value(double d)
{
    before_value();
    if (std::isfinite(d))
        m_out += fmt::format("{}", d);
    else
        m_out += "null";
    return *this;
}

JsonWriter& JsonWriter::value(bool b)
{
    before_value();
    m_out += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null()
{
    before_value();
    m_out += "null";
    return *this;
}

JsonWriter& JsonWriter::field(std::string_view k, const std::vector<std::string>& list)
{
    key(k);
    begin_array();
    for (const auto& s : list)
        value(s);
    return end_array();
}

} // namespace nixvet

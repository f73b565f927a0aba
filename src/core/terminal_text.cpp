// SPDX-License-Identifier: MIT
#include "core/terminal_text.hpp"

#include "core/utf8.hpp"

#include <fmt/format.h>

namespace nixvet {

namespace {

// The length of a colour code ESC '[' (digits | ';')* 'm' at text[i], or 0.
size_t colour_code_length(std::string_view text, size_t i)
{
    if (text.substr(i, 2) != "\x1b[")
        return 0;
    size_t j = i + 2;
    while (j < text.size() && j - i < 16 && ((text[j] >= '0' && text[j] <= '9') || text[j] == ';'))
        ++j;
    return j < text.size() && text[j] == 'm' ? j + 1 - i : 0;
}

// The code point of the UTF-8 sequence of `n` bytes at s[i].
uint32_t code_point(std::string_view s, size_t i, size_t n)
{
    auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k])); };
    switch (n) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    }
}

bool is_format_control(uint32_t cp)
{
    // C1 controls; bidi embeddings, overrides and isolates; LRM/RLM/ALM (they reorder text too).
    return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

// How many bytes at text[i] are printed as they are (0: the character needs an escape).
size_t safe_length(std::string_view text, size_t i, TerminalText mode)
{
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
        if (c >= 0x20 && c != 0x7F)
            return 1;
        if ((c == '\n' || c == '\t') && mode != TerminalText::one_line)
            return 1;
        if (c == 0x1B && mode == TerminalText::report)
            return colour_code_length(text, i);
        return 0;
    }
    size_t n = utf8_sequence_length(text, i);
    if (n == 0 || is_format_control(code_point(text, i, n)))
        return 0;
    return n;
}

} // namespace

bool is_terminal_safe(std::string_view text, TerminalText mode)
{
    for (size_t i = 0; i < text.size();) {
        size_t n = safe_length(text, i, mode);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string terminal_safe(std::string_view text, TerminalText mode)
{
    if (is_terminal_safe(text, mode))
        return std::string(text);
    std::string out;
    out.reserve(text.size() + 16);
    for (size_t i = 0; i < text.size();) {
        if (size_t n = safe_length(text, i, mode)) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        auto c = static_cast<unsigned char>(text[i]);
        size_t n = c >= 0x80 ? utf8_sequence_length(text, i) : 1;
        if (n == 0) {
            out += fmt::format("\\x{:02x}", c); // not UTF-8
            ++i;
        } else if (n == 1) {
            switch (c) {
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default: out += fmt::format("\\x{:02x}", c);
            }
            ++i;
        } else {
            out += fmt::format("\\u{:04x}", code_point(text, i, n));
            i += n;
        }
    }
    return out;
}

std::string excerpt(std::string_view text, size_t max)
{
    if (text.size() <= max)
        return std::string(text);
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "…";
}

} // namespace nixvet

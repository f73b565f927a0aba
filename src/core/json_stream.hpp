// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace nixvet {

/// Cuts the elements of one top-level array (`{"key": [ {...}, {...} ]}`) out of a JSON text
/// fed in chunks, so a feed of any size is read with bounded memory. Everything outside that
/// array is kept as the "shell" (with the array left empty) for the caller to parse.
/// Only the structure is checked here (strings, nesting); elements are parsed by the caller.
class JsonArrayStream
{
public:
    using ElementHandler = std::function<void(std::string element, uint64_t offset)>;

    /// `key`: the top-level member holding the array; `file`: names the input in errors.
    JsonArrayStream(std::string key, std::string file, ElementHandler on_element);

    /// Feeds the next bytes. Throws ParseError (file, byte offset) for broken structure.
    void feed(std::string_view chunk);

    /// Declares the end of input; throws ParseError when the text is cut short.
    void finish();

    /// The document without the array's elements; complete after finish().
    [[nodiscard]] const std::string& shell() const { return m_shell; }
    [[nodiscard]] bool found_array() const { return m_array_seen; }
    /// The top-level keys seen (to say what a document is when the array is missing).
    [[nodiscard]] const std::string& top_level_keys() const { return m_keys; }
    [[nodiscard]] uint64_t elements() const { return m_count; }

private:
    [[noreturn]] void fail(uint64_t offset, const std::string& message) const;

    std::string m_key;
    std::string m_file;
    ElementHandler m_on_element;
    std::string m_shell;
    std::string m_element;
    std::string m_string; // the current top-level string (a possible key)
    std::string m_keys;
    uint64_t m_offset = 0;
    uint64_t m_element_start = 0;
    uint64_t m_count = 0;
    int m_depth = 0;
    bool m_in_string = false;
    bool m_escape = false;
    bool m_in_array = false;
    bool m_array_seen = false;
    bool m_in_element = false;
    bool m_last_string_is_key = false;
    bool m_saw_colon = false;
    bool m_started = false;
};

} // namespace nixvet

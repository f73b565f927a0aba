// SPDX-License-Identifier: MIT
#include "core/json_stream.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace nixvet {

namespace {

constexpr size_t k_max_shell = 64 << 20;
constexpr int k_max_depth = 512;

bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

} // namespace

JsonArrayStream::JsonArrayStream(std::string key, std::string file, ElementHandler on_element)
    : m_key(std::move(key)), m_file(std::move(file)), m_on_element(std::move(on_element))
{
}

void JsonArrayStream::fail(uint64_t offset, const std::string& message) const
{
    throw ParseError(m_file, static_cast<size_t>(offset), message);
}

void JsonArrayStream::feed(std::string_view chunk)
{
    // Bytes of an element are copied in runs, not one at a time.
    size_t run_start = 0;
    auto flush_run = [&](size_t end) {
        if (end > run_start) {
            if (m_in_element)
                m_element.append(chunk.data() + run_start, end - run_start);
            else if (!m_in_array) // separators between elements belong to neither
                m_shell.append(chunk.data() + run_start, end - run_start);
        }
        run_start = end;
    };

    for (size_t i = 0; i < chunk.size(); ++i) {
        char c = chunk[i];
        uint64_t at = m_offset + i;
        if (m_in_string) {
            if (m_escape) {
                m_escape = false;
            } else if (c == '\\') {
                m_escape = true;
            } else if (c == '"') {
                m_in_string = false;
                if (m_depth == 1 && !m_in_array)
                    m_last_string_is_key = true;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                fail(at, "control character inside a string");
            }
            if (m_in_string && m_depth == 1 && !m_in_array && m_string.size() < 256 && !m_escape && c != '\\')
                m_string += c;
            // Inside an element, a string can be long: skip ahead to the next quote or backslash.
            if (m_in_string && !m_escape && m_in_element) {
                size_t j = i + 1;
                while (j < chunk.size() && chunk[j] != '"' && chunk[j] != '\\' &&
                       static_cast<unsigned char>(chunk[j]) >= 0x20)
                    ++j;
                i = j - 1;
            }
            continue;
        }
        if (is_space(c))
            continue;
        if (!m_started) {
            if (c != '{')
                fail(at, fmt::format("expected a JSON object with a '{}' array", m_key));
            m_started = true;
        } else if (m_depth == 0) {
            fail(at, "unexpected content after the end of the JSON document");
        }
        switch (c) {
        case '"':
            m_in_string = true;
            if (m_depth == 1 && !m_in_array) {
                m_string.clear();
                m_last_string_is_key = false;
                m_saw_colon = false;
            }
            if (m_in_array && !m_in_element)
                fail(at, fmt::format("element {} of '{}' is not an object", m_count + 1, m_key));
            break;
        case ':':
            if (m_depth == 1 && !m_in_array && m_last_string_is_key) {
                m_saw_colon = true;
                if (!m_keys.empty())
                    m_keys += ", ";
                m_keys += m_string;
            }
            break;
        case '{':
        case '[':
            if (m_depth == 1 && !m_in_array && c == '[' && m_saw_colon && m_string == m_key && !m_array_seen) {
                flush_run(i + 1);
                m_in_array = true;
                m_array_seen = true;
                ++m_depth;
                break;
            }
            if (m_in_array && m_depth == 2 && !m_in_element) {
                if (c != '{')
                    fail(at, fmt::format("element {} of '{}' is not an object", m_count + 1, m_key));
                flush_run(i);
                m_in_element = true;
                m_element.clear();
                m_element_start = at;
            }
            if (++m_depth > k_max_depth)
                fail(at, "nesting too deep");
            m_saw_colon = false;
            break;
        case '}':
        case ']':
            if (m_depth == 0)
                fail(at, fmt::format("unexpected '{}'", c));
            if (m_in_array && m_depth == 2) {
                if (c != ']')
                    fail(at, "unexpected '}' inside the array");
                flush_run(i);
                m_in_array = false;
                --m_depth;
                break;
            }
            --m_depth;
            if (m_in_element && m_depth == 2) {
                flush_run(i + 1);
                m_in_element = false;
                ++m_count;
                m_on_element(std::move(m_element), m_element_start);
                m_element.clear();
            }
            break;
        default:
            if (m_in_array && m_depth == 2 && !m_in_element && c != ',')
                fail(at, fmt::format("element {} of '{}' is not an object", m_count + 1, m_key));
            break;
        }
    }
    flush_run(chunk.size());
    m_offset += chunk.size();
    if (m_shell.size() > k_max_shell)
        fail(m_offset, fmt::format("no '{}' array in the first {} MiB (top-level keys: {})", m_key, k_max_shell >> 20,
                                   m_keys.empty() ? "none" : m_keys));
}

void JsonArrayStream::finish()
{
    if (!m_started)
        fail(m_offset, "empty input");
    if (m_in_string || m_depth != 0) {
        if (m_in_element)
            fail(m_offset, fmt::format("input ends inside element {} of '{}', which starts at byte {}", m_count + 1,
                                       m_key, m_element_start));
        fail(m_offset, "input ends before the JSON document does");
    }
}

} // namespace nixvet

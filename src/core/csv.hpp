// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nixvet {

/// Reads RFC 4180 CSV (quoted fields, "" for a quote, newlines inside quotes) from a text.
class CsvReader
{
public:
    CsvReader(std::string_view text, std::string file) : m_text(text), m_file(std::move(file)) {}

    /// Reads the next row into `row`; false at the end. Throws ParseError for an unclosed quote.
    bool next_row(std::vector<std::string>& row);

    /// 1-based line number where the last row returned started.
    [[nodiscard]] size_t line() const { return m_row_line; }

private:
    std::string_view m_text;
    std::string m_file;
    size_t m_pos = 0;
    size_t m_line = 1;
    size_t m_row_line = 0;
};

} // namespace nixvet

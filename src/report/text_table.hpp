// SPDX-License-Identifier: MIT
// Aligned text tables for the terminal reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nixvet {

/// Display width of a UTF-8 string, counting code points (good enough for names and versions).
size_t display_width(std::string_view s);

/// `text` in the ANSI style `code` when `color`, else as it is.
std::string paint(bool color, std::string_view code, const std::string& text);

/// A chain of store paths as their names without hashes: "system-path → hello-2.12.1 → curl-8.4.0";
/// `omitted` links left out after the first half are shown as "… N more …".
std::string chain_text(const std::vector<std::string>& chain, size_t omitted = 0);

/// Rows of cells under bold headers, each column as wide as its widest cell (at most
/// `max_width`) but the last, which is not padded; no trailing spaces.
class TextTable
{
public:
    explicit TextTable(std::vector<std::string> headers, size_t max_width = 60)
        : m_headers(std::move(headers)), m_max_width(max_width)
    {
    }

    /// A row; `styles[i]`, when given and not empty, is the ANSI style of cell i.
    void add(std::vector<std::string> cells, std::vector<std::string> styles = {});
    /// A bold line of its own (a section title) before the next row.
    void section(std::string title);

    [[nodiscard]] std::string render(bool color) const;

private:
    struct Row
    {
        std::vector<std::string> cells;
        std::vector<std::string> styles;
        bool is_section = false;
    };
    std::vector<std::string> m_headers;
    size_t m_max_width;
    std::vector<Row> m_rows;
};

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "report/text_table.hpp"

#include "core/terminal_text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace nixvet {

size_t display_width(std::string_view s)
{
    size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    }
    return n;
}

std::string paint(bool color, std::string_view code, const std::string& text)
{
    return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
}

void TextTable::add(std::vector<std::string> cells, std::vector<std::string> styles)
{
    cells.resize(m_headers.size());
    // Cells hold input (names, versions, descriptions): no control character of theirs may reach
    // the terminal, not even a colour code.
    for (auto& c : cells) {
        if (!is_terminal_safe(c))
            c = terminal_safe(c);
    }
    m_rows.push_back({std::move(cells), std::move(styles), false});
}

void TextTable::section(std::string title)
{
    m_rows.push_back({{terminal_safe(title)}, {}, true});
}

std::string TextTable::render(bool color) const
{
    size_t columns = m_headers.size();
    std::vector<size_t> widths(columns);
    for (size_t i = 0; i < columns; ++i) {
        widths[i] = display_width(m_headers[i]);
        for (const auto& r : m_rows) {
            if (!r.is_section)
                widths[i] = std::max(widths[i], display_width(r.cells[i]));
        }
        widths[i] = std::min(widths[i], m_max_width);
    }
    auto line_of = [&](const std::vector<std::string>& cells, const std::vector<std::string>& styles) {
        std::string line;
        for (size_t i = 0; i < columns; ++i) {
            std::string cell = cells[i];
            if (i + 1 < columns) {
                size_t w = display_width(cell);
                if (w < widths[i] + 2)
                    cell.append(widths[i] + 2 - w, ' ');
            }
            if (i < styles.size() && !styles[i].empty())
                cell = paint(color, styles[i], cell);
            line += cell;
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        return line;
    };
    std::string out = paint(color, "1", line_of(m_headers, {})) + '\n';
    for (const auto& r : m_rows) {
        if (r.is_section)
            out += '\n' + paint(color, "1", r.cells[0]) + '\n';
        else
            out += line_of(r.cells, r.styles) + '\n';
    }
    return out;
}

std::string chain_text(const std::vector<std::string>& chain, size_t omitted)
{
    std::string out;
    for (size_t i = 0; i < chain.size(); ++i) {
        std::string_view node = chain[i];
        if (omitted > 0 && i == chain.size() / 2)
            out += fmt::format(" → … {} more …", omitted);
        if (auto slash = node.rfind('/'); slash != std::string_view::npos)
            node = node.substr(slash + 1);
        if (node.size() > 33 && node[32] == '-')
            node = node.substr(33); // the store path's hash
        if (!out.empty())
            out += " → ";
        out += node;
    }
    return out;
}

} // namespace nixvet

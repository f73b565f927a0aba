// SPDX-License-Identifier: MIT
#include "core/csv.hpp"

#include "core/error.hpp"

namespace nixvet {

bool CsvReader::next_row(std::vector<std::string>& row)
{
    row.clear();
    if (m_pos >= m_text.size())
        return false;
    m_row_line = m_line;
    std::string field;
    while (true) {
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {
            size_t quote_at = m_pos;
            ++m_pos;
            while (true) {
                if (m_pos >= m_text.size())
                    throw ParseError(m_file, quote_at, "unclosed quote in the CSV field that starts here");
                char c = m_text[m_pos++];
                if (c == '"') {
                    if (m_pos < m_text.size() && m_text[m_pos] == '"') {
                        field += '"';
                        ++m_pos;
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                    ++m_line;
                field += c;
            }
        }
        while (m_pos < m_text.size() && m_text[m_pos] != ',' && m_text[m_pos] != '\n')
            field += m_text[m_pos++];
        if (!field.empty() && field.back() == '\r')
            field.pop_back();
        row.push_back(std::move(field));
        field.clear();
        if (m_pos >= m_text.size())
            return true;
        if (m_text[m_pos++] == '\n') {
            ++m_line;
            return true;
        }
    }
}

} // namespace nixvet

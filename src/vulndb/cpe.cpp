// SPDX-License-Identifier: MIT
#include "vulndb/cpe.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace nixvet {

std::string cpe_unescape(std::string_view field)
{
    std::string out;
    out.reserve(field.size());
    for (size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 1 < field.size())
            ++i;
        out += field[i];
    }
    return out;
}

Cpe::Cpe(std::string_view formatted)
{
    constexpr std::string_view prefix = "cpe:2.3:";
    if (!formatted.starts_with(prefix))
        throw Error(fmt::format("CPE '{}' does not start with 'cpe:2.3:'", formatted));
    size_t field = 0;
    std::string current;
    for (size_t i = prefix.size(); i < formatted.size(); ++i) {
        char c = formatted[i];
        if (c == '\\') {
            if (i + 1 >= formatted.size())
                throw Error(fmt::format("CPE '{}' ends in a lone backslash", formatted));
            current += c;
            current += formatted[++i];
            continue;
        }
        if (c == ':') {
            if (field + 1 >= field_count)
                throw Error(fmt::format("CPE '{}' has more than {} fields", formatted, int(field_count)));
            m_fields[field++] = std::move(current);
            current.clear();
            continue;
        }
        current += c;
    }
    m_fields[field++] = std::move(current);
    if (field != field_count)
        throw Error(fmt::format("CPE '{}' has {} fields, not {}", formatted, field, int(field_count)));
    for (size_t f = 0; f < field_count; ++f) {
        if (m_fields[f].empty())
            throw Error(fmt::format("CPE '{}' has an empty field {}", formatted, f + 1));
    }
    const std::string& p = m_fields[part];
    if (p != "a" && p != "o" && p != "h" && p != "*" && p != "-")
        throw Error(fmt::format("CPE '{}' has part '{}', not a, o or h", formatted, p));
}

std::string Cpe::value(Field f) const
{
    return cpe_unescape(m_fields[f]);
}

std::string Cpe::str() const
{
    std::string out = "cpe:2.3";
    for (const auto& f : m_fields) {
        out += ':';
        out += f;
    }
    return out;
}

} // namespace nixvet

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

std::optional<CpeView> CpeView::parse(std::string_view formatted, std::string* error)
{
    auto fail = [&](std::string message) -> std::optional<CpeView> {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    };
    constexpr std::string_view prefix = "cpe:2.3:";
    if (!formatted.starts_with(prefix))
        return fail(fmt::format("CPE '{}' does not start with 'cpe:2.3:'", formatted));
    CpeView view;
    size_t field = 0;
    size_t start = prefix.size();
    for (size_t i = start; i < formatted.size(); ++i) {
        char c = formatted[i];
        if (c == '\\') {
            if (i + 1 >= formatted.size())
                return fail(fmt::format("CPE '{}' ends in a lone backslash", formatted));
            ++i;
            continue;
        }
        if (c == ':') {
            if (field + 1 >= Cpe::field_count)
                return fail(fmt::format("CPE '{}' has more than {} fields", formatted, int(Cpe::field_count)));
            view.m_fields[field++] = formatted.substr(start, i - start);
            start = i + 1;
        }
    }
    view.m_fields[field++] = formatted.substr(start);
    if (field != Cpe::field_count)
        return fail(fmt::format("CPE '{}' has {} fields, not {}", formatted, field, int(Cpe::field_count)));
    for (size_t f = 0; f < Cpe::field_count; ++f) {
        if (view.m_fields[f].empty())
            return fail(fmt::format("CPE '{}' has an empty field {}", formatted, f + 1));
    }
    std::string_view p = view.m_fields[Cpe::part];
    if (p != "a" && p != "o" && p != "h" && p != "*" && p != "-")
        return fail(fmt::format("CPE '{}' has part '{}', not a, o or h", formatted, p));
    return view;
}

std::string_view CpeView::value(Cpe::Field f, std::string& scratch) const
{
    if (m_fields[f].find('\\') == std::string_view::npos)
        return m_fields[f];
    scratch = cpe_unescape(m_fields[f]);
    return scratch;
}

Cpe::Cpe(std::string_view formatted)
{
    std::string error;
    std::optional<CpeView> view = CpeView::parse(formatted, &error);
    if (!view)
        throw Error(error);
    for (size_t f = 0; f < field_count; ++f)
        m_fields[f] = std::string(view->raw(static_cast<Field>(f)));
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

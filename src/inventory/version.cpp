// SPDX-License-Identifier: MIT
#include "inventory/version.hpp"

#include <charconv>
#include <optional>

namespace nixvet {

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

// Nix reads a component as a C int; digits that overflow it are not a number.
std::optional<int> as_int(std::string_view c)
{
    if (c.empty() || !is_digit(c.front()))
        return std::nullopt;
    int n = 0;
    auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), n);
    if (ec != std::errc() || end != c.data() + c.size())
        return std::nullopt;
    return n;
}

bool component_less(std::string_view c1, std::string_view c2)
{
    auto n1 = as_int(c1);
    auto n2 = as_int(c2);
    if (n1 && n2)
        return *n1 < *n2;
    if (c1.empty() && n2)
        return true;
    if (c1 == "pre" && c2 != "pre")
        return true;
    if (c2 == "pre")
        return false;
    if (n2)
        return true; // "2.3a" < "2.3.1"
    if (n1)
        return false;
    return c1 < c2;
}

} // namespace

std::string_view next_version_component(std::string_view v, size_t& pos)
{
    while (pos < v.size() && (v[pos] == '.' || v[pos] == '-'))
        ++pos;
    if (pos >= v.size())
        return {};
    size_t start = pos;
    if (is_digit(v[pos])) {
        while (pos < v.size() && is_digit(v[pos]))
            ++pos;
    } else {
        while (pos < v.size() && !is_digit(v[pos]) && v[pos] != '.' && v[pos] != '-')
            ++pos;
    }
    return v.substr(start, pos - start);
}

int compare_versions(std::string_view a, std::string_view b)
{
    size_t pa = 0;
    size_t pb = 0;
    while (pa < a.size() || pb < b.size()) {
        std::string_view c1 = next_version_component(a, pa);
        std::string_view c2 = next_version_component(b, pb);
        if (component_less(c1, c2))
            return -1;
        if (component_less(c2, c1))
            return 1;
    }
    return 0;
}

} // namespace nixvet

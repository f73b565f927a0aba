// SPDX-License-Identifier: MIT
#include "match/fix_commit.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace nixvet {

namespace {

bool is_hex(char c)
{
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// What may follow a commit id in a URL: its end, a suffix (.patch), a query, a path, or gitiles' ^!.
bool ends_commit(std::string_view rest)
{
    return rest.empty() || rest.front() == '.' || rest.front() == '?' || rest.front() == '#' || rest.front() == '&' ||
           rest.front() == ';' || rest.front() == '/' || rest.front() == '^' || rest.starts_with("%5E") ||
           rest.starts_with("%5e");
}

} // namespace

std::string commit_in_url(std::string_view url)
{
    static constexpr std::array<std::string_view, 8> k_markers = {
        "/commit/", "/commits/", "/+/", ";h=", "?h=", "&h=", "?id=", "&id="};
    for (auto marker : k_markers) {
        for (size_t at = url.find(marker); at != std::string_view::npos; at = url.find(marker, at + 1)) {
            size_t start = at + marker.size();
            size_t end = start;
            while (end < url.size() && is_hex(url[end]))
                ++end;
            if (end - start < 7 || end - start > 40 || !ends_commit(url.substr(end)))
                continue;
            std::string commit(url.substr(start, end - start));
            for (char& c : commit)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return commit;
        }
    }
    return {};
}

bool same_commit(std::string_view a, std::string_view b)
{
    auto hex = [](std::string_view s) {
        for (char c : s) {
            if (!is_hex(c))
                return false;
        }
        return s.size() >= 7;
    };
    if (!hex(a) || !hex(b))
        return false;
    if (a.size() > b.size())
        std::swap(a, b);
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "match/ecosystem_version.hpp"

#include "inventory/version.hpp"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace nixvet {

namespace {

bool digit(char c)
{
    return c >= '0' && c <= '9';
}

// Reads digits at `i` into `n` (saturating); false when there are none.
bool read_number(std::string_view s, size_t& i, uint64_t& n)
{
    size_t start = i;
    n = 0;
    while (i < s.size() && digit(s[i])) {
        uint64_t d = static_cast<uint64_t>(s[i] - '0');
        n = n > (std::numeric_limits<uint64_t>::max() - d) / 10 ? std::numeric_limits<uint64_t>::max() : n * 10 + d;
        ++i;
    }
    return i > start;
}

bool consume(std::string_view s, size_t& i, std::string_view word)
{
    if (s.substr(i, word.size()) != word)
        return false;
    i += word.size();
    return true;
}

struct Pep440
{
    uint64_t epoch = 0;
    std::vector<uint64_t> release;
    // Phases ordered as PEP 440 sorts them: dev-only release < a < b < rc < final.
    int pre_phase = 3; ///< 0 dev-only, 1 a, 2 b, 3 rc ... 4 none (final)
    uint64_t pre_number = 0;
    bool has_post = false;
    uint64_t post = 0;
    bool has_dev = false;
    uint64_t dev = 0;
    std::string local;
};

std::optional<Pep440> parse_pep440(std::string_view raw)
{
    std::string s;
    for (char c : raw)
        s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t i = 0;
    if (!s.empty() && s[0] == 'v')
        i = 1;
    Pep440 v;
    uint64_t n = 0;
    size_t save = i;
    if (read_number(s, i, n) && i < s.size() && s[i] == '!') {
        v.epoch = n;
        ++i;
    } else {
        i = save;
    }
    do {
        if (!read_number(s, i, n))
            return std::nullopt;
        v.release.push_back(n);
    } while (i < s.size() && s[i] == '.' && i + 1 < s.size() && digit(s[i + 1]) && ++i);
    auto separator = [&] {
        if (i < s.size() && (s[i] == '.' || s[i] == '-' || s[i] == '_'))
            ++i;
    };
    int phase = 4;
    size_t before = i;
    separator();
    for (auto [word, p] : {std::pair<std::string_view, int>{"alpha", 1},
                           {"beta", 2},
                           {"preview", 3},
                           {"pre", 3},
                           {"rc", 3},
                           {"a", 1},
                           {"b", 2},
                           {"c", 3}}) {
        if (consume(s, i, word)) {
            phase = p;
            break;
        }
    }
    if (phase != 4) {
        separator();
        read_number(s, i, v.pre_number);
    } else {
        i = before;
    }
    v.pre_phase = phase;
    before = i;
    separator();
    if (consume(s, i, "post") || consume(s, i, "rev") || consume(s, i, "r")) {
        separator();
        read_number(s, i, v.post);
        v.has_post = true;
    } else if (i > before && s[i - 1] == '-' && read_number(s, i, v.post)) {
        v.has_post = true; // "1.0-1" is 1.0.post1
    } else {
        i = before;
    }
    before = i;
    separator();
    if (consume(s, i, "dev")) {
        separator();
        read_number(s, i, v.dev);
        v.has_dev = true;
    } else {
        i = before;
    }
    if (i < s.size() && s[i] == '+') {
        v.local = s.substr(i + 1);
        i = s.size();
    }
    if (i != s.size())
        return std::nullopt;
    if (v.pre_phase == 4 && !v.has_post && v.has_dev)
        v.pre_phase = 0; // 1.0.dev1 sorts before 1.0a1
    while (v.release.size() > 1 && v.release.back() == 0)
        v.release.pop_back();
    return v;
}

template <typename T>
int cmp(const T& a, const T& b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

struct SemVer
{
    uint64_t major = 0, minor = 0, patch = 0;
    std::vector<std::string> pre;
};

std::optional<SemVer> parse_semver(std::string_view s)
{
    if (!s.empty() && (s[0] == 'v' || s[0] == 'V'))
        s.remove_prefix(1);
    s = s.substr(0, s.find('+'));
    SemVer v;
    size_t i = 0;
    if (!read_number(s, i, v.major) || i >= s.size() || s[i++] != '.' || !read_number(s, i, v.minor) || i >= s.size() ||
        s[i++] != '.' || !read_number(s, i, v.patch))
        return std::nullopt;
    if (i == s.size())
        return v;
    if (s[i] != '-' || i + 1 == s.size())
        return std::nullopt;
    std::string_view pre = s.substr(i + 1);
    size_t start = 0;
    while (start <= pre.size()) {
        size_t dot = pre.find('.', start);
        std::string_view id = pre.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (id.empty())
            return std::nullopt;
        v.pre.emplace_back(id);
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return v;
}

bool numeric(const std::string& s)
{
    for (char c : s) {
        if (!digit(c))
            return false;
    }
    return !s.empty();
}

// Local version labels: dot-separated segments, numbers numerically and above words.
int compare_local(const std::string& a, const std::string& b)
{
    if (a.empty() || b.empty())
        return cmp(!a.empty(), !b.empty());
    size_t i = 0;
    size_t j = 0;
    while (i <= a.size() && j <= b.size()) {
        size_t ei = std::min(a.find_first_of(".-_", i), a.size());
        size_t ej = std::min(b.find_first_of(".-_", j), b.size());
        std::string p = a.substr(i, ei - i);
        std::string q = b.substr(j, ej - j);
        bool pn = numeric(p);
        bool qn = numeric(q);
        int c = pn && qn ? cmp(std::make_pair(p.size(), p), std::make_pair(q.size(), q))
                         : (pn != qn ? (pn ? 1 : -1) : cmp(p, q));
        if (c)
            return c;
        bool a_end = ei >= a.size();
        bool b_end = ej >= b.size();
        if (a_end || b_end)
            return cmp(!a_end, !b_end);
        i = ei + 1;
        j = ej + 1;
    }
    return 0;
}

} // namespace

std::optional<int> compare_pep440(std::string_view a, std::string_view b)
{
    auto x = parse_pep440(a);
    auto y = parse_pep440(b);
    if (!x || !y)
        return std::nullopt;
    if (int c = cmp(x->epoch, y->epoch))
        return c;
    if (int c = cmp(x->release, y->release))
        return c;
    if (int c = cmp(std::make_pair(x->pre_phase, x->pre_number), std::make_pair(y->pre_phase, y->pre_number)))
        return c;
    // No post release sorts before any post release.
    if (int c = cmp(std::make_pair(x->has_post, x->post), std::make_pair(y->has_post, y->post)))
        return c;
    // A dev release sorts before the same version without one.
    if (int c = cmp(std::make_pair(!x->has_dev, x->dev), std::make_pair(!y->has_dev, y->dev)))
        return c;
    return compare_local(x->local, y->local);
}

std::optional<int> compare_semver(std::string_view a, std::string_view b)
{
    auto x = parse_semver(a);
    auto y = parse_semver(b);
    if (!x || !y)
        return std::nullopt;
    if (int c = cmp(std::tie(x->major, x->minor, x->patch), std::tie(y->major, y->minor, y->patch)))
        return c;
    if (x->pre.empty() || y->pre.empty())
        return cmp(x->pre.empty(), y->pre.empty()); // a pre-release sorts before the release
    for (size_t i = 0; i < std::min(x->pre.size(), y->pre.size()); ++i) {
        const std::string& p = x->pre[i];
        const std::string& q = y->pre[i];
        bool pn = numeric(p);
        bool qn = numeric(q);
        if (pn && qn) {
            if (int c = cmp(std::make_pair(p.size(), p), std::make_pair(q.size(), q)))
                return c;
        } else if (pn != qn) {
            return pn ? -1 : 1; // numeric identifiers sort before alphanumeric ones
        } else if (int c = cmp(p, q)) {
            return c;
        }
    }
    return cmp(x->pre.size(), y->pre.size());
}

int compare_ecosystem_versions(std::string_view ecosystem, std::string_view range_type, std::string_view a,
                               std::string_view b)
{
    std::optional<int> c;
    if (ecosystem == "PyPI")
        c = compare_pep440(a, b);
    else if (range_type == "SEMVER" || ecosystem == "crates.io" || ecosystem == "npm" || ecosystem == "Go")
        c = compare_semver(a, b);
    return c ? *c : compare_versions(a, b);
}

} // namespace nixvet

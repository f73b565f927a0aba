// SPDX-License-Identifier: MIT
#include "match/whitelist.hpp"

#include "core/error.hpp"
#include "core/file.hpp"
#include "inventory/drv_name.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <toml++/toml.h>

namespace nixvet {

namespace {

std::vector<std::string> strings(const toml::node* node, const std::string& file, const std::string& where)
{
    std::vector<std::string> out;
    if (!node)
        return out;
    if (auto s = node->value<std::string>()) {
        out.push_back(*s);
        return out;
    }
    const toml::array* list = node->as_array();
    if (!list)
        throw ParseError(file, 0, fmt::format("{}: expected a string or a list of strings", where));
    for (auto&& item : *list) {
        auto s = item.value<std::string>();
        if (!s)
            throw ParseError(file, 0, fmt::format("{}: expected a list of strings", where));
        out.push_back(*s);
    }
    return out;
}

bool is_date(const std::string& s)
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    }
    return true;
}

} // namespace

Whitelist Whitelist::parse(const std::string& toml_text, const std::string& file)
{
    toml::table root;
    try {
        root = toml::parse(toml_text, file);
    } catch (const toml::parse_error& e) {
        throw ParseError(
            file, 0,
            fmt::format("line {}, column {}: {}", e.source().begin.line, e.source().begin.column, e.description()));
    }
    Whitelist w;
    for (auto&& [key, value] : root) {
        std::string section(key.str());
        const toml::table* t = value.as_table();
        if (!t)
            throw ParseError(file, 0, fmt::format("'{}' is not a [section]", section));
        Rule r;
        r.file = file;
        if (section != "*") {
            DrvName split = DrvName::parse(section);
            r.name = split.name;
            r.version = split.version;
        }
        r.cves = strings(t->get("cve"), file, "[" + section + "] cve");
        r.issue_urls = strings(t->get("issue_url"), file, "[" + section + "] issue_url");
        r.comments = strings(t->get("comment"), file, "[" + section + "] comment");
        if (const toml::node* until = t->get("until")) {
            if (auto s = until->value<std::string>())
                r.until = *s;
            else if (auto d = until->as_date())
                r.until = fmt::format("{:04}-{:02}-{:02}", d->get().year, d->get().month, d->get().day);
            if (!is_date(r.until))
                throw ParseError(file, 0, fmt::format("[{}] until: expected a date YYYY-MM-DD", section));
        }
        for (auto&& [k, v] : *t) {
            std::string_view name = k.str();
            if (name != "cve" && name != "until" && name != "issue_url" && name != "comment")
                throw ParseError(file, 0, fmt::format("[{}]: unknown key '{}'", section, name));
        }
        w.m_rules.push_back(std::move(r));
    }
    return w;
}

Whitelist Whitelist::load(const std::string& path)
{
    return parse(read_file(path), path);
}

std::optional<std::string> Whitelist::reason(const Package& package, const std::string& advisory,
                                             const std::string& today) const
{
    for (const auto& r : m_rules) {
        if (!r.name.empty() && r.name != package.pname && r.name != DrvName::parse(package.name).name)
            continue;
        if (!r.version.empty() && r.version != package.version)
            continue;
        if (!r.cves.empty() && std::find(r.cves.begin(), r.cves.end(), advisory) == r.cves.end())
            continue;
        if (!r.until.empty() && today > r.until)
            continue;
        std::string section = r.name.empty() ? "*" : (r.version.empty() ? r.name : r.name + "-" + r.version);
        std::string why = fmt::format("whitelisted by [{}] in {}", section, r.file);
        for (const auto& c : r.comments)
            why += ": " + c;
        for (const auto& u : r.issue_urls)
            why += " (" + u + ")";
        if (!r.until.empty())
            why += " until " + r.until;
        return why;
    }
    return std::nullopt;
}

std::vector<std::string> Whitelist::expired(const std::string& today) const
{
    std::vector<std::string> out;
    for (const auto& r : m_rules) {
        if (!r.until.empty() && today > r.until) {
            std::string section = r.name.empty() ? "*" : (r.version.empty() ? r.name : r.name + "-" + r.version);
            out.push_back(fmt::format("{}: [{}] expired on {}", r.file, section, r.until));
        }
    }
    return out;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "match/whitelist.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/mini_toml.hpp"
#include "core/terminal_text.hpp"
#include "inventory/drv_name.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace nixvet {

namespace {

std::vector<std::string> strings(const TomlValue* value, const std::string& file, const std::string& where)
{
    if (!value)
        return {};
    if (auto list = toml_strings(*value))
        return *list;
    throw ParseError(file, 0, value->line, value->column,
                     fmt::format("{}: expected a string or a list of strings", where));
}

} // namespace

Whitelist Whitelist::parse(const std::string& toml_text, const std::string& file)
{
    Whitelist w;
    for (const auto& table : parse_mini_toml(toml_text, file)) {
        if (table.line == 0)
            throw ParseError(file, 0, table.entries.front().second.line, table.entries.front().second.column,
                             "a key outside any [\"package\"] section");
        const std::string section = excerpt(table.name);
        auto get = [&](std::string_view key) -> const TomlValue* {
            for (const auto& [k, v] : table.entries) {
                if (k == key)
                    return &v;
            }
            return nullptr;
        };
        for (const auto& [k, v] : table.entries) {
            // vulnix ignores `status` (kept for compatibility); a typo of the others is an error.
            if (k != "cve" && k != "until" && k != "issue_url" && k != "comment" && k != "status")
                throw ParseError(file, 0, v.line, v.column, fmt::format("[{}]: unknown key '{}'", section, excerpt(k)));
        }
        auto header_error = [&](const std::string& why) {
            return ParseError(file, 0, table.line, table.column, fmt::format("[\"{}\"]: {}", section, why));
        };
        if (table.path.size() != 1)
            throw header_error("a section is one quoted package selector, [\"name\"] or [\"name-version\"]");
        Rule r;
        r.file = file;
        if (table.name != "*") {
            DrvName split = DrvName::parse(table.name);
            r.name = split.name;
            r.version = split.version;
        }
        // vulnix's selector: lower-case letters, digits and . _ - *
        std::string_view selector = r.name.empty() ? std::string_view("*") : std::string_view(r.name);
        if (selector.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.*-") != std::string_view::npos)
            throw header_error("not a package selector (lower-case letters, digits, '.', '_', '-', '*')");
        r.cves = strings(get("cve"), file, "[" + section + "] cve");
        if (table.name == "*" && r.cves.empty())
            throw header_error("a rule for every package must name its CVEs (cve = [...]), as vulnix requires");
        r.issue_urls = strings(get("issue_url"), file, "[" + section + "] issue_url");
        for (const auto& url : r.issue_urls) {
            size_t scheme = url.find("://");
            if (scheme == std::string::npos || scheme == 0 || url.find('/', scheme + 3) == std::string::npos)
                throw ParseError(file, 0, get("issue_url")->line, get("issue_url")->column,
                                 fmt::format("[{}] issue_url: '{}' is not a URL", section, excerpt(url)));
        }
        r.comments = strings(get("comment"), file, "[" + section + "] comment");
        if (const TomlValue* until = get("until")) {
            r.until = until->kind == TomlValue::Kind::list ? std::string() : until->text;
            if (!is_calendar_date(r.until))
                throw ParseError(file, 0, until->line, until->column,
                                 fmt::format("[{}] until: expected a date YYYY-MM-DD of the calendar, not '{}'",
                                             section, excerpt(r.until)));
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

// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/package.hpp"

#include <optional>
#include <string>
#include <vector>

namespace nixvet {

/// A vulnix whitelist (TOML), read with vulnix's semantics: each section names a package by
/// `name`, `name-version` or `*`; `cve` limits the rule to those CVEs (all when absent); `until`
/// (YYYY-MM-DD) ends it; `issue_url` and `comment` say why.
class Whitelist
{
public:
    struct Rule
    {
        std::string name;    ///< "" for "*"
        std::string version; ///< "" for any version
        std::vector<std::string> cves;
        std::string until;
        std::vector<std::string> issue_urls;
        std::vector<std::string> comments;
        std::string file;
    };

    /// Parses `toml_text`; throws ParseError naming `file` and the line.
    static Whitelist parse(const std::string& toml_text, const std::string& file);
    /// Reads and parses `path`. Throws Error or ParseError.
    static Whitelist load(const std::string& path);

    /// Why `advisory` of `package` is whitelisted on `today` (YYYY-MM-DD), or nothing.
    [[nodiscard]] std::optional<std::string> reason(const Package& package, const std::string& advisory,
                                                    const std::string& today) const;

    /// Rules whose `until` is before `today`, as "FILE: [SECTION] expired on DATE".
    [[nodiscard]] std::vector<std::string> expired(const std::string& today) const;

    void append(const Whitelist& other) { m_rules.insert(m_rules.end(), other.m_rules.begin(), other.m_rules.end()); }
    [[nodiscard]] const std::vector<Rule>& rules() const { return m_rules; }

private:
    std::vector<Rule> m_rules;
};

} // namespace nixvet

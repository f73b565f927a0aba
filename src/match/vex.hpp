// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/package.hpp"

#include <optional>
#include <string>
#include <vector>

namespace nixvet {

/// VEX statements from OpenVEX (0.0.x and 0.2) and CycloneDX VEX documents.
class VexStatements
{
public:
    struct Statement
    {
        std::string vulnerability;         ///< CVE or other advisory id
        std::vector<std::string> products; ///< purls, store paths or .drv paths; empty: every product
        std::string status;                ///< not_affected, fixed, under_investigation, affected
        std::string justification;         ///< with the impact statement or detail, if any
        std::string file;
    };

    /// Reads one OpenVEX or CycloneDX VEX JSON document; throws ParseError naming the file.
    static VexStatements load(const std::string& path);
    /// Parses `json` (named `file` in errors).
    static VexStatements parse(const std::string& json, const std::string& file);

    /// The statement about `advisory` in `package`, if any (a product-specific one first).
    [[nodiscard]] const Statement* find(const Package& package, const std::string& advisory) const;

    void append(const VexStatements& other)
    {
        m_statements.insert(m_statements.end(), other.m_statements.begin(), other.m_statements.end());
    }
    [[nodiscard]] const std::vector<Statement>& statements() const { return m_statements; }

private:
    std::vector<Statement> m_statements;
};

/// True when `product` (a purl, store path or .drv path from a VEX document) names `package`.
bool vex_product_matches(const std::string& product, const Package& package);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "match/vex.hpp"

#include "core/dom_fields.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/json.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <simdjson.h>

namespace nixvet {

namespace dom = simdjson::dom;

namespace {

using dom_fields::str;

// "pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH" -> name, version (decoded %40 etc. not needed here).
std::pair<std::string, std::string> purl_name_version(std::string_view purl)
{
    purl = purl.substr(0, purl.find_first_of("?#"));
    std::string version;
    if (size_t at = purl.rfind('@'); at != std::string_view::npos) {
        version = std::string(purl.substr(at + 1));
        purl = purl.substr(0, at);
    }
    std::string name(purl.substr(purl.rfind('/') + 1));
    return {name, version};
}

// CycloneDX analysis states in OpenVEX's words.
std::string openvex_status(const std::string& state)
{
    if (state == "not_affected" || state == "false_positive")
        return "not_affected";
    if (state == "resolved" || state == "resolved_with_pedigree")
        return "fixed";
    if (state == "in_triage")
        return "under_investigation";
    if (state == "exploitable")
        return "affected";
    return state;
}

} // namespace

bool vex_product_matches(const std::string& product, const Package& package)
{
    if (product.starts_with("pkg:")) {
        auto [name, version] = purl_name_version(product);
        if (name != package.pname && name != package.name)
            return false;
        return version.empty() || version == package.version;
    }
    if (product.starts_with("/")) {
        if (product == package.drv_path)
            return true;
        if (std::find(package.closure_paths.begin(), package.closure_paths.end(), product) !=
            package.closure_paths.end())
            return true;
        for (const auto& [output, path] : package.outputs) {
            if (path == product)
                return true;
        }
        return false;
    }
    // A bare name or name-version.
    return product == package.pname || product == package.name;
}

VexStatements VexStatements::parse(const std::string& json, const std::string& file)
{
    dom::parser parser;
    dom::element root = dom_fields::parse_document(parser, json, file);
    VexStatements out;
    if (dom::array statements; !root["statements"].get_array().get(statements)) {
        for (auto s : statements) {
            Statement st;
            st.file = file;
            dom::element vuln;
            if (!s["vulnerability"].get(vuln)) {
                st.vulnerability = vuln.is_string() ? std::string(std::string_view(vuln)) : str(vuln, "name");
            }
            if (dom::array products; !s["products"].get_array().get(products)) {
                for (auto p : products) {
                    if (p.is_string())
                        st.products.emplace_back(std::string_view(p));
                    else if (std::string id = str(p, "@id"); !id.empty())
                        st.products.push_back(id);
                }
            }
            st.status = str(s, "status");
            st.justification = str(s, "justification");
            if (std::string impact = str(s, "impact_statement"); !impact.empty())
                st.justification += (st.justification.empty() ? "" : ": ") + impact;
            if (st.vulnerability.empty() || st.status.empty())
                throw ParseError(file, 0, "an OpenVEX statement without a vulnerability or a status");
            out.m_statements.push_back(std::move(st));
        }
        return out;
    }
    if (dom::array vulns; !root["vulnerabilities"].get_array().get(vulns)) {
        for (auto v : vulns) {
            Statement st;
            st.file = file;
            st.vulnerability = str(v, "id");
            dom::element analysis;
            if (v["analysis"].get(analysis))
                continue; // a plain vulnerability listing, not a VEX statement
            st.status = openvex_status(str(analysis, "state"));
            st.justification = str(analysis, "justification");
            if (std::string detail = str(analysis, "detail"); !detail.empty())
                st.justification += (st.justification.empty() ? "" : ": ") + detail;
            if (dom::array affects; !v["affects"].get_array().get(affects)) {
                for (auto a : affects) {
                    if (std::string ref = str(a, "ref"); !ref.empty())
                        st.products.push_back(ref);
                }
            }
            if (!st.vulnerability.empty() && !st.status.empty())
                out.m_statements.push_back(std::move(st));
        }
        return out;
    }
    throw ParseError(file, 0, "neither an OpenVEX document ('statements') nor CycloneDX VEX ('vulnerabilities')");
}

VexStatements VexStatements::load(const std::string& path)
{
    return parse(read_file(path), path);
}

const VexStatements::Statement* VexStatements::find(const Package& package, const std::string& advisory) const
{
    const Statement* general = nullptr;
    for (const auto& s : m_statements) {
        if (s.vulnerability != advisory)
            continue;
        if (s.products.empty()) {
            if (!general)
                general = &s;
            continue;
        }
        for (const auto& p : s.products) {
            if (vex_product_matches(p, package))
                return &s;
        }
    }
    return general;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "match/identity.hpp"

#include "core/error.hpp"
#include "core/mini_toml.hpp"
#include "vulndb/advisory.hpp"
#include "vulndb/cpe.hpp"
#include "vulndb/vuln_db.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace nixvet {

extern const char* const k_builtin_identities; // generated from data/identities.toml

const char* identity_rung_name(IdentityRung rung)
{
    switch (rung) {
    case IdentityRung::cpe: return "cpe";
    case IdentityRung::curated: return "curated";
    case IdentityRung::url: return "url";
    case IdentityRung::name: return "name";
    case IdentityRung::ecosystem: return "ecosystem";
    }
    return "?";
}

IdentityCatalog::IdentityCatalog(const std::string& toml_text, const std::string& file)
{
    for (const auto& table : parse_mini_toml(toml_text, file)) {
        if (table.name == "packages") {
            for (const auto& [name, value] : table.entries) {
                if (value.kind != TomlValue::Kind::list)
                    throw ParseError(file, 0, fmt::format("packages.{}: expected a list of \"vendor:product\"", name));
                auto& out = m_packages[name];
                for (const auto& item : value.items) {
                    size_t colon = item.find(':');
                    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size())
                        throw ParseError(file, 0,
                                         fmt::format("packages.{}: '{}' is not \"vendor:product\"", name, item));
                    out.emplace_back(item.substr(0, colon), item.substr(colon + 1));
                }
            }
        } else if (table.name == "traps") {
            for (const auto& [name, value] : table.entries)
                m_traps[name] = value.text;
        } else {
            throw ParseError(file, 0, fmt::format("line {}: unknown table [{}]", table.line, table.name));
        }
    }
}

const IdentityCatalog& IdentityCatalog::builtin()
{
    static const IdentityCatalog catalog(k_builtin_identities, "data/identities.toml");
    return catalog;
}

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// "python3.11-requests-2.31.0" and "python311Packages"-style names: a PyPI package.
bool is_python_package(const Package& p)
{
    std::string_view name = p.name;
    if (!name.starts_with("python"))
        return false;
    size_t i = 6;
    while (i < name.size() && (std::isdigit(static_cast<unsigned char>(name[i])) || name[i] == '.'))
        ++i;
    return i > 6 && i < name.size() && name[i] == '-' && p.pname != "python";
}

// The project a source URL names, as an NVD vendor:product guess.
std::optional<std::pair<std::string, std::string>> project_from_url(std::string_view url)
{
    auto segment = [](std::string_view rest, size_t index) -> std::string {
        for (size_t i = 0; i < index; ++i) {
            size_t slash = rest.find('/');
            if (slash == std::string_view::npos)
                return {};
            rest.remove_prefix(slash + 1);
        }
        return std::string(rest.substr(0, rest.find('/')));
    };
    for (std::string_view prefix : {"https://github.com/", "http://github.com/", "https://gitlab.com/"}) {
        if (url.starts_with(prefix)) {
            std::string_view rest = url.substr(prefix.size());
            std::string owner = segment(rest, 0);
            std::string repo = segment(rest, 1);
            if (repo.ends_with(".git"))
                repo.resize(repo.size() - 4);
            if (!owner.empty() && !repo.empty())
                return std::make_pair(lower(owner), lower(repo));
        }
    }
    for (std::string_view prefix :
         {"mirror://gnu/", "https://ftp.gnu.org/gnu/", "http://ftp.gnu.org/gnu/", "https://ftpmirror.gnu.org/"}) {
        if (url.starts_with(prefix)) {
            std::string name = segment(url.substr(prefix.size()), 0);
            if (!name.empty())
                return std::make_pair(std::string("gnu"), lower(name));
        }
    }
    return std::nullopt;
}

} // namespace

std::vector<Identity> IdentityCatalog::identify(const Package& package, VulnDb& db) const
{
    std::vector<Identity> out;
    auto add = [&](std::string vendor, std::string product, IdentityRung rung, std::string evidence) {
        for (const auto& i : out) {
            if (i.vendor == vendor && i.product == product)
                return;
        }
        out.push_back({std::move(vendor), std::move(product), rung, std::move(evidence)});
    };
    if (package.purl.starts_with("pkg:pypi/")) {
        std::string name = package.purl.substr(9);
        name = name.substr(0, name.find_first_of("@?#"));
        add("PyPI", lower(name), IdentityRung::ecosystem, "purl " + package.purl);
        return out;
    }
    if (is_python_package(package)) {
        // nixpkgs sets pname to the PyPI name; SBOMs often keep the "python3.11-" prefix in it.
        std::string name = package.pname;
        if (name.starts_with("python")) {
            size_t i = 6;
            while (i < name.size() && (std::isdigit(static_cast<unsigned char>(name[i])) || name[i] == '.'))
                ++i;
            if (i > 6 && i < name.size() && name[i] == '-')
                name = name.substr(i + 1);
        }
        add("PyPI", lower(name), IdentityRung::ecosystem, "python package name " + package.name);
        return out; // NVD's name-alikes (jenkins:requests) are other products
    }
    if (!package.cpe.empty()) {
        try {
            Cpe cpe(package.cpe);
            add(cpe.value(Cpe::vendor), cpe.value(Cpe::product), IdentityRung::cpe, "CPE " + package.cpe);
        } catch (const Error&) {
            // an unusable CPE from an SBOM: the other rungs still apply
        }
    }
    if (auto it = m_packages.find(package.pname); it != m_packages.end()) {
        for (const auto& [vendor, product] : it->second)
            add(vendor, product, IdentityRung::curated, "identities.toml: " + package.pname);
        return out;
    }
    for (const auto& url : package.source_urls()) {
        if (auto project = project_from_url(url)) {
            auto vendors = db.vendors_of_product(project->second);
            if (std::find(vendors.begin(), vendors.end(), project->first) != vendors.end())
                add(project->first, project->second, IdentityRung::url, "source URL " + url);
        }
    }
    if (!out.empty())
        return out;
    if (m_traps.count(package.pname))
        return out;
    // Last resort: the name, lower-cased, '-' and '_' swapped; only when one vendor uses it.
    std::string name = normalise_product_name(package.pname);
    std::vector<std::string> variants{name};
    std::string swapped = name;
    std::replace(swapped.begin(), swapped.end(), '-', '_');
    if (swapped != name)
        variants.push_back(swapped);
    for (const auto& variant : variants) {
        auto vendors = db.vendors_of_product(variant);
        if (vendors.size() == 1 && !vendors.front().empty())
            add(vendors.front(), variant, IdentityRung::name,
                fmt::format("package name '{}' (the only NVD vendor of '{}')", package.pname, variant));
    }
    return out;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "match/identity.hpp"

#include "core/error.hpp"
#include "core/mini_toml.hpp"
#include "vulndb/advisory.hpp"
#include "vulndb/cpe.hpp"
#include "vulndb/vuln_db.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

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
    case IdentityRung::meta: return "meta";
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

// The names nixpkgs gives builds of one upstream package, nearest first: "systemd-minimal-libs"
// → "systemd-minimal" → "systemd"; suffixes -minimal, -full, -small, -unwrapped, -libs, -apng,
// -interactive, -locales, -with-* (gmp-with-cxx), and a "lib" prefix (libkrb5 → krb5).
std::vector<std::string> pname_variants(std::string_view pname)
{
    static constexpr std::string_view k_suffixes[] = {"-minimal", "-full", "-small",       "-unwrapped",
                                                      "-libs",    "-apng", "-interactive", "-locales"};
    std::vector<std::string> out;
    std::string current(pname);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::string_view suffix : k_suffixes) {
            if (current.size() > suffix.size() && current.ends_with(suffix)) {
                current.resize(current.size() - suffix.size());
                changed = true;
            }
        }
        if (size_t with = current.find("-with-"); with != std::string::npos && with > 0) {
            current.resize(with);
            changed = true;
        }
        if (changed)
            out.push_back(current);
    }
    if (current.starts_with("lib") && current.size() > 4)
        out.push_back(current.substr(3));
    return out;
}

// The interpreter itself, not a package for it: "python3", "python311", "python3.11",
// "python3-minimal", "python3-unwrapped" (CPython), "pypy3", "pypy310" (PyPy).
std::optional<std::pair<std::string, std::string>> python_interpreter(std::string_view pname)
{
    for (std::string_view suffix : {"-minimal", "-unwrapped", "-full"}) {
        if (pname.ends_with(suffix)) {
            pname.remove_suffix(suffix.size());
            break;
        }
    }
    for (auto [prefix, product] : {std::pair<std::string_view, const char*>{"python", "python"}, {"pypy", "pypy"}}) {
        if (!pname.starts_with(prefix))
            continue;
        std::string_view rest = pname.substr(prefix.size());
        if (rest.find_first_not_of("0123456789.") == std::string_view::npos)
            return std::make_pair(std::string(product), std::string(product));
    }
    return std::nullopt;
}

// "python3.11-requests-2.31.0" and "python311Packages"-style names: a PyPI package.
bool is_python_package(const Package& p)
{
    if (python_interpreter(p.pname))
        return false; // python3-3.11.6 is CPython, not a PyPI package named "3.11.6"
    std::string_view name = p.name;
    if (!name.starts_with("python"))
        return false;
    size_t i = 6;
    while (i < name.size() && (std::isdigit(static_cast<unsigned char>(name[i])) || name[i] == '.'))
        ++i;
    return i > 6 && i < name.size() && name[i] == '-' && p.pname != "python";
}

// The package a language registry's download URL names, as (OSV ecosystem, package name): the
// source of a package fetched with fetchPypi, fetchCrate or from the npm or Go module registry.
std::optional<std::pair<std::string, std::string>> registry_package_from_url(std::string_view url)
{
    auto path_segments = [](std::string_view rest) {
        std::vector<std::string_view> out;
        while (!rest.empty()) {
            size_t slash = rest.find('/');
            out.push_back(rest.substr(0, slash));
            if (slash == std::string_view::npos)
                break;
            rest.remove_prefix(slash + 1);
        }
        return out;
    };
    // PyPI sdists: .../packages/source/<initial>/<name>/<file>
    for (std::string_view prefix : {"mirror://pypi/", "https://files.pythonhosted.org/packages/source/",
                                    "https://pypi.io/packages/source/", "https://pypi.python.org/packages/source/"}) {
        if (url.starts_with(prefix)) {
            auto parts = path_segments(url.substr(prefix.size()));
            if (parts.size() >= 3 && parts[0].size() == 1 && !parts[1].empty())
                return std::make_pair(std::string("PyPI"), lower(parts[1]));
        }
    }
    // crates.io: api/v1/crates/<name>/<version>/download, or static.crates.io/crates/<name>/...
    for (std::string_view prefix : {"https://crates.io/api/v1/crates/", "https://static.crates.io/crates/"}) {
        if (url.starts_with(prefix)) {
            auto parts = path_segments(url.substr(prefix.size()));
            if (parts.size() >= 2 && !parts[0].empty())
                return std::make_pair(std::string("crates.io"), std::string(parts[0]));
        }
    }
    // npm: registry.npmjs.org/<name>/-/<file> or registry.npmjs.org/@<scope>/<name>/-/<file>
    if (std::string_view prefix = "https://registry.npmjs.org/"; url.starts_with(prefix)) {
        auto parts = path_segments(url.substr(prefix.size()));
        if (parts.size() >= 3 && parts[1] == "-" && !parts[0].empty() && parts[0][0] != '@')
            return std::make_pair(std::string("npm"), std::string(parts[0]));
        if (parts.size() >= 4 && parts[2] == "-" && parts[0].size() > 1 && parts[0][0] == '@' && !parts[1].empty())
            return std::make_pair(std::string("npm"), std::string(parts[0]) + "/" + std::string(parts[1]));
    }
    // Go module proxy: proxy.golang.org/<module, capitals as !lower>/@v/<version>.zip
    if (std::string_view prefix = "https://proxy.golang.org/"; url.starts_with(prefix)) {
        std::string_view rest = url.substr(prefix.size());
        size_t at = rest.find("/@v/");
        if (at != std::string_view::npos && at > 0) {
            std::string module;
            for (size_t i = 0; i < at; ++i) {
                if (rest[i] == '!' && i + 1 < at)
                    module += static_cast<char>(std::toupper(static_cast<unsigned char>(rest[++i])));
                else
                    module += rest[i];
            }
            return std::make_pair(std::string("Go"), module);
        }
    }
    return std::nullopt;
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

bool is_generated_file(const Package& p)
{
    return p.evidence == NameEvidence::derivation_name && p.sources.empty() && p.patches.empty() && p.cpe.empty();
}

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
    // Other registries' purls (SBOMs): OSV by ecosystem, never NVD's name-alikes.
    static constexpr std::pair<std::string_view, std::string_view> k_purl_types[] = {
        {"pkg:cargo/", "crates.io"}, {"pkg:npm/", "npm"}, {"pkg:golang/", "Go"}};
    for (auto [type, ecosystem] : k_purl_types) {
        if (package.purl.starts_with(type)) {
            std::string name = package.purl.substr(type.size());
            name = name.substr(0, name.find_first_of("@?#"));
            if (ecosystem == "npm" && name.starts_with("%40"))
                name = "@" + name.substr(3);
            add(std::string(ecosystem), name, IdentityRung::ecosystem, "purl " + package.purl);
            return out;
        }
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
    if (is_generated_file(package))
        return out; // nothing to match: see is_generated_file
    if (!package.cpe.empty()) {
        try {
            Cpe cpe(package.cpe);
            add(cpe.value(Cpe::vendor), cpe.value(Cpe::product), IdentityRung::cpe,
                fmt::format("CPE {}{}", package.cpe, package.cpe_origin.empty() ? "" : " from " + package.cpe_origin));
        } catch (const Error&) {
            // an unusable CPE from an SBOM: the other rungs still apply
        }
    }
    if (auto it = m_packages.find(package.pname); it != m_packages.end()) {
        for (const auto& [vendor, product] : it->second)
            add(vendor, product, IdentityRung::curated, "identities.toml: " + package.pname);
        return out;
    }
    // A variant of a curated package: the same upstream, the same CVEs.
    for (const auto& variant : pname_variants(package.pname)) {
        if (auto it = m_packages.find(variant); it != m_packages.end()) {
            for (const auto& [vendor, product] : it->second)
                add(vendor, product, IdentityRung::curated,
                    fmt::format("identities.toml: {} (the variant {})", variant, package.pname));
            return out;
        }
    }
    if (auto interpreter = python_interpreter(package.pname)) {
        add(interpreter->first, interpreter->second, IdentityRung::curated,
            "the " + interpreter->first + " interpreter (pname " + package.pname + ")");
        return out;
    }
    if (out.empty()) {
        for (const auto& url : package.source_urls()) {
            if (auto registry = registry_package_from_url(url)) {
                add(registry->first, registry->second, IdentityRung::ecosystem, "registry source URL " + url);
                return out;
            }
        }
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

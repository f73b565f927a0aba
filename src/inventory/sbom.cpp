// SPDX-License-Identifier: MIT
#include "inventory/sbom.hpp"

#include "core/dom_fields.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/json.hpp"
#include "inventory/drv_name.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <simdjson.h>
#include <tuple>

namespace nixvet {

namespace dom = simdjson::dom;

bool looks_like_sbom(std::string_view head)
{
    bool cyclonedx =
        head.find("\"bomFormat\"") != std::string_view::npos && head.find("CycloneDX") != std::string_view::npos;
    bool spdx = head.find("\"spdxVersion\"") != std::string_view::npos;
    return head.find('{') != std::string_view::npos && (cyclonedx || spdx);
}

namespace {

using dom_fields::str;

// sbomnix writes a CPE guessed from the name ("cpe:2.3:a:zlib:zlib:1.3:..."): only a CPE whose
// vendor or product differs from the component name says more than the name does.
std::string explicit_cpe(const std::string& cpe, const std::string& name)
{
    if (!cpe.starts_with("cpe:2.3:"))
        return {};
    size_t v = cpe.find(':', 8);
    size_t p = v == std::string::npos ? v : cpe.find(':', v + 1);
    size_t end = p == std::string::npos ? p : cpe.find(':', p + 1);
    if (end == std::string::npos)
        return {};
    std::string vendor = cpe.substr(v + 1, p - v - 1);
    std::string product = cpe.substr(p + 1, end - p - 1);
    return vendor == name && product == name ? std::string() : cpe;
}

bool is_store_path(std::string_view s)
{
    return s.starts_with("/nix/store/") && s.size() > 44;
}

// `version_given`: the document has a version field for the component, even an empty one (sbomnix
// writes "" for generated files: unit-autovt-.service, polkit-1.pam, dbus-1, linux-6.1.62-modules-shrunk).
Package package_of(const std::string& name, const std::string& version, bool version_given)
{
    Package p;
    p.evidence = NameEvidence::sbom;
    p.pname = name;
    p.version = version;
    if (p.version.empty() && !version_given) {
        // Some generators put the whole name-version in `name` and no version at all.
        DrvName split = DrvName::parse(name);
        p.pname = split.name;
        p.version = split.version;
    }
    p.name = p.version.empty() ? p.pname : p.pname + "-" + p.version;
    p.in_runtime = true;
    return p;
}

void read_cyclonedx_components(dom::array components, Inventory& inv)
{
    for (auto c : components) {
        Package p = package_of(str(c, "name"), str(c, "version"), c["version"].error() == simdjson::SUCCESS);
        if (p.pname.empty())
            continue;
        p.purl = str(c, "purl");
        p.cpe = explicit_cpe(str(c, "cpe"), str(c, "name"));
        std::string ref = str(c, "bom-ref");
        if (dom::array props; !c["properties"].get_array().get(props)) {
            for (auto prop : props) {
                std::string key = str(prop, "name");
                std::string value = str(prop, "value");
                if (key == "nix:drv_path")
                    p.drv_path = value;
                else if (key == "nix:output_path" && is_store_path(value))
                    p.closure_paths.push_back(value);
            }
        }
        if (p.drv_path.empty() && ref.ends_with(".drv"))
            p.drv_path = ref;
        if (p.closure_paths.empty() && is_store_path(ref) && !ref.ends_with(".drv"))
            p.closure_paths.push_back(ref);
        for (const auto& path : p.closure_paths)
            p.outputs.emplace_back("out", path);
        inv.packages.push_back(std::move(p));
        if (dom::array nested; !c["components"].get_array().get(nested))
            read_cyclonedx_components(nested, inv);
    }
}

void read_spdx_packages(dom::array packages, Inventory& inv)
{
    for (auto sp : packages) {
        Package p = package_of(str(sp, "name"), str(sp, "versionInfo"), sp["versionInfo"].error() == simdjson::SUCCESS);
        if (p.pname.empty())
            continue;
        if (dom::array refs; !sp["externalRefs"].get_array().get(refs)) {
            for (auto r : refs) {
                std::string type = str(r, "referenceType");
                std::string locator = str(r, "referenceLocator");
                if (type == "purl")
                    p.purl = locator;
                else if (type == "cpe23Type")
                    p.cpe = explicit_cpe(locator, str(sp, "name"));
            }
        }
        // A store path as the download location is the package's own path.
        std::string location = str(sp, "downloadLocation");
        if (is_store_path(location))
            p.closure_paths.push_back(location);
        inv.packages.push_back(std::move(p));
    }
}

} // namespace

Inventory read_sbom(const std::string& path, const std::string& argument)
{
    std::string text = read_file(path);
    dom::parser parser;
    dom::element root = dom_fields::parse_document(parser, text, path);
    Inventory inv;
    std::string kind;
    if (str(root, "bomFormat") == "CycloneDX") {
        kind = "CycloneDX " + str(root, "specVersion");
        dom::array components;
        if (root["components"].get_array().get(components))
            throw ParseError(path, 0, "a CycloneDX SBOM without a 'components' list");
        read_cyclonedx_components(components, inv);
        // The described component (the system itself) is in metadata.component.
        if (dom::element meta; !root["metadata"]["component"].get(meta)) {
            Package p =
                package_of(str(meta, "name"), str(meta, "version"), meta["version"].error() == simdjson::SUCCESS);
            std::string ref = str(meta, "bom-ref");
            if (!p.pname.empty()) {
                if (ref.ends_with(".drv"))
                    p.drv_path = ref;
                inv.packages.push_back(std::move(p));
            }
        }
    } else if (!str(root, "spdxVersion").empty()) {
        kind = str(root, "spdxVersion");
        dom::array packages;
        if (root["packages"].get_array().get(packages))
            throw ParseError(path, 0, "an SPDX document without a 'packages' list");
        read_spdx_packages(packages, inv);
    } else {
        throw ParseError(path, 0, "neither a CycloneDX nor an SPDX JSON document");
    }
    inv.targets.push_back({argument, path, "sbom", kind});
    inv.runtime_paths = inv.packages.size();
    std::sort(inv.packages.begin(), inv.packages.end(), [](const Package& a, const Package& b) {
        return std::tie(a.pname, a.version, a.drv_path) < std::tie(b.pname, b.version, b.drv_path);
    });
    for (auto& p : inv.packages) {
        if (!p.cpe.empty())
            p.cpe_origin = "SBOM";
    }
    return inv;
}

} // namespace nixvet

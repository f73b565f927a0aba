// SPDX-License-Identifier: MIT
#include "inventory/nix_meta.hpp"

#include "core/dom_fields.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/json.hpp"

#include <simdjson.h>
#include <unordered_map>

namespace nixvet {

namespace dom = simdjson::dom;
using dom_fields::str;

namespace {

// A CPE 2.3 string from nixpkgs' meta.identifiers.cpeParts ({part, vendor, product, version,
// update, ...}); empty without a vendor and a product.
std::string cpe_from_parts(dom::element parts)
{
    static constexpr const char* k_fields[] = {"part",     "vendor",     "product",   "version",   "update", "edition",
                                               "language", "sw_edition", "target_sw", "target_hw", "other"};
    std::string cpe = "cpe:2.3";
    for (const char* field : k_fields) {
        std::string value = str(parts, field);
        if (value.empty())
            value = std::string_view(field) == "part" ? "a" : "*";
        cpe += ':' + value;
    }
    if (str(parts, "vendor").empty() || str(parts, "product").empty())
        return {};
    return cpe;
}

} // namespace

NixMeta NixMeta::load(const std::string& path)
{
    return parse(read_file(path), path);
}

NixMeta NixMeta::parse(std::string_view text, const std::string& file)
{
    dom::parser parser;
    dom::element root = dom_fields::parse_document(parser, text, file);
    dom::object attributes;
    if (root.get_object().get(attributes))
        throw ParseError(file, 0, "not the JSON of 'nix-env -qa --json --meta --out-path' (an object of packages)");
    NixMeta meta;
    meta.file = file;
    for (auto [attribute, package] : attributes) {
        if (!package.is_object())
            throw ParseError(file, 0, "'" + std::string(attribute) + "' is not a package object");
        Entry e;
        e.attribute = std::string(attribute);
        e.name = str(package, "name");
        e.drv_path = str(package, "drvPath");
        if (dom::object outputs; !package["outputs"].get_object().get(outputs)) {
            for (auto [output, path] : outputs) {
                std::string_view p;
                if (!path.get_string().get(p))
                    e.output_paths.emplace_back(p);
            }
        }
        if (e.output_paths.empty()) {
            if (std::string out = str(package, "outPath"); !out.empty())
                e.output_paths.push_back(out);
        }
        dom::element m;
        if (!package["meta"].get(m) && m.is_object()) {
            if (dom::element kv; !m["knownVulnerabilities"].get(kv))
                e.known_vulnerabilities = dom_fields::string_list(kv);
            if (dom::element ids; !m["identifiers"].get(ids) && ids.is_object()) {
                e.cpe = str(ids, "cpe");
                if (dom::element parts; e.cpe.empty() && !ids["cpeParts"].get(parts) && parts.is_object())
                    e.cpe = cpe_from_parts(parts);
            }
            if (dom::array provenance; !m["sourceProvenance"].get_array().get(provenance)) {
                for (auto p : provenance) {
                    std::string name = p.is_string() ? std::string(p.get_string().value()) : str(p, "shortName");
                    if (!name.empty())
                        e.source_provenance.push_back(name);
                }
            }
        }
        meta.entries.push_back(std::move(e));
    }
    return meta;
}

size_t apply_meta(Inventory& inventory, const NixMeta& meta)
{
    std::unordered_map<std::string_view, const NixMeta::Entry*> by_path;
    for (const auto& e : meta.entries) {
        if (!e.drv_path.empty())
            by_path.emplace(e.drv_path, &e);
        for (const auto& p : e.output_paths)
            by_path.emplace(p, &e);
    }
    size_t applied = 0;
    for (auto& package : inventory.packages) {
        const NixMeta::Entry* found = nullptr;
        if (auto it = by_path.find(package.drv_path); !package.drv_path.empty() && it != by_path.end())
            found = it->second;
        for (const auto& [name, path] : package.outputs) {
            if (auto it = by_path.find(path); !found && !path.empty() && it != by_path.end())
                found = it->second;
        }
        for (const auto& path : package.closure_paths) {
            if (auto it = by_path.find(path); !found && it != by_path.end())
                found = it->second;
        }
        if (!found)
            continue;
        ++applied;
        package.meta_file = meta.file;
        package.known_vulnerabilities = found->known_vulnerabilities;
        package.source_provenance = found->source_provenance;
        if (package.cpe.empty() && !found->cpe.empty()) {
            package.cpe = found->cpe;
            package.cpe_origin = "nixpkgs meta.identifiers";
        }
    }
    return applied;
}

} // namespace nixvet

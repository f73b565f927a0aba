// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/inventory.hpp"

#include <string>
#include <vector>

namespace nixvet {

/// nixpkgs `meta` of packages, as `nix-env -qa --json --meta --out-path` prints it (an object of
/// attribute name → {name, pname, version, outputs: {name: store path}, drvPath?, meta}).
/// A derivation does not carry its meta: this is how a user hands it to nixvet.
struct NixMeta
{
    struct Entry
    {
        std::string attribute; ///< the attribute path, e.g. "openssl"
        std::string name;
        std::string drv_path;                  ///< newer Nix with --drv-path; empty otherwise
        std::vector<std::string> output_paths; ///< with --out-path
        std::vector<std::string> known_vulnerabilities;
        std::string cpe; ///< meta.identifiers.cpe, or one built from meta.identifiers.cpeParts
        std::vector<std::string> source_provenance; ///< meta.sourceProvenance[].shortName
    };
    std::vector<Entry> entries;
    std::string file;

    /// Reads the file; throws ParseError (file and byte offset) for malformed JSON or a document
    /// of another shape.
    static NixMeta load(const std::string& path);
    /// The same from text (`file` names it in errors).
    static NixMeta parse(std::string_view text, const std::string& file);
};

/// Gives each package the meta of the entry with its `.drv` or one of its output paths (never a
/// name: two builds of one name are different packages). Returns how many packages got meta.
size_t apply_meta(Inventory& inventory, const NixMeta& meta);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/inventory.hpp"

#include <string>
#include <string_view>

namespace nixvet {

/// True when `head` (a file's first bytes) is a CycloneDX or SPDX JSON document.
bool looks_like_sbom(std::string_view head);

/// Reads a CycloneDX (1.3–1.6) or SPDX 2.3 JSON SBOM, as sbomnix, bombon, Genealogos and
/// nix2sbom write them, into an inventory: one package per component (its `nix:drv_path` and
/// `nix:output_path` properties, purl and CPE kept). Throws ParseError naming the file.
Inventory read_sbom(const std::string& path, const std::string& argument);

} // namespace nixvet

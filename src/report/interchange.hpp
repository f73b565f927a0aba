// SPDX-License-Identifier: MIT
// Scans in the formats other tools read: SARIF 2.1.0 (code scanning) and CycloneDX 1.6 (an SBOM
// with its vulnerabilities and their analysis, i.e. VEX). docs/interchange.md.
#pragma once

#include "core/json_writer.hpp"
#include "inventory/inventory.hpp"
#include "match/matcher.hpp"

#include <string>

namespace nixvet {

/// The scan as a SARIF 2.1.0 log: one rule per advisory, one result per finding (a suppressed
/// finding carries its reason as an external suppression). Handed to `sink` piece by piece.
/// `anchor`, when not empty, is the file (relative to the repository, e.g. flake.lock) every result
/// is located at, so that code scanning can show it; the store path is then the logical location.
void write_scan_sarif(const Inventory& inventory, const ScanResult& scan, const std::string& tool_version,
                      const JsonWriter::Sink& sink, const std::string& anchor = {});

/// The inventory and the scan as a CycloneDX 1.6 BOM: the packages as components, the findings
/// as vulnerabilities affecting them, suppressed ones with an analysis. Handed to `sink`.
void write_scan_cyclonedx(const Inventory& inventory, const ScanResult& scan, const std::string& tool_version,
                          const JsonWriter::Sink& sink);

/// The inventory as a CycloneDX 1.6 SBOM (the scan's document without vulnerabilities).
void write_inventory_cyclonedx(const Inventory& inventory, const std::string& tool_version,
                               const JsonWriter::Sink& sink);

/// The inventory as an SPDX 2.3 JSON document: one package per inventory package (purl, CPE,
/// source URL as downloadLocation, .drv path as comment), all DESCRIBED by the document.
/// `created` is the creation time (ISO 8601 UTC) the document states.
void write_inventory_spdx(const Inventory& inventory, const std::string& tool_version, const std::string& created,
                          const JsonWriter::Sink& sink);

/// The scan as an OpenVEX 0.2.0 document: per finding a statement for the package (its .drv path,
/// with its purl): `affected` for a finding that counts, `fixed` for one a patch suppresses,
/// `not_affected` with nixvet's reason as the impact statement for one a whitelist or VEX
/// suppresses. `timestamp` is ISO 8601 UTC. Read back by `--vex`.
void write_scan_openvex(const Inventory& inventory, const ScanResult& scan, const std::string& tool_version,
                        const std::string& timestamp, const JsonWriter::Sink& sink);

/// The unsuppressed findings as a vulnix whitelist (TOML): one ["pname-version"] section per
/// package with its advisories as `cve` and `comment` saying where it came from, for review.
std::string render_vulnix_whitelist(const Inventory& inventory, const ScanResult& scan, const std::string& today);

/// Where a SARIF result of `p` is: `anchor` (a repository file) or the package's store path, and
/// the package (with its store path) as the logical location.
void write_sarif_locations(JsonWriter& w, const Package& p, const std::string& anchor);

/// A SARIF result's `suppressions`: one accepted external suppression with `justification`.
void write_sarif_suppression(JsonWriter& w, const std::string& justification);

/// Where an advisory is described: NVD for a CVE, osv.dev for an OSV id, nothing for a NIXPKGS- id.
std::string advisory_url(const std::string& id);

/// `text` as a purl name or version segment: everything but letters, digits and ".-_~" percent-encoded.
std::string purl_encode(std::string_view text);

} // namespace nixvet

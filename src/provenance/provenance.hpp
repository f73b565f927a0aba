// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/inventory.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nixvet {

/// nixpkgs' `lib.sourceTypes`: what a package's shipped code was made from.
enum class SourceType
{
    from_source,        ///< built from source code
    binary_native_code, ///< prebuilt machine code
    binary_bytecode,    ///< prebuilt bytecode (Java, .NET, ...)
    binary_firmware,    ///< firmware blobs
};

/// "fromSource", "binaryNativeCode", "binaryBytecode" or "binaryFirmware".
const char* source_type_name(SourceType type);
/// The type of a nixpkgs short name; nothing for a name nixpkgs does not define.
std::optional<SourceType> parse_source_type(std::string_view short_name);

/// How much a clue says on its own.
enum class ClueStrength
{
    strong, ///< prebuilt code is what this is for (a .deb src, autoPatchelfHook)
    weak,   ///< common for prebuilt packages, not proof (a "-bin" name, a platform in the src name)
};

/// One reason, found in a package's derivation, to think it ships prebuilt code.
struct ProvenanceClue
{
    SourceType type = SourceType::binary_native_code;
    ClueStrength strength = ClueStrength::weak;
    std::string what;   ///< e.g. "src is a Debian package"
    std::string detail; ///< the evidence, e.g. "slack-desktop-4.35.131-amd64.deb"
};

/// What nixvet concludes about a package, best-founded first.
enum class ProvenanceVerdict
{
    declared_binary, ///< meta.sourceProvenance names a binary type
    inferred_binary, ///< not declared; a strong clue
    possibly_binary, ///< not declared; only weak clues
    declared_source, ///< meta.sourceProvenance says fromSource and nothing else
    no_evidence,     ///< not declared and no clue (see `from_derivation` for how much was looked at)
};

/// "declared-binary", "inferred-binary", "possibly-binary", "declared-source" or "no-evidence".
const char* verdict_name(ProvenanceVerdict verdict);

/// The provenance of one package of an inventory.
struct PackageProvenance
{
    size_t package = 0;                        ///< index into Inventory::packages
    std::vector<SourceType> declared;          ///< meta.sourceProvenance (empty: not declared)
    std::vector<std::string> unknown_declared; ///< short names nixpkgs does not define, kept as they are
    std::vector<ProvenanceClue> clues;
    ProvenanceVerdict verdict = ProvenanceVerdict::no_evidence;
    std::vector<SourceType> binary_types; ///< the binary types the verdict rests on
    bool conflict = false;                ///< declared fromSource only, yet a strong clue says prebuilt
    bool from_derivation = false;         ///< the package's facts come from its .drv (else only names were seen)
};

/// The provenance of every package of an inventory, and the tally.
struct ProvenanceReport
{
    std::vector<PackageProvenance> packages; ///< one per Inventory::packages entry, same order
    size_t declared_binary = 0;
    size_t inferred_binary = 0;
    size_t possibly_binary = 0;
    size_t declared_source = 0;
    size_t no_evidence = 0;
    size_t conflicts = 0;
    size_t without_derivation = 0; ///< packages known only by name (store path, SBOM): little to infer from
};

/// The clues in a package's facts: its sources' names and URLs, its nativeBuildInputs, its name.
std::vector<ProvenanceClue> provenance_clues(const Package& package);

/// The provenance of `package` (Inventory::packages[index]).
PackageProvenance assess_provenance(const Package& package, size_t index);

/// The provenance of every package of `inventory`.
ProvenanceReport assess_provenance(const Inventory& inventory);

} // namespace nixvet

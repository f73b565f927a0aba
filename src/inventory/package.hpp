// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace nixvet {

/// Where a package's name and version come from, best first.
enum class NameEvidence
{
    derivation_env,  ///< `pname`/`version` in the derivation's environment
    derivation_name, ///< `parseDrvName` of the derivation's `name`
    deriver_name,    ///< the name of the `.drv` the database records (the file itself is gone)
    store_path_name, ///< the store path's own name, output suffix removed (lowest confidence)
    sbom,            ///< a CycloneDX or SPDX SBOM's component name and version
};

/// "env", "drv-name", "deriver-name" or "store-path-name".
const char* name_evidence_name(NameEvidence e);

/// True when the name came from a derivation file; false when only from store path names.
inline bool is_high_confidence(NameEvidence e)
{
    // SBOM generators for Nix (sbomnix, bombon, Genealogos) take pname/version from derivations.
    return e == NameEvidence::derivation_env || e == NameEvidence::derivation_name || e == NameEvidence::sbom;
}

/// A fetched or local source of a package: a fixed-output derivation's output or a plain path.
struct SourceRef
{
    std::string path;     ///< the store path the package's `src`/`srcs`/`patches` names
    std::string name;     ///< its name (file name of a patch, tarball name)
    std::string drv_path; ///< the fixed-output derivation producing it, if any
    std::vector<std::string> urls;
    std::string rev;  ///< a VCS revision (fetchgit), if any
    std::string hash; ///< the fixed output hash as written in the derivation
};

/// One package of the closure: a derivation (or, without one, a group of store paths).
struct Package
{
    std::string name;    ///< the full derivation name ("openssl-3.0.12")
    std::string pname;   ///< the package name ("openssl")
    std::string version; ///< may be empty
    NameEvidence evidence = NameEvidence::derivation_env;
    std::string drv_path; ///< empty when unknown
    std::string system;
    bool fixed_output = false;                                ///< a source or fetcher, not a package
    bool in_runtime = false;                                  ///< part of the runtime closure
    bool in_build = false;                                    ///< part of the build closure
    std::vector<std::pair<std::string, std::string>> outputs; ///< declared outputs (name, path)
    std::vector<std::string> closure_paths;                   ///< its store paths in the runtime closure
    std::vector<SourceRef> sources;                           ///< `src` and `srcs`
    std::vector<SourceRef> patches;                           ///< `patches`, in order
    std::string purl;       ///< from an SBOM: the package URL, e.g. pkg:pypi/requests@2.31.0
    std::string cpe;        ///< from an SBOM or nixpkgs meta: an explicit CPE 2.3 (never a guess from the name)
    std::string cpe_origin; ///< where `cpe` comes from: "SBOM" or "nixpkgs meta.identifiers"
    std::string meta_file;  ///< the nixpkgs meta file that described the package; empty when none did
    std::vector<std::string> known_vulnerabilities; ///< nixpkgs meta.knownVulnerabilities
    std::vector<std::string> source_provenance;     ///< nixpkgs meta.sourceProvenance short names
    std::vector<std::string> native_build_inputs;   ///< names (no hash) of `nativeBuildInputs`: the build's tools
    std::vector<std::string>
        via;                ///< the shortest chain from a target to it (store or .drv paths); empty when not asked
    size_t via_omitted = 0; ///< links left out of the middle of a long chain (`via` keeps its ends)

    /// All source URLs, in order, without repeats.
    [[nodiscard]] std::vector<std::string> source_urls() const;
};

} // namespace nixvet

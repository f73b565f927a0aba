// SPDX-License-Identifier: MIT
// The documents a user hands to `scan` and `check`: SBOMs (CycloneDX, SPDX), VEX (OpenVEX,
// CycloneDX), vulnix whitelists and threat-model policies (TOML) and nixpkgs meta (nix-env -qa --json --meta). Each
// either reads the bytes or throws nixvet's own Error.
#include "core/error.hpp"
#include "inventory/nix_meta.hpp"
#include "inventory/sbom.hpp"
#include "match/fix_commit.hpp"
#include "match/vex.hpp"
#include "match/whitelist.hpp"
#include "policy/policy.hpp"

#include <cstdio>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    // Patch and reference URLs are read for the commit they name.
    std::string commit = nixvet::commit_in_url(text);
    if (!commit.empty() && !nixvet::same_commit(commit, commit))
        __builtin_trap();
    try {
        nixvet::VexStatements vex = nixvet::VexStatements::parse(text, "fuzz.json");
        nixvet::Package p;
        p.pname = "openssl";
        p.version = "3.0.12";
        p.name = "openssl-3.0.12";
        (void)vex.find(p, "CVE-2023-5678");
    } catch (const nixvet::Error&) {
    }
    try {
        nixvet::Whitelist w = nixvet::Whitelist::parse(text, "fuzz.toml");
        nixvet::Package p;
        p.pname = "curl";
        p.version = "8.4.0";
        p.name = "curl-8.4.0";
        (void)w.reason(p, "CVE-2024-7264", "2026-11-28");
    } catch (const nixvet::Error&) {
    }
    try {
        nixvet::Policy policy = nixvet::Policy::parse(text, "fuzz.toml");
        nixvet::Inventory inv;
        inv.packages.emplace_back();
        inv.packages.back().pname = "openssl";
        nixvet::ScanResult scan;
        scan.findings.emplace_back();
        scan.findings.back().advisory = "CVE-2023-5678";
        nixvet::ProvenanceReport provenance = nixvet::assess_provenance(inv);
        (void)nixvet::evaluate_policy(policy, inv, scan, provenance, "2026-11-28");
    } catch (const nixvet::Error&) {
    }
    try {
        nixvet::NixMeta meta = nixvet::NixMeta::parse(text, "fuzz.json");
        nixvet::Inventory inv;
        nixvet::Package p;
        p.outputs.emplace_back("out", "/nix/store/y0nfyy4aadpv70phdm3vn93vfgcgryv9-libxml2-2.9.14");
        inv.packages.push_back(p);
        (void)nixvet::apply_meta(inv, meta);
    } catch (const nixvet::Error&) {
    }
    // read_sbom reads a file: give it one.
    static const std::string path = "/tmp/nixvet-fuzz-sbom-" + std::to_string(::getpid()) + ".json";
    if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
        try {
            (void)nixvet::read_sbom(path, path);
        } catch (const nixvet::Error&) {
        }
    }
    return 0;
}

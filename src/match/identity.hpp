// SPDX-License-Identifier: MIT
#pragma once

#include "inventory/package.hpp"

#include <map>
#include <string>
#include <vector>

namespace nixvet {

class VulnDb;

/// How a package's product identity was found, best first.
enum class IdentityRung
{
    cpe,       ///< an explicit CPE given with the package (an SBOM's, when not a guess from the name)
    curated,   ///< data/identities.toml
    url,       ///< the source URL names the project (github.com/OWNER/REPO, ftp.gnu.org/gnu/NAME)
    name,      ///< the package name itself, only when one NVD vendor uses it (low confidence)
    ecosystem, ///< a language package (python3.X-NAME) looked up in OSV
    meta,      ///< nixpkgs' own meta.knownVulnerabilities of the package
};

/// "cpe", "curated", "url", "name", "ecosystem", "meta".
const char* identity_rung_name(IdentityRung rung);

/// One candidate identity of a package, with the evidence for it.
struct Identity
{
    std::string vendor;  ///< NVD vendor; for `ecosystem`, the OSV ecosystem ("PyPI")
    std::string product; ///< NVD product; for `ecosystem`, the package name in it
    IdentityRung rung = IdentityRung::curated;
    std::string evidence; ///< why ("identities.toml: curl", "source URL https://github.com/…")
};

/// True for a derivation that builds no upstream software: no pname/version attributes (its name
/// was split by parseDrvName), no src, srcs or patches, and no explicit CPE. NixOS's `dbus-1`
/// (the /etc/dbus-1 configuration) splits into "dbus" version "1"; vulnix then reports
/// CVE-2019-12749 for dbus < 1.10.28 against a directory of XML files. Such a package is not
/// identified (the real dbus package is in the closure under its own name and version).
bool is_generated_file(const Package& package);

/// The curated mapping of nixpkgs pnames to NVD products, plus known traps.
class IdentityCatalog
{
public:
    /// Parses the TOML text of an identities file; throws ParseError naming `file` and the line.
    IdentityCatalog(const std::string& toml_text, const std::string& file);

    /// The catalog compiled into nixvet (data/identities.toml at build time).
    static const IdentityCatalog& builtin();

    /// The ranked identities of `package`. `db` answers which vendors use a product name.
    [[nodiscard]] std::vector<Identity> identify(const Package& package, VulnDb& db) const;

    [[nodiscard]] size_t size() const { return m_packages.size(); }
    [[nodiscard]] const std::map<std::string, std::vector<std::pair<std::string, std::string>>>& packages() const
    {
        return m_packages;
    }

private:
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> m_packages;
    std::map<std::string, std::string> m_traps;
};

} // namespace nixvet

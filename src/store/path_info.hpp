// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nixvet {

/// What the Nix database knows of one valid store path.
struct PathInfo
{
    std::string path;
    std::string deriver; ///< the `.drv` that built it; empty when unknown (sources, copied paths)
    std::vector<std::string> references;
    bool origin_unknown = false; ///< listed by something that does not know derivers (an image not built here)
};

/// Read access to the registered paths of a Nix store.
class PathInfoStore
{
public:
    virtual ~PathInfoStore() = default;

    /// Returns the info of `path`, or nothing when the path is not valid in this store.
    virtual std::optional<PathInfo> query(const std::string& path) = 0;

    /// Returns the info of every path in the runtime closure of `roots` (each must be valid).
    /// Throws Error naming the first root that is not valid.
    virtual std::vector<PathInfo> closure(const std::vector<std::string>& roots) = 0;

    /// Says where the facts come from ("Nix database /nix/var/nix/db/db.sqlite").
    [[nodiscard]] virtual std::string description() const = 0;
};

/// The Nix database read directly with SQLite, read-only, with a busy timeout.
std::unique_ptr<PathInfoStore> open_nix_db(const std::string& db_path);

/// The `nix-store` command (for stores whose database this user cannot read).
std::unique_ptr<PathInfoStore> open_nix_store_cli();

/// Opens the database at `db_path`, or when that fails the `nix-store` command; `warning` gets a
/// sentence saying why the fallback was taken (empty when the database opened).
std::unique_ptr<PathInfoStore> open_path_info_store(const std::string& db_path, std::string& warning);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include "store/derivation.hpp"
#include "store/derivation_pack.hpp"
#include "store/store_path.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace nixvet {

/// Reads each `.drv` at most once; with a pack (nixvet's derivation cache, docs/derivation-cache.md)
/// a `.drv` read on an earlier run comes from its summary there instead of being parsed again.
class DerivationCache
{
public:
    explicit DerivationCache(StoreDir store_dir);
    ~DerivationCache();
    DerivationCache(const DerivationCache&) = delete;
    DerivationCache& operator=(const DerivationCache&) = delete;

    /// Uses the pack `file` from now on (call it before the first get()). A pack that cannot be used (damaged, another
    /// format or store) is set aside with a warning and replaced on save_pack().
    void use_pack(const std::string& file);

    /// Returns the parsed derivation, or nullptr when the file is not there (garbage-collected, or
    /// a deployed host that never had it). Throws ParseError for a malformed file.
    const Derivation* get(std::string_view drv_path);

    /// Adds the derivations read from the store this run to the pack, if any were; returns
    /// how many. Throws Error when the pack cannot be written.
    size_t save_pack();

    [[nodiscard]] const StoreDir& store_dir() const { return m_store_dir; }
    [[nodiscard]] size_t size() const { return m_cache.size(); }
    /// Derivations answered from the pack so far.
    [[nodiscard]] size_t from_pack() const { return m_from_pack; }
    /// Problems with the pack the user should hear of (it was damaged and is being replaced).
    [[nodiscard]] const std::vector<std::string>& warnings() const { return m_warnings; }

private:
    std::unique_ptr<Derivation> from_pack(std::string_view drv_path, bool& found);
    std::unique_ptr<Derivation> from_store(const std::string& drv_path);

    StoreDir m_store_dir;
    std::string m_pack_file;                ///< empty: no pack
    std::unique_ptr<DerivationPack> m_pack; ///< before m_cache: derivations from it point into it
    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>()(s); }
    };
    std::unordered_map<std::string, std::unique_ptr<Derivation>, Hash, std::equal_to<>> m_cache;

    int m_store_fd = -1; ///< the store directory, for existence checks of derivations in the pack
    std::vector<std::pair<std::string, std::string>> m_new; ///< (path, summary) read from the store this run
    size_t m_from_pack = 0;
    std::vector<std::string> m_warnings;
};

} // namespace nixvet

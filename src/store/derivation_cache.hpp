// SPDX-License-Identifier: MIT
#pragma once

#include "store/derivation.hpp"
#include "store/store_path.hpp"

#include <memory>
#include <string>
#include <unordered_map>

namespace nixvet {

/// Reads each `.drv` at most once.
class DerivationCache
{
public:
    explicit DerivationCache(StoreDir store_dir) : m_store_dir(std::move(store_dir)) {}

    /// Returns the parsed derivation, or nullptr when the file is not there (garbage-collected, or
    /// a deployed host that never had it). Throws ParseError for a malformed file.
    const Derivation* get(const std::string& drv_path);

    [[nodiscard]] const StoreDir& store_dir() const { return m_store_dir; }
    [[nodiscard]] size_t size() const { return m_cache.size(); }

private:
    StoreDir m_store_dir;
    std::unordered_map<std::string, std::unique_ptr<Derivation>> m_cache;
};

} // namespace nixvet

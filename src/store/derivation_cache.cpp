// SPDX-License-Identifier: MIT
#include "store/derivation_cache.hpp"

namespace nixvet {

const Derivation* DerivationCache::get(const std::string& drv_path)
{
    if (auto it = m_cache.find(drv_path); it != m_cache.end())
        return it->second.get();
    std::unique_ptr<Derivation> drv;
    if (std::optional<Derivation> read = read_derivation_if_present(drv_path, m_store_dir))
        drv = std::make_unique<Derivation>(std::move(*read));
    const Derivation* result = drv.get();
    m_cache.emplace(drv_path, std::move(drv));
    return result;
}

} // namespace nixvet

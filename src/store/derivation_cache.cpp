// SPDX-License-Identifier: MIT
#include "store/derivation_cache.hpp"

#include "core/file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace nixvet {

const Derivation* DerivationCache::get(const std::string& drv_path)
{
    if (auto it = m_cache.find(drv_path); it != m_cache.end())
        return it->second.get();
    std::unique_ptr<Derivation> drv;
    if (::access(drv_path.c_str(), F_OK) == 0)
        drv = std::make_unique<Derivation>(read_derivation(drv_path, m_store_dir));
    const Derivation* result = drv.get();
    m_cache.emplace(drv_path, std::move(drv));
    return result;
}

} // namespace nixvet

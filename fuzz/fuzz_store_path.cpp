// SPDX-License-Identifier: MIT
// Store paths and target names: validation never crashes, and what it accepts round-trips.
#include "core/error.hpp"
#include "inventory/drv_name.hpp"
#include "store/store_path.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const nixvet::StoreDir store_dir;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string why = nixvet::StorePath::check(text, store_dir);
    try {
        nixvet::StorePath p(text, store_dir);
        if (!why.empty() || p.str() != text || p.hash_part().size() != 32)
            std::abort();
        nixvet::DrvName n = nixvet::DrvName::parse(p.name());
        if (n.name.size() + (n.version.empty() ? 0 : n.version.size() + 1) != p.name().size())
            std::abort();
    } catch (const nixvet::Error&) {
        if (why.empty())
            std::abort();
    }
    return 0;
}

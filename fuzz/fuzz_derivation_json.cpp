// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "store/derivation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const nixvet::StoreDir store_dir;
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        auto drvs = nixvet::parse_derivation_json(text, "fuzz.json", store_dir);
        for (const auto& d : drvs)
            (void)d.attr_list("patches");
    } catch (const nixvet::Error&) {
    }
    return 0;
}

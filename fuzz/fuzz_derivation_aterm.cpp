// SPDX-License-Identifier: MIT
// Any bytes: the ATerm reader either parses them or throws ParseError with an offset inside them.
#include "core/error.hpp"
#include "store/derivation.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const nixvet::StoreDir store_dir;
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        nixvet::Derivation drv = nixvet::parse_derivation_aterm(text, "fuzz.drv", store_dir);
        // Exercise the accessors the inventory uses.
        (void)drv.name();
        (void)drv.is_fixed_output();
        (void)drv.attr("pname");
        (void)drv.attr_list("patches");
    } catch (const nixvet::ParseError& e) {
        if (e.offset() > size)
            std::abort();
    } catch (const nixvet::Error&) {
        // __json that is not JSON
    }
    return 0;
}

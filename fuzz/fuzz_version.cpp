// SPDX-License-Identifier: MIT
// compareVersions is a total order consistent with itself: antisymmetric and reflexive.
#include "inventory/version.hpp"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    size_t split = text.find('\0');
    std::string_view a = text.substr(0, split);
    std::string_view b = split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
    int ab = nixvet::compare_versions(a, b);
    int ba = nixvet::compare_versions(b, a);
    if (ab != -ba || ab < -1 || ab > 1 || nixvet::compare_versions(a, a) != 0)
        std::abort();
    return 0;
}

// SPDX-License-Identifier: MIT
// Version orders (compareVersions, PEP 440, SemVer) are consistent with themselves: antisymmetric
// and reflexive, whatever the bytes; the ecosystem parsers never crash.
#include "inventory/version.hpp"
#include "match/ecosystem_version.hpp"

#include <cstdlib>
#include <string_view>

namespace {

template <typename Compare>
void check(Compare compare, std::string_view a, std::string_view b)
{
    auto ab = compare(a, b);
    auto ba = compare(b, a);
    if (ab.has_value() != ba.has_value())
        std::abort();
    if (ab && (*ab != -*ba || *ab < -1 || *ab > 1 || compare(a, a) != 0))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    size_t split = text.find('\0');
    std::string_view a = text.substr(0, split);
    std::string_view b = split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
    check([](std::string_view x, std::string_view y) { return std::optional<int>(nixvet::compare_versions(x, y)); }, a,
          b);
    check(nixvet::compare_pep440, a, b);
    check(nixvet::compare_semver, a, b);
    return 0;
}

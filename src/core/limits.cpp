// SPDX-License-Identifier: MIT
#include "core/limits.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace nixvet {

InputLimits& input_limits()
{
    static InputLimits limits;
    return limits;
}

std::string format_size(uint64_t bytes)
{
    constexpr const char* k_units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024 || (bytes < 10240 && bytes % 1024 != 0))
        return fmt::format("{} bytes", bytes);
    double v = static_cast<double>(bytes);
    size_t unit = 0;
    v /= 1024;
    while (v >= 1024 && unit + 1 < std::size(k_units)) {
        v /= 1024;
        ++unit;
    }
    return v == static_cast<double>(static_cast<uint64_t>(v))
               ? fmt::format("{} {}", static_cast<uint64_t>(v), k_units[unit])
               : fmt::format("{:.1f} {}", v, k_units[unit]);
}

uint64_t parse_size(std::string_view text, const std::string& what)
{
    auto bad = [&] {
        return Error(
            fmt::format("{}: '{}' is not a size (bytes, or a number with K, M, G or T)", what, text.substr(0, 40)));
    };
    size_t i = 0;
    uint64_t value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (value > (UINT64_MAX - 9) / 10)
            throw bad();
        value = value * 10 + static_cast<uint64_t>(text[i] - '0');
        ++i;
    }
    if (i == 0)
        throw bad();
    std::string_view unit = text.substr(i);
    int shift = 0;
    if (!unit.empty()) {
        switch (unit.front()) {
        case 'k':
        case 'K': shift = 10; break;
        case 'm':
        case 'M': shift = 20; break;
        case 'g':
        case 'G': shift = 30; break;
        case 't':
        case 'T': shift = 40; break;
        case 'b':
        case 'B': break;
        default: throw bad();
        }
        std::string_view rest = shift ? unit.substr(1) : unit;
        if (!(rest.empty() || rest == "B" || rest == "iB" || (shift == 0 && rest == "B")))
            throw bad();
    }
    if (shift && value > (UINT64_MAX >> shift))
        throw bad();
    return value << shift;
}

} // namespace nixvet

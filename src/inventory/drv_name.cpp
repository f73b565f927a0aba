// SPDX-License-Identifier: MIT
#include "inventory/drv_name.hpp"

namespace nixvet {

namespace {

bool is_ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

} // namespace

DrvName DrvName::parse(std::string_view full_name)
{
    for (size_t i = 0; i + 1 < full_name.size(); ++i) {
        if (full_name[i] == '-' && !is_ascii_alpha(full_name[i + 1]))
            return {std::string(full_name.substr(0, i)), std::string(full_name.substr(i + 1))};
    }
    return {std::string(full_name), {}};
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace nixvet {

/// A derivation name split as `builtins.parseDrvName` does: at the first '-' that is followed
/// by a character other than an ASCII letter. `version` is empty when there is no such '-'.
struct DrvName
{
    std::string name;
    std::string version;

    /// Splits `full_name`; never fails.
    static DrvName parse(std::string_view full_name);

    bool operator==(const DrvName&) const = default;
};

} // namespace nixvet

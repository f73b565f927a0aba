// SPDX-License-Identifier: MIT
#pragma once

#include "store/store_path.hpp"

#include <string>
#include <vector>

namespace nixvet {

/// What the user named, resolved to the store path it stands for.
struct Target
{
    enum class Kind
    {
        derivation, ///< a `.drv` file
        output,     ///< a built store path (an output, a profile, a system)
    };

    std::string argument; ///< as the user typed it
    std::string path;     ///< the store path; for a `.drv` file outside the store, that file
    Kind kind;
};

/// Resolves a target argument: a store path (or a path inside one), a `.drv`, or a symlink into
/// the store such as `result`, a profile or `/run/current-system`; or a `.drv` file anywhere
/// (its inputs are then looked up in the store). Throws Error saying what is
/// wrong: not in the store, a dangling link, a store path that does not exist.
Target resolve_target(const std::string& argument, const StoreDir& store_dir);

} // namespace nixvet

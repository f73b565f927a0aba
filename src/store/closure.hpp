// SPDX-License-Identifier: MIT
#pragma once

#include "store/derivation_cache.hpp"
#include "store/path_info.hpp"
#include "store/target.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace nixvet {

/// Which dependencies a closure follows.
enum class ClosureMode
{
    automatic, ///< build closure for a `.drv`, runtime closure for anything built
    runtime,   ///< references of the outputs, recursively (what is shipped)
    build,     ///< input derivations and sources, recursively (what went into the build)
    both,      ///< the union of the two
};

/// Parses "auto", "runtime", "build" or "both"; throws Error for anything else.
ClosureMode parse_closure_mode(const std::string& text);
/// The name of `mode` as parse_closure_mode reads it.
const char* closure_mode_name(ClosureMode mode);

/// The store paths and derivations a set of targets depends on.
struct Closure
{
    std::vector<Target> targets;
    std::vector<ClosureMode> modes;               ///< per target, as decided (never automatic)
    std::vector<std::string> runtime_roots;       ///< where the runtime closure starts (targets, built outputs)
    std::vector<std::string> build_roots;         ///< where the build closure starts (`.drv` paths)
    std::vector<PathInfo> runtime_paths;          ///< the runtime closure, with deriver and references
    std::vector<std::string> derivations;         ///< the `.drv` paths of the build closure, roots first
    std::vector<std::string> input_sources;       ///< plain (non-derivation) inputs of the build closure
    std::vector<std::string> missing_derivations; ///< input `.drv` files named but not in the store
    std::vector<std::string> notes;               ///< things the user should know (fallbacks, missing files)
};

/// The shortest chains from a closure's roots to each of its members, found once (breadth-first
/// over references and over input derivations) and then read per member. Views into `closure`
/// and `drvs`, which must outlive it.
class ClosureChains
{
public:
    ClosureChains(const Closure& closure, DerivationCache& drvs);

    /// References from a runtime root to `path` (root first, `path` last); empty when `path` is
    /// not in the runtime closure.
    [[nodiscard]] std::vector<std::string> runtime(std::string_view path) const;

    /// Input derivations from a build root to `drv_path` (root first); empty when it is not in
    /// the build closure.
    [[nodiscard]] std::vector<std::string> build(std::string_view drv_path) const;

private:
    using Parents = std::unordered_map<std::string_view, std::string_view>; ///< node → parent ("" for roots)
    static std::vector<std::string> chain(const Parents& parents, std::string_view goal);
    Parents m_runtime;
    Parents m_build;
};

/// Gives the path info store when first needed, so a build closure never touches the Nix DB.
using PathInfoStoreProvider = std::function<PathInfoStore&()>;

/// Computes the closure of `targets`. Throws Error when a target cannot be followed the way asked
/// (a `.drv` not built for a runtime closure, an output whose `.drv` is gone for a build closure).
Closure compute_closure(const std::vector<Target>& targets, ClosureMode mode, DerivationCache& drvs,
                        const PathInfoStoreProvider& store);

} // namespace nixvet

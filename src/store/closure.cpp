// SPDX-License-Identifier: MIT
#include "store/closure.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>
#include <unordered_set>

namespace nixvet {

ClosureMode parse_closure_mode(const std::string& text)
{
    if (text == "auto")
        return ClosureMode::automatic;
    if (text == "runtime")
        return ClosureMode::runtime;
    if (text == "build")
        return ClosureMode::build;
    if (text == "both")
        return ClosureMode::both;
    throw Error(fmt::format("unknown closure '{}': expected auto, runtime, build or both", text));
}

const char* closure_mode_name(ClosureMode mode)
{
    switch (mode) {
    case ClosureMode::automatic: return "auto";
    case ClosureMode::runtime: return "runtime";
    case ClosureMode::build: return "build";
    case ClosureMode::both: return "both";
    }
    return "?";
}

namespace {

// Paths are views: of the roots (alive for the call) and of the derivations' own strings
// (alive as long as `drvs`).
void add_build_closure(const std::string& root, DerivationCache& drvs, Closure& closure,
                       std::unordered_set<std::string_view>& seen_drvs, std::unordered_set<std::string_view>& seen_srcs)
{
    std::vector<std::string_view> queue;
    if (seen_drvs.insert(root).second)
        queue.push_back(root);
    for (size_t next = 0; next < queue.size(); ++next) {
        std::string_view path = queue[next];
        const Derivation* drv = nullptr;
        try {
            drv = drvs.get(path);
        } catch (const ParseError&) {
            throw;
        } catch (const Error& e) {
            throw e.with_context("while reading the build closure of " + root);
        }
        closure.derivations.emplace_back(path);
        if (!drv) {
            if (path == root)
                throw Error(fmt::format("derivation '{}' does not exist", path));
            closure.missing_derivations.emplace_back(path);
            continue;
        }
        for (const auto& input : drv->input_drvs) {
            if (seen_drvs.insert(input.path).second)
                queue.push_back(input.path);
        }
        for (auto src : drv->input_srcs) {
            if (seen_srcs.insert(src).second)
                closure.input_sources.emplace_back(src);
        }
    }
}

} // namespace

Closure compute_closure(const std::vector<Target>& targets, ClosureMode mode, DerivationCache& drvs,
                        const PathInfoStoreProvider& store)
{
    Closure closure;
    closure.targets = targets;
    std::vector<std::string> runtime_roots;
    std::vector<std::string> build_roots;

    for (const auto& target : targets) {
        ClosureMode m = mode;
        if (m == ClosureMode::automatic)
            m = target.kind == Target::Kind::derivation ? ClosureMode::build : ClosureMode::runtime;
        closure.modes.push_back(m);
        bool want_runtime = m == ClosureMode::runtime || m == ClosureMode::both;
        bool want_build = m == ClosureMode::build || m == ClosureMode::both;

        if (target.kind == Target::Kind::derivation) {
            if (want_build)
                build_roots.push_back(target.path);
            if (want_runtime) {
                const Derivation* drv = drvs.get(target.path);
                std::vector<std::string> built;
                if (drv) {
                    for (const auto& out : drv->outputs) {
                        if (!out.path.empty() && store().query(std::string(out.path)))
                            built.emplace_back(out.path);
                    }
                }
                if (built.empty() && m == ClosureMode::runtime)
                    throw Error(fmt::format("'{}' has not been built (none of its outputs is a valid store path); "
                                            "build it, or use --closure build",
                                            target.argument));
                if (built.empty())
                    closure.notes.push_back(
                        fmt::format("{} is not built: only its build closure is read", target.path));
                runtime_roots.insert(runtime_roots.end(), built.begin(), built.end());
            }
        } else {
            if (want_runtime)
                runtime_roots.push_back(target.path);
            if (want_build) {
                auto info = store().query(target.path);
                if (!info)
                    throw Error(fmt::format("'{}' is not a valid path in {}", target.path, store().description()));
                if (info->deriver.empty())
                    throw Error(fmt::format("'{}' has no known deriver, so it has no build closure; use --closure "
                                            "runtime",
                                            target.argument));
                if (!drvs.get(info->deriver))
                    throw Error(fmt::format("the derivation of '{}', {}, is not in the store (garbage-collected or "
                                            "never copied here), so it has no build closure; use --closure runtime",
                                            target.argument, info->deriver));
                build_roots.push_back(info->deriver);
            }
        }
    }

    if (!runtime_roots.empty())
        closure.runtime_paths = store().closure(runtime_roots);
    closure.runtime_roots = runtime_roots;
    closure.build_roots = build_roots;
    std::unordered_set<std::string_view> seen_drvs;
    std::unordered_set<std::string_view> seen_srcs;
    for (const auto& root : build_roots)
        add_build_closure(root, drvs, closure, seen_drvs, seen_srcs);
    if (!closure.missing_derivations.empty())
        closure.notes.push_back(fmt::format("{} input derivation(s) are not in the store (e.g. {}): they are named "
                                            "from their .drv path and their own inputs are not followed",
                                            closure.missing_derivations.size(), closure.missing_derivations.front()));
    return closure;
}

ClosureChains::ClosureChains(const Closure& closure, DerivationCache& drvs)
{
    // Breadth-first from the roots: the first parent found is on a shortest chain.
    auto search = [](const std::vector<std::string>& roots, Parents& parents, const auto& children) {
        std::vector<std::string_view> queue;
        for (const auto& r : roots) {
            if (parents.emplace(r, std::string_view{}).second)
                queue.push_back(r);
        }
        for (size_t i = 0; i < queue.size(); ++i) {
            std::string_view node = queue[i];
            children(node, [&](std::string_view child) {
                if (parents.emplace(child, node).second)
                    queue.push_back(child);
            });
        }
    };
    std::unordered_map<std::string_view, const PathInfo*> infos;
    for (const auto& info : closure.runtime_paths)
        infos.emplace(info.path, &info);
    search(closure.runtime_roots, m_runtime, [&](std::string_view node, const auto& visit) {
        if (auto it = infos.find(node); it != infos.end()) {
            for (const auto& ref : it->second->references) {
                if (ref != it->second->path)
                    visit(ref);
            }
        }
    });
    search(closure.build_roots, m_build, [&](std::string_view node, const auto& visit) {
        if (const Derivation* drv = drvs.get(node)) {
            for (const auto& input : drv->input_drvs)
                visit(input.path);
        }
    });
}

std::vector<std::string> ClosureChains::chain(const Parents& parents, std::string_view goal)
{
    std::vector<std::string> chain;
    if (!parents.count(goal))
        return chain;
    for (std::string_view at = goal; !at.empty(); at = parents.at(at))
        chain.emplace_back(at);
    std::reverse(chain.begin(), chain.end());
    return chain;
}

std::vector<std::string> ClosureChains::runtime(std::string_view path) const
{
    return chain(m_runtime, path);
}

std::vector<std::string> ClosureChains::build(std::string_view drv_path) const
{
    return chain(m_build, drv_path);
}

} // namespace nixvet

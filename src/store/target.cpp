// SPDX-License-Identifier: MIT
#include "store/target.hpp"

#include "core/error.hpp"
#include "core/file.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <system_error>

namespace nixvet {

namespace fs = std::filesystem;

namespace {

// The store path that `path` is in or is, judged lexically; empty when it is outside the store.
std::string store_path_prefix(const std::string& path, const std::string& store_dir)
{
    if (!path.starts_with(store_dir) || path.size() <= store_dir.size() + 1 || path[store_dir.size()] != '/')
        return {};
    size_t end = path.find('/', store_dir.size() + 1);
    return end == std::string::npos ? path : path.substr(0, end);
}

// Follows `path` link by link and says where it breaks, for a precise message; `ec` is why it
// could not be resolved.
std::string describe_dangling(const fs::path& path, std::error_code resolve_error)
{
    if (resolve_error == std::errc::too_many_symbolic_link_levels)
        return fmt::format("'{}' is a loop of symbolic links (or a chain of more than 40)", path.string());
    fs::path current = path;
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(current, ec)))
            break;
        fs::path next = fs::read_symlink(current, ec);
        if (ec)
            break;
        if (next.is_relative())
            next = current.parent_path() / next;
        if (!path_exists_no_follow(next))
            return fmt::format("'{}' is a dangling symlink: '{}' does not exist", path.string(), next.string());
        current = next;
    }
    return fmt::format("'{}' cannot be resolved: {}", path.string(), resolve_error.message());
}

} // namespace

Target resolve_target(const std::string& argument, const StoreDir& store_dir)
{
    if (argument.empty())
        throw Error("empty target");
    fs::path path = argument;
    std::error_code ec;
    if (path.is_relative())
        path = fs::current_path() / path;
    path = path.lexically_normal();
    std::string text = path.string();
    while (text.size() > 1 && text.back() == '/')
        text.pop_back();

    std::string store_path = store_path_prefix(text, store_dir.str());
    if (store_path.empty() && text.ends_with(".drv") && fs::is_regular_file(path, ec)) {
        fs::path resolved = fs::canonical(path, ec);
        std::string r = ec ? text : resolved.string();
        if (store_path_prefix(r, store_dir.str()).empty())
            return Target{argument, r, Target::Kind::derivation};
    }
    if (store_path.empty()) {
        if (!path_exists_no_follow(path))
            throw Error(fmt::format("target '{}' does not exist", argument));
        fs::path resolved = fs::canonical(path, ec);
        if (ec)
            throw Error(fmt::format("target {}", describe_dangling(path, ec)));
        store_path = store_path_prefix(resolved.string(), store_dir.str());
        if (store_path.empty()) {
            // The store directory itself may be reached through a symlink (/nix -> /big/nix).
            fs::path real_store = fs::canonical(store_dir.str(), ec);
            if (!ec) {
                std::string r = resolved.string();
                std::string prefix = store_path_prefix(r, real_store.string());
                if (!prefix.empty())
                    store_path = store_dir.str() + prefix.substr(real_store.string().size());
            }
        }
        if (store_path.empty())
            throw Error(fmt::format("target '{}' resolves to '{}', which is not in the Nix store '{}'", argument,
                                    resolved.string(), store_dir.str()));
    }

    std::string why = StorePath::check(store_path, store_dir);
    if (!why.empty())
        throw Error(fmt::format("target '{}': {}", argument, why));
    StorePath sp(store_path, store_dir);
    if (!path_exists_no_follow(sp.str()))
        throw Error(fmt::format("target '{}': store path '{}' does not exist (never built, or garbage-collected)",
                                argument, sp.str()));
    Target::Kind kind = sp.is_derivation() ? Target::Kind::derivation : Target::Kind::output;
    return Target{argument, sp.str(), kind};
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "store/store_path.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace nixvet {

namespace {

bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.' || c == '_' || c == '?' || c == '=';
}

std::string printable(std::string_view s)
{
    std::string out;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f)
            out += fmt::format("\\x{:02x}", u);
        else
            out += c;
    }
    return out;
}

} // namespace

bool is_nix_base32_char(char c)
{
    // Nix's alphabet: "0123456789abcdfghijklmnpqrsvwxyz" (no e, o, t, u).
    if (c >= '0' && c <= '9')
        return true;
    if (c < 'a' || c > 'z')
        return false;
    return c != 'e' && c != 'o' && c != 't' && c != 'u';
}

StoreDir::StoreDir(std::string dir) : m_dir(std::move(dir))
{
    if (m_dir.empty() || m_dir.front() != '/')
        throw Error(fmt::format("store directory '{}' is not an absolute path", m_dir));
    while (m_dir.size() > 1 && m_dir.back() == '/')
        m_dir.pop_back();
}

std::string StorePath::check_base_name(std::string_view base_name)
{
    if (base_name.size() < k_hash_length + 2)
        return fmt::format("'{}' is too short to be '<32-character hash>-<name>'", printable(base_name));
    for (size_t i = 0; i < k_hash_length; ++i) {
        if (!is_nix_base32_char(base_name[i]))
            return fmt::format("hash '{}' has '{}' at position {}, which is not a Nix base-32 character",
                               printable(base_name.substr(0, k_hash_length)), printable(base_name.substr(i, 1)), i);
    }
    if (base_name[k_hash_length] != '-')
        return fmt::format("'{}' has no '-' after its 32-character hash", printable(base_name));
    std::string_view name = base_name.substr(k_hash_length + 1);
    if (name.size() > k_max_name_length)
        return fmt::format("name '{}...' is longer than {} characters", printable(name.substr(0, 40)),
                           k_max_name_length);
    if (name.front() == '.')
        return fmt::format("name '{}' starts with a dot", printable(name));
    for (size_t i = 0; i < name.size(); ++i) {
        if (!is_name_char(name[i]))
            return fmt::format("name '{}' has the forbidden character '{}' at position {}", printable(name),
                               printable(name.substr(i, 1)), i);
    }
    return {};
}

std::string StorePath::check(std::string_view path, const StoreDir& store_dir)
{
    const std::string& dir = store_dir.str();
    if (!path.starts_with(dir) || path.size() <= dir.size() || path[dir.size()] != '/')
        return fmt::format("'{}' is not in the Nix store '{}'", printable(path), dir);
    std::string_view base = path.substr(dir.size() + 1);
    if (base.find('/') != std::string_view::npos)
        return fmt::format("'{}' is a path inside a store path, not a store path", printable(path));
    return check_base_name(base);
}

StorePath::StorePath(std::string_view path, const StoreDir& store_dir)
{
    if (std::string why = check(path, store_dir); !why.empty())
        throw Error("invalid store path: " + why);
    m_path = std::string(path);
    m_base = store_dir.str().size() + 1;
}

StorePath StorePath::from_base_name(std::string_view base_name, const StoreDir& store_dir)
{
    if (std::string why = check_base_name(base_name); !why.empty())
        throw Error("invalid store path: " + why);
    StorePath p;
    p.m_path = store_dir.str() + "/" + std::string(base_name);
    p.m_base = store_dir.str().size() + 1;
    return p;
}

} // namespace nixvet

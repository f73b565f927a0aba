// SPDX-License-Identifier: MIT
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace nixvet {

/// The directory that holds store paths ("/nix/store" unless NIX_STORE_DIR says otherwise).
class StoreDir
{
public:
    /// Throws Error unless `dir` is an absolute path without a trailing slash.
    explicit StoreDir(std::string dir = "/nix/store");

    [[nodiscard]] const std::string& str() const { return m_dir; }
    auto operator<=>(const StoreDir&) const = default;

private:
    std::string m_dir;
};

/// A validated store path: `<store dir>/<32-char nix-base32 hash>-<name>`.
class StorePath
{
public:
    static constexpr size_t k_hash_length = 32;
    static constexpr size_t k_max_name_length = 211;

    /// Parses an absolute store path; throws Error saying precisely what is wrong.
    StorePath(std::string_view path, const StoreDir& store_dir);

    /// Parses `<hash>-<name>` (no directory); throws Error saying precisely what is wrong.
    static StorePath from_base_name(std::string_view base_name, const StoreDir& store_dir);

    /// Returns the reason `path` is not a valid store path, or an empty string when it is.
    static std::string check(std::string_view path, const StoreDir& store_dir);

    /// Returns the reason `base_name` is not `<hash>-<name>`, or an empty string when it is.
    static std::string check_base_name(std::string_view base_name);

    [[nodiscard]] const std::string& str() const { return m_path; }
    [[nodiscard]] std::string_view base_name() const { return std::string_view(m_path).substr(m_base); }
    [[nodiscard]] std::string_view hash_part() const { return base_name().substr(0, k_hash_length); }
    [[nodiscard]] std::string_view name() const { return base_name().substr(k_hash_length + 1); }
    [[nodiscard]] bool is_derivation() const { return name().ends_with(".drv"); }

    auto operator<=>(const StorePath& other) const { return m_path <=> other.m_path; }
    bool operator==(const StorePath& other) const { return m_path == other.m_path; }

private:
    StorePath() = default;
    std::string m_path;
    size_t m_base = 0;
};

/// True when `c` belongs to Nix's base-32 alphabet (digits and lower-case letters except e, o, t, u).
bool is_nix_base32_char(char c);

} // namespace nixvet

template <>
struct std::hash<nixvet::StorePath>
{
    size_t operator()(const nixvet::StorePath& p) const noexcept { return std::hash<std::string>()(p.str()); }
};

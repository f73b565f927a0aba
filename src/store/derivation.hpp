// SPDX-License-Identifier: MIT
#pragma once

#include "store/store_path.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nixvet {

/// One output of a derivation. `path` is empty for content-addressed floating or deferred outputs.
struct DerivationOutput
{
    std::string_view name;
    std::string_view path;
    std::string_view hash_algo; ///< e.g. "sha256" or "r:sha256"; empty for input-addressed outputs
    std::string_view hash;      ///< set only for fixed-output derivations
};

/// One input derivation and the outputs of it that are used.
struct InputDerivation
{
    std::string_view path;
    std::vector<std::string_view> outputs;
};

/// A parsed derivation (`.drv` ATerm or `nix show-derivation` JSON). Its strings are views into a
/// buffer the derivation owns, so it can be moved freely but its views die with it.
class Derivation
{
public:
    Derivation() = default;
    Derivation(Derivation&&) noexcept = default;
    Derivation& operator=(Derivation&&) noexcept = default;
    Derivation(const Derivation&) = delete;
    Derivation& operator=(const Derivation&) = delete;

    std::string path; ///< the `.drv` path when known, else empty
    std::vector<DerivationOutput> outputs;
    std::vector<InputDerivation> input_drvs;
    std::vector<std::string_view> input_srcs;
    std::string_view system;
    std::string_view builder;
    std::vector<std::string_view> args;
    std::vector<std::pair<std::string_view, std::string_view>> env;

    /// Returns the environment variable `key`, or nothing.
    [[nodiscard]] std::optional<std::string_view> env_get(std::string_view key) const;

    /// Returns attribute `key` as a string: the env variable, or with `__structuredAttrs` the
    /// string, number or Boolean of that name in `__json`.
    [[nodiscard]] std::optional<std::string_view> attr(std::string_view key) const;

    /// Returns attribute `key` as a list: the env variable split at white space (as stdenv does),
    /// or with `__structuredAttrs` the strings of that list (or the one string) in `__json`.
    [[nodiscard]] std::vector<std::string_view> attr_list(std::string_view key) const;

    /// True when the derivation has `__structuredAttrs` (an env variable `__json`).
    [[nodiscard]] bool has_structured_attrs() const { return m_structured_parsed; }

    /// True for a fixed-output derivation: one output `out` with a hash (a fetcher or source).
    [[nodiscard]] bool is_fixed_output() const;

    /// Returns the output called `name`, or nullptr.
    [[nodiscard]] const DerivationOutput* output(std::string_view name) const;

    /// The derivation's name: env `name`, else the `.drv` path's name without ".drv".
    [[nodiscard]] std::string_view name() const;

    /// Keeps `s` alive as long as the derivation and returns a view of it.
    std::string_view own(std::string s);

    /// Takes ownership of the buffer the views point into.
    void adopt_buffer(std::unique_ptr<std::string> buffer) { m_buffers.push_back(std::move(buffer)); }

    /// Reads `__json` (if any) into the structured attributes; throws Error if it is not valid JSON.
    void load_structured_attrs(const std::string& file);

    /// The attributes a summary keeps: the ones the inventory reads. Asking a summary for any
    /// other attribute is a programming error (std::logic_error). Changing the list changes the
    /// derivation cache's format (k_version in derivation_pack.cpp).
    static constexpr std::array<std::string_view, 9> k_summary_attrs = {
        "pname", "version", "src", "srcs", "patches", "urls", "url", "rev", "nativeBuildInputs"};

    /// The derivation in a compact binary form: outputs, inputs, system, name and the
    /// k_summary_attrs as attr() and attr_list() answer them (not env, builder or args).
    [[nodiscard]] std::string summary() const;

    /// A derivation from summary(): answers everything above but env, builder and args (empty).
    /// Its views point into `bytes`, which must outlive it (the derivation cache's mapped file).
    /// `file` and `offset` (of `bytes` in it) name the input in errors. Throws ParseError.
    static Derivation from_summary(std::string path, std::string_view bytes, const std::string& file, size_t offset);

    /// True for a derivation made by from_summary().
    [[nodiscard]] bool is_summary() const { return m_summary; }

private:
    std::vector<std::unique_ptr<std::string>> m_buffers;
    bool m_summary = false;
    std::string_view m_summary_name;
    bool m_structured_parsed = false;
    // With __structuredAttrs: top-level scalar attributes and lists of strings from __json.
    std::vector<std::pair<std::string_view, std::vector<std::string_view>>> m_structured;
    std::vector<std::pair<std::string_view, std::string_view>> m_structured_scalars;
};

/// Parses ATerm text; `file` names the input in errors. Throws ParseError (file and byte offset).
Derivation parse_derivation_aterm(std::string text, const std::string& file, const StoreDir& store_dir);

/// Parses the text of the `.drv` file at `path` (which becomes the derivation's path). Throws ParseError.
Derivation parse_derivation_file(std::string text, const std::string& path, const StoreDir& store_dir);

/// Reads and parses the `.drv` file at `path`. Throws Error or ParseError.
Derivation read_derivation(const std::string& path, const StoreDir& store_dir);

/// Parses the JSON of `nix show-derivation` / `nix derivation show` (every format version: an
/// object keyed by `.drv` path, or one derivation object). Throws ParseError.
std::vector<Derivation> parse_derivation_json(std::string text, const std::string& file, const StoreDir& store_dir);

} // namespace nixvet

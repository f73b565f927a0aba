// SPDX-License-Identifier: MIT
#pragma once

#include "store/store_path.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace nixvet {

using Sha256 = std::array<unsigned char, 32>;

/// The SHA-256 of `data`.
Sha256 sha256(std::string_view data);

/// `bytes` in Nix's base-32 (the alphabet of store path hashes, last byte first).
std::string nix_base32(const unsigned char* bytes, size_t size);

/// The store path Nix gives a text file with these contents and references: a `.drv` (its
/// references are its input sources and input derivations) or a `builtins.toFile` result.
/// `name` is the file's name, e.g. "hello-2.12.drv". The order of `references` does not matter.
std::string text_store_path(std::string_view name, const Sha256& contents_hash,
                            std::vector<std::string_view> references, const StoreDir& store_dir);

/// The store path Nix gives a fixed-output derivation's output named `name` whose hash is
/// `hash_hex` (base 16) with `hash_algo` as a .drv writes it ("sha256", "r:sha256", "sha1", ...):
/// "source" addressing for recursive SHA-256, "output:out" over "fixed:out:..." otherwise. Empty
/// for a method or hash this reader does not know (text:, git:, not base 16).
std::string fixed_output_path(std::string_view name, std::string_view hash_algo, std::string_view hash_hex,
                              const StoreDir& store_dir);

} // namespace nixvet

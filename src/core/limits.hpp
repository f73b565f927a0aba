// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nixvet {

/// How much nixvet reads of one input before it calls the input hostile (docs/limits.md). The
/// CLI sets them once from the environment (NIXVET_MAX_FILE_SIZE, NIXVET_MAX_ENTRY_SIZE,
/// NIXVET_MAX_INPUT_SIZE); everything else only reads them.
struct InputLimits
{
    /// A file read whole: a .drv, nixpkgs meta, an SBOM, VEX, a whitelist, a policy, one feed record.
    uint64_t file_bytes = uint64_t{1} << 30;
    /// A .drv in the store (the largest real ones, with structured attributes, are a few MiB).
    uint64_t derivation_bytes = uint64_t{64} << 20;
    /// Decompressed bytes of one entry: an image layer, a file inside a feed archive, a feed file.
    uint64_t entry_bytes = uint64_t{8} << 30;
    /// Decompressed bytes of one input as a whole: an image with all its layers, a feed archive.
    uint64_t input_bytes = uint64_t{32} << 30;
    /// A compressed stream that, past k_ratio_floor bytes, expands to more than this many times
    /// its compressed size is a decompression bomb (real feeds and layers expand 2-30 times;
    /// stacked compression of zeros, millions of times). 0: no limit.
    uint64_t expansion_ratio = 4096;
    static constexpr uint64_t k_ratio_floor = uint64_t{256} << 20;

    /// True when `unpacked` bytes from `stored` compressed ones exceed expansion_ratio.
    [[nodiscard]] bool too_expanded(uint64_t unpacked, uint64_t stored) const
    {
        return expansion_ratio != 0 && unpacked > k_ratio_floor && unpacked / expansion_ratio > stored;
    }
};

/// The limits in force (defaults until the CLI changes them).
InputLimits& input_limits();

/// "12 MiB", "8 GiB", "512 bytes": a size for messages.
std::string format_size(uint64_t bytes);

/// A size as a user writes it: "1048576", "64K", "16M", "8G", "1T" (binary units; a trailing
/// "iB" or "B" is accepted). Throws Error naming `what` when it is not one.
uint64_t parse_size(std::string_view text, const std::string& what);

} // namespace nixvet

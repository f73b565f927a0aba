// SPDX-License-Identifier: MIT
#pragma once

#include "store/store_path.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nixvet {

/// A read-only file of derivation summaries keyed by `.drv` store path: nixvet's derivation
/// cache (docs/derivation-cache.md). The file is mapped and its size and checksum checked when
/// opened; an index entry's offsets are checked when it is used.
class DerivationPack
{
public:
    /// Opens `file`: nothing when it does not exist or has another format version (an older or
    /// newer nixvet wrote it). Throws ParseError (file and offset) when it is damaged, Error when
    /// it belongs to another store directory or cannot be read.
    static std::unique_ptr<DerivationPack> open(const std::string& file, const StoreDir& store_dir);

    /// The same for the bytes of a pack (tests, fuzzing); `file` names it in errors. Throws Error
    /// for another format version.
    static std::unique_ptr<DerivationPack> from_bytes(std::string bytes, const std::string& file,
                                                      const StoreDir& store_dir);

    ~DerivationPack();
    DerivationPack(const DerivationPack&) = delete;
    DerivationPack& operator=(const DerivationPack&) = delete;

    /// The summary stored for `drv_path` and its offset in the file, or nothing. Throws
    /// ParseError for an index entry that points outside the file.
    [[nodiscard]] std::optional<std::pair<std::string_view, size_t>> find(std::string_view drv_path) const;

    /// Every entry: (path, summary). Throws ParseError as find() does.
    [[nodiscard]] std::vector<std::pair<std::string_view, std::string_view>> entries() const;

    [[nodiscard]] size_t size() const { return m_count; }
    [[nodiscard]] size_t file_size() const { return m_size; }
    [[nodiscard]] const std::string& file() const { return m_file; }

private:
    DerivationPack() = default;
    /// Checks the header, size and checksum; throws as open() does.
    void check(const StoreDir& store_dir);
    /// Index entry `i`: (path, summary); throws ParseError when it points outside the file.
    [[nodiscard]] std::pair<std::string_view, std::string_view> entry(size_t i) const;
    std::string m_file;
    std::string m_bytes; ///< the pack when read from bytes; else the file is mapped
    bool m_mapped = false;
    const char* m_data = nullptr;
    size_t m_size = 0;
    size_t m_count = 0;
    size_t m_index = 0; ///< offset of the index
};

/// Why `file` may not be used as the derivation cache, or empty when it may: it does not exist,
/// or it is a regular file (not a link, a device, a directory) that starts with the pack's magic.
/// nixvet never reads as a cache, nor replaces, a file it did not write.
std::string derivation_pack_refusal(const std::string& file);

/// Writes a pack of `entries` (path, summary; paths unique) to `file` through a temporary file
/// created exclusively (mkstemp) in the same directory and a rename, so readers see the old or the
/// new file, never a part. Creates the directory. Throws Error, also when `file` is refused by
/// derivation_pack_refusal().
void write_derivation_pack(const std::string& file, const StoreDir& store_dir,
                           std::vector<std::pair<std::string_view, std::string_view>> entries);

/// Sets the size and checksum fields of the pack `bytes` (as write_derivation_pack does; the
/// fuzzer uses it to reach past the checksum).
void seal_derivation_pack(std::string& bytes);

/// The 64-bit hash that orders the pack's index (FNV-1a).
uint64_t pack_key(std::string_view path);

} // namespace nixvet

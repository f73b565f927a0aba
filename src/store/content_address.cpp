// SPDX-License-Identifier: MIT
// How Nix names a text file in the store (facts from the Nix manual's store path specification,
// "Store Path": text files are addressed by the SHA-256 of their contents and their references).
#include "store/content_address.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <openssl/evp.h>

namespace nixvet {

Sha256 sha256(std::string_view data)
{
    // Fetched once: OpenSSL 3 looks the implementation up again on every EVP_sha256() digest.
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    Sha256 out{};
    unsigned int size = 0;
    if (!md || EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1 || size != out.size())
        throw Error("SHA-256 failed (OpenSSL)");
    return out;
}

std::string nix_base32(const unsigned char* bytes, size_t size)
{
    static constexpr std::string_view k_alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
    size_t length = (size * 8 + 4) / 5;
    std::string out;
    out.reserve(length);
    // Character n (counted from the end) holds bits 5n .. 5n+4 of the little-endian number.
    for (size_t n = length; n-- > 0;) {
        size_t bit = n * 5;
        size_t i = bit / 8;
        size_t j = bit % 8;
        unsigned c = static_cast<unsigned>(bytes[i]) >> j;
        if (i + 1 < size)
            c |= static_cast<unsigned>(bytes[i + 1]) << (8 - j);
        out += k_alphabet[c & 0x1f];
    }
    return out;
}

namespace {

constexpr std::string_view k_hex = "0123456789abcdef";

std::string hex_of(const Sha256& hash)
{
    std::string out;
    for (unsigned char b : hash) {
        out += k_hex[b >> 4];
        out += k_hex[b & 0xf];
    }
    return out;
}

// makeStorePath: "<type>:sha256:<hex>:<store dir>:<name>", hashed, folded to 160 bits, base 32.
std::string store_path_of(std::string fingerprint, std::string_view name, const StoreDir& store_dir)
{
    fingerprint += ':';
    fingerprint += store_dir.str();
    fingerprint += ':';
    fingerprint += name;
    Sha256 full = sha256(fingerprint);
    // Folded to 160 bits by XOR-ing byte i into byte i mod 20.
    std::array<unsigned char, 20> folded{};
    for (size_t i = 0; i < full.size(); ++i)
        folded[i % folded.size()] ^= full[i];
    std::string path = store_dir.str();
    path += '/';
    path += nix_base32(folded.data(), folded.size());
    path += '-';
    path += name;
    return path;
}

} // namespace

std::string fixed_output_path(std::string_view name, std::string_view hash_algo, std::string_view hash_hex,
                              const StoreDir& store_dir)
{
    bool recursive = hash_algo.starts_with("r:");
    std::string_view algo = recursive ? hash_algo.substr(2) : hash_algo;
    static constexpr std::pair<std::string_view, size_t> k_lengths[] = {
        {"md5", 32}, {"sha1", 40}, {"sha256", 64}, {"sha512", 128}};
    bool known = false;
    for (const auto& [a, length] : k_lengths)
        known |= algo == a && hash_hex.size() == length;
    if (!known || hash_hex.find_first_not_of(k_hex) != std::string_view::npos)
        return {};
    if (recursive && algo == "sha256")
        return store_path_of("source:sha256:" + std::string(hash_hex), name, store_dir);
    std::string inner = "fixed:out:" + std::string(hash_algo) + ":" + std::string(hash_hex) + ":";
    return store_path_of("output:out:sha256:" + hex_of(sha256(inner)), name, store_dir);
}

std::string text_store_path(std::string_view name, const Sha256& contents_hash,
                            std::vector<std::string_view> references, const StoreDir& store_dir)
{
    std::sort(references.begin(), references.end());
    references.erase(std::unique(references.begin(), references.end()), references.end());
    // "text:<ref>:<ref>...:sha256:<hex of the contents' hash>:<store dir>:<name>"
    std::string fingerprint = "text";
    for (auto ref : references) {
        fingerprint += ':';
        fingerprint += ref;
    }
    fingerprint += ":sha256:" + hex_of(contents_hash);
    return store_path_of(std::move(fingerprint), name, store_dir);
}

} // namespace nixvet

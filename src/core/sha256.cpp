// SPDX-License-Identifier: MIT
#include "core/sha256.hpp"

#include "core/error.hpp"

#include <openssl/evp.h>

namespace nixvet {

struct Sha256Stream::Context
{
    EVP_MD_CTX* ctx = nullptr;
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256Stream::Sha256Stream() : m_context(std::make_unique<Context>())
{
    m_context->ctx = EVP_MD_CTX_new();
    if (!m_context->ctx || EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr) != 1)
        throw Error("cannot initialise SHA-256 (OpenSSL)");
}

Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::update(std::string_view data)
{
    if (!data.empty())
        EVP_DigestUpdate(m_context->ctx, data.data(), data.size());
}

std::string Sha256Stream::hex_digest()
{
    static constexpr char k_hex[] = "0123456789abcdef";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context->ctx, digest, &length) != 1)
        throw Error("SHA-256 failed (OpenSSL)");
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        hex += k_hex[digest[i] >> 4];
        hex += k_hex[digest[i] & 0xF];
    }
    return hex;
}

} // namespace nixvet

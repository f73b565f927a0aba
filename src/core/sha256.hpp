// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace nixvet {

/// A SHA-256 computed over data given piece by piece (OpenSSL).
class Sha256Stream
{
public:
    /// Throws Error when OpenSSL cannot provide SHA-256.
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;

    void update(std::string_view data);
    /// The digest of everything given so far, as 64 lowercase hex digits; ends the stream.
    std::string hex_digest();

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace nixvet {

/// What a download did.
struct FetchResult
{
    enum class Status
    {
        fetched,      ///< the body was written to the destination file
        not_modified, ///< the server answered 304 to the conditional request
    };
    Status status = Status::fetched;
    std::string etag;          ///< the response's ETag, if any
    std::string last_modified; ///< the response's Last-Modified, if any
    uint64_t bytes = 0;
    int attempts = 1;
};

struct FetchOptions
{
    std::string if_none_match;     ///< a cached ETag: ask for the body only if it changed
    std::string if_modified_since; ///< a cached Last-Modified date
    int max_attempts = 4;          ///< network errors, 5xx and 429 are retried (not: no such host, refused)
    int retry_delay_ms = 1000;     ///< the first wait; doubled after each failed attempt
    int timeout_seconds = 30;      ///< to connect, and the longest a transfer may stall (below 1 KiB/s)
    /// Called before each retry with the failure and the wait ahead.
    std::function<void(const std::string& error, int delay_ms)> on_retry;
    /// Called during the transfer with bytes received and the total (0 when unknown).
    std::function<void(uint64_t done, uint64_t total)> on_progress;
};

/// Downloads `url` (https, http or file) to `destination`, atomically: the file appears whole or
/// not at all. Throws Error naming the URL and the last failure once every attempt has failed.
FetchResult fetch_url(const std::string& url, const std::string& destination, const FetchOptions& options);

/// The SHA-256 of everything `read` yields, as lower-case hex. `read(buffer, size)` returns 0 at the end.
std::string sha256_hex(const std::function<size_t(char*, size_t)>& read);

} // namespace nixvet

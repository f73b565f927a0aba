// SPDX-License-Identifier: MIT
#include "core/http.hpp"

#include "core/error.hpp"
#include "core/sha256.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <curl/curl.h>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <mutex>
#include <openssl/evp.h>
#include <thread>

namespace nixvet {

namespace {

void global_init()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer
{
    std::FILE* file = nullptr;
    uint64_t bytes = 0;
    std::string etag;
    std::string last_modified;
    const FetchOptions* options = nullptr;
};

size_t on_data(char* data, size_t size, size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    size_t n = size * count;
    if (std::fwrite(data, 1, n, t->file) != n)
        return 0; // makes curl fail with a write error
    t->bytes += n;
    return n;
}

std::string header_value(std::string_view line, std::string_view name)
{
    if (line.size() <= name.size() || line[name.size()] != ':')
        return {};
    for (size_t i = 0; i < name.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i])
            return {};
    }
    std::string_view v = line.substr(name.size() + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' '))
        v.remove_suffix(1);
    return std::string(v);
}

size_t on_header(char* data, size_t size, size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    if (auto v = header_value(line, "etag"); !v.empty())
        t->etag = v;
    if (auto v = header_value(line, "last-modified"); !v.empty())
        t->last_modified = v;
    return size * count;
}

int on_progress(void* user, curl_off_t total, curl_off_t done, curl_off_t, curl_off_t)
{
    auto* t = static_cast<Transfer*>(user);
    if (t->options->on_progress)
        t->options->on_progress(static_cast<uint64_t>(done), static_cast<uint64_t>(total));
    return 0;
}

bool retryable(long status)
{
    return status == 429 || status >= 500;
}

[[noreturn]] void fetch_failed(const std::string& url, const std::string& error, int attempts)
{
    throw Error(fmt::format("cannot download {}: {}{}", url, error,
                            attempts > 1 ? fmt::format(" (after {} attempts)", attempts) : ""));
}

} // namespace

FetchResult fetch_url(const std::string& url, const std::string& destination, const FetchOptions& options)
{
    global_init();
    std::string partial = destination + ".part";
    std::string last_error;
    int delay = options.retry_delay_ms;
    for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
        if (attempt > 1) {
            if (options.on_retry)
                options.on_retry(last_error, delay);
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
            delay *= 2;
        }
        Transfer t;
        t.options = &options;
        t.file = std::fopen(partial.c_str(), "wb");
        if (!t.file)
            throw Error(fmt::format("cannot write '{}': {}", partial, std::strerror(errno)));
        CURL* curl = curl_easy_init();
        curl_slist* headers = nullptr;
        if (!options.if_none_match.empty())
            headers = curl_slist_append(headers, ("If-None-Match: " + options.if_none_match).c_str());
        if (!options.if_modified_since.empty())
            headers = curl_slist_append(headers, ("If-Modified-Since: " + options.if_modified_since).c_str());
        char error_buffer[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http,file");
        curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https,http");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.timeout_seconds));
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.timeout_seconds));
        curl_easy_setopt(curl, CURLOPT_USERAGENT, "nixvet (https://github.com/nixvet)");
        CURLcode rc = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        bool write_ok = std::fclose(t.file) == 0;

        if (rc == CURLE_OK && status == 304 && options.if_none_match.empty() && options.if_modified_since.empty()) {
            // Only a conditional request can be answered "not modified": believing this one would
            // mark a source fresh that was never fetched.
            std::remove(partial.c_str());
            fetch_failed(url,
                         "the server answered 304 Not Modified to a request that was not conditional (no ETag "
                         "or date was sent): nothing was fetched",
                         attempt);
        }
        if (rc == CURLE_OK && status == 304) {
            std::remove(partial.c_str());
            FetchResult r;
            r.status = FetchResult::Status::not_modified;
            r.etag = t.etag.empty() ? options.if_none_match : t.etag;
            r.last_modified = t.last_modified.empty() ? options.if_modified_since : t.last_modified;
            r.attempts = attempt;
            return r;
        }
        // file:// answers 0; http(s) must answer 2xx.
        if (rc == CURLE_OK && write_ok && (status == 0 || (status >= 200 && status < 300))) {
            std::error_code ec;
            std::filesystem::rename(partial, destination, ec);
            if (ec)
                throw Error(fmt::format("cannot move '{}' into place: {}", partial, ec.message()));
            FetchResult r;
            r.etag = t.etag;
            r.last_modified = t.last_modified;
            r.bytes = t.bytes;
            r.attempts = attempt;
            return r;
        }
        std::remove(partial.c_str());
        if (rc != CURLE_OK)
            last_error = error_buffer[0] ? error_buffer : curl_easy_strerror(rc);
        else if (!write_ok)
            last_error = "cannot write the downloaded data";
        else
            last_error = fmt::format("HTTP status {}", status);
        // No such host, or nothing listening: no network (or a wrong mirror), which waiting does not
        // mend; fail at once, so that an offline machine hears so in well under a second.
        bool offline =
            rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_COULDNT_CONNECT;
        bool transient = rc != CURLE_OK ? (rc != CURLE_UNSUPPORTED_PROTOCOL && rc != CURLE_URL_MALFORMAT &&
                                           rc != CURLE_FILE_COULDNT_READ_FILE && rc != CURLE_WRITE_ERROR && !offline)
                                        : retryable(status);
        if (!transient)
            fetch_failed(url, last_error, attempt);
    }
    fetch_failed(url, last_error, options.max_attempts);
}

std::string sha256_hex(const std::function<size_t(char*, size_t)>& read)
{
    Sha256Stream hash;
    std::string buffer(1 << 20, '\0');
    while (size_t n = read(buffer.data(), buffer.size()))
        hash.update(std::string_view(buffer.data(), n));
    return hash.hex_digest();
}

} // namespace nixvet

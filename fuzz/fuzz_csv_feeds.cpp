// SPDX-License-Identifier: MIT
// KEV and EPSS CSV: parsed or rejected with ParseError, never a crash.
#include "core/error.hpp"
#include "vulndb/record_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)nixvet::parse_kev_csv(text, "kev.csv");
    } catch (const nixvet::Error&) {
    }
    try {
        (void)nixvet::parse_epss_csv(text, "epss.csv");
    } catch (const nixvet::Error&) {
    }
    try {
        (void)nixvet::parse_kev_json(text, "kev.json");
    } catch (const nixvet::Error&) {
    }
    return 0;
}

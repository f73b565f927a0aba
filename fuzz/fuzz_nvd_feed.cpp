// SPDX-License-Identifier: MIT
// An NVD feed in arbitrary chunks: the splitter and the record parser never crash, a structural
// error names an offset inside the input, and chunking never changes what is cut out.
#include "core/error.hpp"
#include "core/json_stream.hpp"
#include "vulndb/nvd_record.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static nixvet::NvdRecordParser parser;
    if (size == 0)
        return 0;
    size_t chunk = 1 + data[0] % 64;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::vector<std::string> whole;
    std::vector<std::string> chunked;
    bool whole_ok = true;
    try {
        nixvet::JsonArrayStream s("vulnerabilities", "fuzz.json", [&](std::string e, uint64_t) {
            (void)parser.parse(e);
            whole.push_back(std::move(e));
        });
        s.feed(text);
        s.finish();
    } catch (const nixvet::ParseError& e) {
        if (e.offset() > text.size())
            std::abort();
        whole_ok = false;
    }
    try {
        nixvet::JsonArrayStream s("vulnerabilities", "fuzz.json",
                                  [&](std::string e, uint64_t) { chunked.push_back(std::move(e)); });
        for (size_t i = 0; i < text.size(); i += chunk)
            s.feed(text.substr(i, chunk));
        s.finish();
        if (!whole_ok)
            std::abort(); // chunking must not turn an error into success
    } catch (const nixvet::ParseError&) {
        if (whole_ok)
            std::abort();
        return 0;
    }
    if (whole != chunked)
        std::abort();
    return 0;
}

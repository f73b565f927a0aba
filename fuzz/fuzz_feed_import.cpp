// SPDX-License-Identifier: MIT
// Any bytes as a feed file given to `nixvet db import`: a plain or compressed feed, or a zip/tar
// archive of them. Imported (one transaction), or refused with nixvet's own Error — never a crash,
// a hang or an allocation past the limits, which are set small here so that compressed inputs of
// a few KiB reach them (the seeds include decompression bombs from tests/tools/make_hostile.py).
#include "core/error.hpp"
#include "core/limits.hpp"
#include "vulndb/importer.hpp"
#include "vulndb/vuln_db.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const std::string dir = "/tmp/nixvet-fuzz-feed-" + std::to_string(::getpid());
    static std::unique_ptr<nixvet::VulnDb> db = [] {
        std::filesystem::create_directories(dir);
        nixvet::input_limits().entry_bytes = 8 << 20;
        nixvet::input_limits().input_bytes = 32 << 20;
        return std::make_unique<nixvet::VulnDb>(dir + "/vulndb.sqlite", nixvet::VulnDb::Mode::write);
    }();
    const std::string path = dir + "/feed";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    nixvet::ImportOptions options;
    options.threads = 1;
    try {
        (void)nixvet::import_feeds(*db, {path}, options);
    } catch (const nixvet::Error&) {
    }
    return 0;
}

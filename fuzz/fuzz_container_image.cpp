// SPDX-License-Identifier: MIT
// Any bytes as a container image file: read, or refused with nixvet's own Error (a damaged,
// foreign or hostile archive), never a crash, a hang or an unbounded allocation. The limits are
// small here so that the seeds' decompression bombs (tests/tools/make_hostile.py) reach them.
#include "core/error.hpp"
#include "core/limits.hpp"
#include "inventory/image.hpp"

#include <cstdio>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // The reader takes a file (libarchive streams it): give it one.
    static const std::string path = [] {
        nixvet::input_limits().entry_bytes = 8 << 20;
        nixvet::input_limits().input_bytes = 32 << 20;
        return "/tmp/nixvet-fuzz-image-" + std::to_string(::getpid()) + ".tar";
    }();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    (void)nixvet::looks_like_tar(path);
    (void)nixvet::looks_like_image(path);
    try {
        nixvet::ContainerImage image = nixvet::read_image(path);
        for (const auto& p : image.store_paths) {
            if (p.size() < 34 || p[32] != '-')
                __builtin_trap(); // only valid store path names come out
        }
    } catch (const nixvet::Error&) {
    }
    return 0;
}

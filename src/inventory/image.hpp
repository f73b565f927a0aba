// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace nixvet {

/// What nixvet reads of a container image: the Nix store paths its layers hold.
struct ContainerImage
{
    std::string file;
    std::string format;                   ///< "docker-archive" or "oci"
    std::vector<std::string> layers;      ///< the layers read, in the manifest's order
    std::vector<std::string> store_paths; ///< "<hash>-<name>" of every nix/store entry, sorted, unique
};

/// True when `path` is a file holding a docker-archive (`docker save`, dockerTools.buildImage;
/// plain or gzip/xz/zstd-compressed) or an OCI image layout in a tar. Reads only entry headers.
bool looks_like_image(const std::string& path);

/// True when `path` begins like a tar archive (plain or compressed): read_image's errors then
/// say more than any other reader's would.
bool looks_like_tar(const std::string& path);

/// Reads the image at `path`: its manifest (docker-archive manifest.json, or OCI index.json and
/// the manifest it names), then the listed layers, streamed, for `nix/store/<hash>-<name>`
/// entries. Nothing is extracted or executed. Throws Error or ParseError naming the file (and
/// the entry) for a damaged or hostile archive.
ContainerImage read_image(const std::string& path);

} // namespace nixvet

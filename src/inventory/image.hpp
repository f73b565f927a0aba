// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace nixvet {

/// What nixvet reads of a container image: the Nix store paths its layers hold.
struct ContainerImage
{
    /// One image of the archive (a docker-archive or an OCI index may hold several).
    struct Image
    {
        std::string name;                ///< its tags or reference name, else its place in the manifest
        std::string config;              ///< the config (docker) or manifest (OCI) entry
        std::vector<std::string> layers; ///< its layers, in order
    };
    std::string file;
    std::string format;                   ///< "docker-archive" or "oci"
    std::vector<Image> images;            ///< every image of the archive; all are read
    std::vector<std::string> layers;      ///< the layers read (of all images, each once), in the manifests' order
    std::vector<std::string> store_paths; ///< "<hash>-<name>" of every nix/store entry, sorted, unique
    size_t verified_layers = 0;           ///< layers whose digests (blob name, config diff_ids) were checked
};

/// True when `path` is a file holding a docker-archive (`docker save`, dockerTools.buildImage;
/// plain or gzip/xz/zstd-compressed) or an OCI image layout in a tar. Reads only entry headers.
bool looks_like_image(const std::string& path);

/// True when `path` begins like a tar archive (plain or compressed): read_image's errors then
/// say more than any other reader's would.
bool looks_like_tar(const std::string& path);

/// Reads the image at `path`: its manifests (docker-archive manifest.json and the configs it
/// names, or OCI index.json and the manifests and indexes it names), then the layers of every
/// image, streamed, for `nix/store/<hash>-<name>` entries; each layer's SHA-256 is checked against
/// its blob name and the config's rootfs.diff_ids. Nothing is extracted or executed; decompressed
/// bytes are bounded by input_limits(). Throws Error or ParseError naming the file (and the entry)
/// for a damaged, tampered or hostile archive.
ContainerImage read_image(const std::string& path);

} // namespace nixvet

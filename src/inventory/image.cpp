// SPDX-License-Identifier: MIT
// Container images as tar archives, read with libarchive: a layer is a tar stored inside the
// image's tar, read as a stream from it (never extracted). Formats: docker-archive
// (manifest.json: [{"Config", "RepoTags", "Layers": ["<id>/layer.tar", ...]}]) and the OCI image
// layout (oci-layout, index.json → a manifest blob → its layers' blobs/sha256/<hex>).
#include "inventory/image.hpp"

#include "core/dom_fields.hpp"
#include "core/error.hpp"
#include "store/store_path.hpp"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace nixvet {

namespace {

constexpr size_t k_block = 1 << 16;
constexpr size_t k_max_json = 16 << 20;      // a manifest or index larger than this is not one
constexpr size_t k_max_entries = 20'000'000; // entries of all layers together

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;

std::string message(struct archive* a)
{
    const char* m = archive_error_string(a);
    return m ? m : "unknown libarchive error";
}

ArchivePtr new_reader()
{
    ArchivePtr a(archive_read_new(), archive_read_free);
    archive_read_support_filter_all(a.get());
    archive_read_support_format_tar(a.get());
    return a;
}

// Moves to the next entry of `a`; false at the end. Throws Error, `where()` saying which archive.
template <typename Where>
bool next_header(struct archive* a, struct archive_entry*& entry, const Where& where)
{
    int rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF)
        return false;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
        throw Error(where() + ": " + message(a));
    return true;
}

// An entry name without "./" or "/" in front.
std::string clean_name(const char* raw)
{
    std::string_view name = raw ? raw : "";
    while (name.starts_with("./") || name.starts_with("/"))
        name.remove_prefix(name.starts_with("./") ? 2 : 1);
    return std::string(name);
}

// Calls `visit(name, size, archive)` for each regular file of the archive `path`; `visit` may
// read the entry.
void for_each_entry(const std::string& path,
                    const std::function<void(const std::string&, int64_t, struct archive*)>& visit)
{
    ArchivePtr a = new_reader();
    if (archive_read_open_filename(a.get(), path.c_str(), k_block) != ARCHIVE_OK)
        throw Error(fmt::format("cannot read '{}': {}", path, message(a.get())));
    struct archive_entry* entry = nullptr;
    while (next_header(a.get(), entry, [&] { return path + ": not a readable tar archive"; })) {
        if (archive_entry_filetype(entry) != AE_IFREG)
            continue;
        visit(clean_name(archive_entry_pathname(entry)), archive_entry_size(entry), a.get());
    }
}

// The current entry of `a`, when it is small enough to be a manifest; else nothing.
std::optional<std::string> read_small(struct archive* a, const std::string& file, const std::string& name)
{
    std::string content;
    char buffer[k_block];
    while (true) {
        la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
        if (n < 0)
            throw Error(fmt::format("{}: entry '{}': {}", file, name, message(a)));
        if (n == 0)
            return content;
        content.append(buffer, static_cast<size_t>(n));
        if (content.size() > k_max_json)
            return std::nullopt;
    }
}

// The entry being read from `outer`, as the input of a nested archive reader.
struct Nested
{
    struct archive* outer;
    char buffer[k_block];
};

la_ssize_t nested_read(struct archive*, void* data, const void** out)
{
    auto* n = static_cast<Nested*>(data);
    *out = n->buffer;
    return archive_read_data(n->outer, n->buffer, sizeof n->buffer);
}

// Adds the store paths named in the layer being read from `outer`.
void read_layer(struct archive* outer, const std::string& file, const std::string& layer, std::set<std::string>& paths,
                size_t& entries)
{
    Nested nested{outer, {}};
    ArchivePtr a = new_reader();
    if (archive_read_open(a.get(), &nested, nullptr, nested_read, nullptr) != ARCHIVE_OK)
        throw Error(fmt::format("{}: layer '{}' is not a tar archive: {}", file, layer, message(a.get())));
    struct archive_entry* entry = nullptr;
    while (next_header(a.get(), entry, [&] {
        return fmt::format("{}: layer '{}' is damaged after {} entries", file, layer, entries);
    })) {
        if (++entries > k_max_entries)
            throw Error(
                fmt::format("{}: more than {} entries in the layers; not reading further", file, k_max_entries));
        std::string name = clean_name(archive_entry_pathname(entry));
        if (!name.starts_with("nix/store/"))
            continue;
        std::string_view base = std::string_view(name).substr(10);
        base = base.substr(0, base.find('/'));
        if (base.starts_with(".wh."))
            continue; // an overlay whiteout: a deletion, not a path
        if (StorePath::check_base_name(base).empty())
            paths.emplace(base);
    }
}

std::string json_string(simdjson::dom::element e, const char* key)
{
    std::string_view s;
    if (e[key].get_string().get(s))
        return {};
    return std::string(s);
}

} // namespace

bool looks_like_image(const std::string& path)
{
    try {
        bool docker = false;
        bool oci = false;
        for_each_entry(path, [&](const std::string& name, int64_t, struct archive*) {
            docker |= name == "manifest.json";
            oci |= name == "oci-layout";
        });
        return docker || oci;
    } catch (const Error&) {
        return false;
    }
}

bool looks_like_tar(const std::string& path)
{
    ArchivePtr a = new_reader();
    if (archive_read_open_filename(a.get(), path.c_str(), k_block) != ARCHIVE_OK)
        return false;
    struct archive_entry* entry = nullptr;
    int rc = archive_read_next_header(a.get(), &entry);
    return (rc == ARCHIVE_OK || rc == ARCHIVE_WARN) && archive_format(a.get()) != 0 &&
           (archive_format(a.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR;
}

ContainerImage read_image(const std::string& path)
{
    ContainerImage image;
    image.file = path;
    // Pass 1: the small JSON documents (docker's manifest.json, OCI's index.json and blobs).
    std::map<std::string, std::string> documents;
    bool oci_layout = false;
    for_each_entry(path, [&](const std::string& name, int64_t size, struct archive* a) {
        oci_layout |= name == "oci-layout";
        bool json = name == "manifest.json" || name == "index.json";
        bool small_blob = name.starts_with("blobs/") && size >= 0 && size <= static_cast<int64_t>(k_max_json);
        if (json || small_blob) {
            std::optional<std::string> content = read_small(a, path, name);
            if (content && (json || (!content->empty() && content->front() == '{')))
                documents[name] = std::move(*content);
        }
    });
    if (auto it = documents.find("manifest.json"); it != documents.end()) {
        image.format = "docker-archive";
        simdjson::dom::parser parser;
        simdjson::dom::element root = dom_fields::parse_document(parser, it->second, path + ": manifest.json");
        simdjson::dom::array list;
        if (root.get_array().get(list) || list.size() == 0)
            throw ParseError(path + ": manifest.json", 0, "expected a non-empty array of images");
        simdjson::dom::array layers;
        if (list.at(0)["Layers"].get_array().get(layers))
            throw ParseError(path + ": manifest.json", 0, "the first image has no \"Layers\" list");
        for (auto l : layers) {
            std::string_view s;
            if (!l.get_string().get(s))
                image.layers.push_back(clean_name(std::string(s).c_str()));
        }
    } else if (oci_layout && documents.count("index.json")) {
        image.format = "oci";
        simdjson::dom::parser parser;
        simdjson::dom::element index =
            dom_fields::parse_document(parser, documents["index.json"], path + ": index.json");
        simdjson::dom::array manifests;
        if (index["manifests"].get_array().get(manifests) || manifests.size() == 0)
            throw ParseError(path + ": index.json", 0, "no \"manifests\"");
        auto blob_of = [&](const std::string& digest) {
            auto colon = digest.find(':');
            if (colon == std::string::npos)
                throw ParseError(path + ": index.json", 0, fmt::format("digest '{}' has no algorithm", digest));
            return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
        };
        std::string manifest_blob = blob_of(json_string(manifests.at(0), "digest"));
        auto it = documents.find(manifest_blob);
        if (it == documents.end())
            throw ParseError(path, 0,
                             fmt::format("the image manifest {} named by index.json is missing", manifest_blob));
        simdjson::dom::parser manifest_parser;
        simdjson::dom::element manifest =
            dom_fields::parse_document(manifest_parser, it->second, path + ": " + manifest_blob);
        simdjson::dom::array layers;
        if (manifest["layers"].get_array().get(layers))
            throw ParseError(path + ": " + manifest_blob, 0, "no \"layers\"");
        for (auto l : layers)
            image.layers.push_back(blob_of(json_string(l, "digest")));
    } else {
        throw Error(fmt::format("{}: not a container image: no manifest.json (docker-archive) nor oci-layout and "
                                "index.json (OCI)",
                                path));
    }

    // Pass 2: the layers, each streamed from the image's tar.
    std::set<std::string> wanted(image.layers.begin(), image.layers.end());
    std::set<std::string> seen;
    std::set<std::string> paths;
    size_t entries = 0;
    for_each_entry(path, [&](const std::string& name, int64_t, struct archive* a) {
        if (!wanted.count(name) || !seen.insert(name).second)
            return;
        read_layer(a, path, name, paths, entries);
    });
    for (const auto& layer : image.layers) {
        if (!seen.count(layer))
            throw ParseError(path, 0, fmt::format("layer '{}' of the manifest is not in the archive", layer));
    }
    image.store_paths.assign(paths.begin(), paths.end());
    return image;
}

} // namespace nixvet

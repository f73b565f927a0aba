// SPDX-License-Identifier: MIT
// Container images as tar archives, read with libarchive: a layer is a tar stored inside the
// image's tar, read as a stream from it (never extracted). Formats: docker-archive
// (manifest.json: [{"Config", "RepoTags", "Layers": ["<id>/layer.tar", ...]}, ...]) and the OCI
// image layout (oci-layout, index.json → manifest blobs (or nested indexes) → their layers'
// blobs/sha256/<hex>).
//
// A hostile image must not cost unbounded memory or time: only the JSON documents the image's
// own index names are kept (each at most 16 MiB, 1,024 at most, 64 MiB together); every byte
// decompressed is counted against input_limits() (per layer and per pass over the image); and each
// layer is hashed as it streams by and checked against its digest.
#include "inventory/image.hpp"

#include "core/dom_fields.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/sha256.hpp"
#include "core/terminal_text.hpp"
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
constexpr size_t k_max_json = 16 << 20;  // a manifest, index or config larger than this is not one
constexpr size_t k_max_documents = 1024; // JSON documents kept from one image
constexpr size_t k_max_document_bytes = 64 << 20;
constexpr size_t k_max_entries = 20'000'000; // entries of all layers together
constexpr int k_max_index_depth = 4;         // OCI indexes that name indexes

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

// An entry name without "./" or "/" in front.
std::string clean_name(std::string_view name)
{
    while (name.starts_with("./") || name.starts_with("/"))
        name.remove_prefix(name.starts_with("./") ? 2 : 1);
    return std::string(name);
}

std::string clean_name(const char* raw)
{
    return clean_name(std::string_view(raw ? raw : ""));
}

// Bytes decompressed in one pass over an image, against the limits.
class ByteBudget
{
public:
    explicit ByteBudget(std::string file) : m_file(std::move(file)) {}

    // Counts `n` more bytes of the whole input.
    void input(uint64_t n)
    {
        m_input += n;
        if (m_input > input_limits().input_bytes)
            throw Error(fmt::format("{}: expands past {}, the limit for one input (NIXVET_MAX_INPUT_SIZE; "
                                    "docs/limits.md): not reading further",
                                    m_file, format_size(input_limits().input_bytes)));
    }

    // Counts `n` more bytes of the entry `name`, `*entry` bytes so far.
    void entry(const std::string& name, uint64_t& entry, uint64_t n)
    {
        entry += n;
        if (entry > input_limits().entry_bytes)
            throw Error(fmt::format("{}: entry '{}' expands past {}, the limit for one entry "
                                    "(NIXVET_MAX_ENTRY_SIZE; docs/limits.md): not reading further",
                                    m_file, terminal_safe(excerpt(name)), format_size(input_limits().entry_bytes)));
        input(n);
    }

private:
    std::string m_file;
    uint64_t m_input = 0;
};

// The entry being read from the image's tar: its stored bytes, hashed as they are read.
class OuterEntry
{
public:
    OuterEntry(struct archive* outer, const std::string& file, std::string name, ByteBudget& budget)
        : m_outer(outer), m_file(file), m_name(std::move(name)), m_budget(budget)
    {
    }

    // Up to `size` bytes of the entry; 0 at its end.
    size_t read(char* buffer, size_t size)
    {
        la_ssize_t n = archive_read_data(m_outer, buffer, size);
        if (n < 0)
            throw Error(fmt::format("{}: entry '{}': {}", m_file, terminal_safe(excerpt(m_name)), message(m_outer)));
        m_hash.update(std::string_view(buffer, static_cast<size_t>(n)));
        m_budget.entry(m_name, m_stored, static_cast<uint64_t>(n));
        return static_cast<size_t>(n);
    }

    // Reads the rest of the entry (so that its hash covers all of it); returns that hash.
    std::string finish()
    {
        char buffer[k_block];
        while (read(buffer, sizeof buffer) > 0) {
        }
        return m_hash.hex_digest();
    }

    [[nodiscard]] const std::string& name() const { return m_name; }
    /// The entry's bytes read so far, as stored in the image.
    [[nodiscard]] uint64_t stored() const { return m_stored; }

private:
    struct archive* m_outer;
    const std::string& m_file;
    std::string m_name;
    ByteBudget& m_budget;
    Sha256Stream m_hash;
    uint64_t m_stored = 0;
};

// Calls `visit(name, entry)` for each regular file of the archive `path`; `visit` may read the
// entry. The entries it does not read are skipped by libarchive when the image is a plain tar
// (a seek: nothing is decompressed) and read through here, counted, when it is compressed.
void for_each_entry(const std::string& path, ByteBudget& budget,
                    const std::function<void(const std::string&, int64_t, OuterEntry&)>& visit)
{
    ArchivePtr a = new_reader();
    if (archive_read_open_filename(a.get(), path.c_str(), k_block) != ARCHIVE_OK)
        throw Error(fmt::format("cannot read '{}': {}", path, message(a.get())));
    struct archive_entry* entry = nullptr;
    while (true) {
        int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            throw Error(path + ": not a readable tar archive: " + message(a.get()));
        budget.input(512); // a header
        bool compressed = archive_filter_count(a.get()) > 1;
        if (archive_entry_filetype(entry) != AE_IFREG)
            continue;
        OuterEntry e(a.get(), path, clean_name(archive_entry_pathname(entry)), budget);
        visit(e.name(), archive_entry_size(entry), e);
        if (compressed) {
            char buffer[k_block];
            while (e.read(buffer, sizeof buffer) > 0) {
            }
        }
    }
}

// The entry `e`, read whole when it is small enough to be a JSON document of the image.
std::string read_document(OuterEntry& e, const std::string& file)
{
    std::string content;
    char buffer[k_block];
    while (size_t n = e.read(buffer, sizeof buffer)) {
        content.append(buffer, n);
        if (content.size() > k_max_json)
            throw Error(fmt::format("{}: '{}' is larger than {}: not an image's {}", file,
                                    terminal_safe(excerpt(e.name())), format_size(k_max_json),
                                    e.name().starts_with("blobs/") ? "manifest, index or config" : "manifest"));
    }
    return content;
}

// A layer's tar, decompressed in two stages so that every byte is counted: `raw` undoes any
// compression (stacked ones too) and hands out the tar in blocks; `tar` reads the tar from those.
class LayerStream
{
public:
    LayerStream(OuterEntry& entry, ByteBudget& budget) : m_entry(entry), m_budget(budget) {}

    // Calls `visit(entry name)` for each entry of the layer's tar; returns the hashes of the
    // layer as stored and as a tar (after decompression), having read both to their end.
    std::pair<std::string, std::string> read(const std::string& file, const std::function<void(const char*)>& visit)
    {
        ArchivePtr raw(archive_read_new(), archive_read_free);
        archive_read_support_filter_all(raw.get());
        archive_read_support_format_raw(raw.get());
        archive_read_support_format_empty(raw.get());
        if (archive_read_open(raw.get(), this, nullptr, &LayerStream::stored_block, nullptr) != ARCHIVE_OK)
            throw layer_error(file, message(raw.get()));
        struct archive_entry* entry = nullptr;
        int rc = archive_read_next_header(raw.get(), &entry);
        m_raw = raw.get();
        m_raw_eof = rc == ARCHIVE_EOF;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_EOF)
            throw layer_error(file, message(raw.get()));

        ArchivePtr tar(archive_read_new(), archive_read_free);
        archive_read_support_format_tar(tar.get());
        archive_read_support_format_empty(tar.get());
        m_file = &file;
        if (archive_read_open(tar.get(), this, nullptr, &LayerStream::tar_block, nullptr) != ARCHIVE_OK)
            throw layer_error(file, "not a tar archive: " + message(tar.get()));
        while (true) {
            rc = archive_read_next_header(tar.get(), &entry);
            if (rc == ARCHIVE_EOF)
                break;
            if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
                if (m_error)
                    std::rethrow_exception(m_error);
                throw layer_error(file, fmt::format("damaged after {} entries: {}", m_entries, message(tar.get())));
            }
            if (++m_entries > k_max_entries)
                throw Error(
                    fmt::format("{}: more than {} entries in the layers; not reading further", file, k_max_entries));
            visit(archive_entry_pathname(entry));
        }
        if (m_error)
            std::rethrow_exception(m_error);
        // The rest of the stream (tar padding, trailing data) belongs to the layer's digests too.
        while (next_tar_block() > 0) {
        }
        return {m_entry.finish(), m_tar_hash.hex_digest()};
    }

private:
    Error layer_error(const std::string& file, const std::string& what) const
    {
        return Error(fmt::format("{}: layer '{}' {}", file, terminal_safe(excerpt(m_entry.name())), what));
    }

    static la_ssize_t stored_block(struct archive*, void* self, const void** out)
    {
        auto* s = static_cast<LayerStream*>(self);
        *out = s->m_stored;
        try {
            return static_cast<la_ssize_t>(s->m_entry.read(s->m_stored, sizeof s->m_stored));
        } catch (...) {
            s->m_error = std::current_exception();
            return -1;
        }
    }

    // The next block of the decompressed tar, counted and hashed; 0 at the end.
    size_t next_tar_block()
    {
        if (m_raw_eof)
            return 0;
        la_ssize_t n = archive_read_data(m_raw, m_tar, sizeof m_tar);
        if (n < 0) {
            if (m_error)
                std::rethrow_exception(m_error);
            throw layer_error(*m_file, "cannot be decompressed: " + message(m_raw));
        }
        if (n == 0) {
            m_raw_eof = true;
            return 0;
        }
        m_tar_hash.update(std::string_view(m_tar, static_cast<size_t>(n)));
        m_budget.entry(m_entry.name(), m_unpacked, static_cast<uint64_t>(n));
        if (input_limits().too_expanded(m_unpacked, m_entry.stored()))
            throw layer_error(*m_file, fmt::format("expands more than {} times its {} (a decompression bomb; "
                                                   "NIXVET_MAX_RATIO, docs/limits.md): not reading further",
                                                   input_limits().expansion_ratio, format_size(m_entry.stored())));
        return static_cast<size_t>(n);
    }

    static la_ssize_t tar_block(struct archive*, void* self, const void** out)
    {
        auto* s = static_cast<LayerStream*>(self);
        *out = s->m_tar;
        try {
            return static_cast<la_ssize_t>(s->next_tar_block());
        } catch (...) {
            s->m_error = std::current_exception();
            return -1;
        }
    }

    OuterEntry& m_entry;
    ByteBudget& m_budget;
    struct archive* m_raw = nullptr;
    bool m_raw_eof = false;
    const std::string* m_file = nullptr;
    Sha256Stream m_tar_hash;
    uint64_t m_unpacked = 0;
    size_t m_entries = 0;
    std::exception_ptr m_error;
    char m_stored[k_block];
    char m_tar[k_block];
};

// "sha256:<hex>" → "blobs/sha256/<hex>"; `where` names the document it came from.
std::string blob_of(const std::string& digest, const std::string& where)
{
    auto colon = digest.find(':');
    std::string_view alg = std::string_view(digest).substr(0, colon);
    std::string_view hex = colon == std::string::npos ? std::string_view{} : std::string_view(digest).substr(colon + 1);
    bool valid = !alg.empty() && !hex.empty() && std::all_of(alg.begin(), alg.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c));
    }) && std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (!valid)
        throw ParseError(where, 0, fmt::format("'{}' is not a digest (ALGORITHM:HEX)", terminal_safe(excerpt(digest))));
    return fmt::format("blobs/{}/{}", alg, hex);
}

// The hex digest a blob's name promises, when it is a SHA-256 ("blobs/sha256/<hex>" or docker's
// config "<hex>.json"; docker's "<id>/layer.tar" ids are not content hashes); else empty.
std::string promised_sha256(const std::string& name)
{
    auto hex64 = [](std::string_view s) {
        return s.size() == 64 &&
               std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    };
    std::string_view n = name;
    if (n.starts_with("blobs/sha256/") && hex64(n.substr(13)))
        return std::string(n.substr(13));
    if (n.ends_with(".json") && hex64(n.substr(0, n.size() - 5)))
        return std::string(n.substr(0, n.size() - 5));
    return {};
}

struct ImagePlan
{
    std::vector<ContainerImage::Image> images;
    std::map<std::string, std::string> diff_ids; ///< layer → its tar's sha256 (hex), from the configs
};

// Reads each wanted document of `path` in one pass: name → content, bounded in count and bytes,
// each checked against the digest its name promises.
std::map<std::string, std::string> read_documents(const std::string& path, const std::set<std::string>& wanted)
{
    std::map<std::string, std::string> documents;
    if (wanted.size() > k_max_documents)
        throw Error(fmt::format("{}: names more than {} manifests and configs; not an image nixvet reads", path,
                                k_max_documents));
    size_t total = 0;
    ByteBudget budget(path);
    for_each_entry(path, budget, [&](const std::string& name, int64_t, OuterEntry& e) {
        if (!wanted.count(name) || documents.count(name))
            return;
        std::string content = read_document(e, path);
        total += content.size();
        if (total > k_max_document_bytes)
            throw Error(fmt::format("{}: its manifests and configs add up to more than {}; not an image nixvet reads",
                                    path, format_size(k_max_document_bytes)));
        if (std::string promised = promised_sha256(name); !promised.empty()) {
            Sha256Stream h;
            h.update(content);
            if (std::string actual = h.hex_digest(); actual != promised)
                throw Error(fmt::format("{}: '{}' does not match its digest: its sha256 is {}", path,
                                        terminal_safe(excerpt(name)), actual));
        }
        documents.emplace(name, std::move(content));
    });
    return documents;
}

void plan_docker(const std::string& path, const std::string& manifest_json, ImagePlan& plan)
{
    const std::string where = path + ": manifest.json";
    simdjson::dom::parser parser;
    simdjson::dom::element root = dom_fields::parse_document(parser, manifest_json, where);
    simdjson::dom::array list;
    if (root.get_array().get(list) || list.size() == 0)
        throw ParseError(where, 0, "expected a non-empty array of images");
    std::set<std::string> configs;
    size_t index = 0;
    for (auto item : list) {
        ++index;
        ContainerImage::Image image;
        simdjson::dom::array tags;
        if (!item["RepoTags"].get_array().get(tags)) {
            for (auto t : tags) {
                std::string_view s;
                if (!t.get_string().get(s))
                    image.name += (image.name.empty() ? "" : ", ") + std::string(s);
            }
        }
        if (image.name.empty())
            image.name = fmt::format("image {} of manifest.json", index);
        simdjson::dom::array layers;
        if (item["Layers"].get_array().get(layers))
            throw ParseError(where, 0, fmt::format("image {} has no \"Layers\" list", index));
        size_t n = 0;
        for (auto l : layers) {
            ++n;
            std::string_view s;
            if (l.get_string().get(s))
                throw ParseError(where, 0, fmt::format("image {}: \"Layers\" entry {} is not a string", index, n));
            image.layers.push_back(clean_name(s));
        }
        std::string_view config;
        if (!item["Config"].get_string().get(config))
            image.config = clean_name(config);
        if (!image.config.empty())
            configs.insert(image.config);
        plan.images.push_back(std::move(image));
    }
    // The configs say what each layer's tar hashes to (rootfs.diff_ids): checked as layers are read.
    if (configs.empty())
        return;
    auto documents = read_documents(path, configs);
    for (const auto& image : plan.images) {
        auto it = documents.find(image.config);
        if (it == documents.end())
            throw ParseError(path, 0,
                             fmt::format("the config '{}' named by manifest.json is not in the archive",
                                         terminal_safe(excerpt(image.config))));
        simdjson::dom::parser config_parser;
        simdjson::dom::element config =
            dom_fields::parse_document(config_parser, it->second, path + ": " + image.config);
        simdjson::dom::array ids;
        if (config["rootfs"]["diff_ids"].get_array().get(ids))
            continue;
        if (ids.size() != image.layers.size())
            throw ParseError(
                path + ": " + image.config, 0,
                fmt::format("rootfs.diff_ids has {} digests for {} layers", ids.size(), image.layers.size()));
        size_t i = 0;
        for (auto id : ids) {
            std::string_view digest;
            if (id.get_string().get(digest) || !digest.starts_with("sha256:"))
                throw ParseError(path + ": " + image.config, 0,
                                 "rootfs.diff_ids holds something else than sha256 digests");
            plan.diff_ids.emplace(image.layers[i++], std::string(digest.substr(7)));
        }
    }
}

void plan_oci(const std::string& path, const std::string& index_json, ImagePlan& plan)
{
    // Each level: the documents (index.json, then blobs) whose "manifests" lead further.
    struct Pending
    {
        std::string where; ///< the document naming it
        std::string blob;
        std::string name;
    };
    std::vector<Pending> pending;
    auto add_manifests = [&](simdjson::dom::element doc, const std::string& where, const std::string& inherited) {
        simdjson::dom::array manifests;
        if (doc["manifests"].get_array().get(manifests) || manifests.size() == 0)
            throw ParseError(where, 0, "no \"manifests\"");
        for (auto m : manifests) {
            std::string_view digest;
            if (m["digest"].get_string().get(digest))
                throw ParseError(where, 0, "a manifest without a \"digest\"");
            std::string name = inherited;
            std::string_view ref;
            if (!m["annotations"]["org.opencontainers.image.ref.name"].get_string().get(ref))
                name = std::string(ref);
            if (name.empty())
                name = std::string(digest.substr(0, 19));
            pending.push_back({where, blob_of(std::string(digest), where), name});
        }
    };
    {
        simdjson::dom::parser parser;
        add_manifests(dom_fields::parse_document(parser, index_json, path + ": index.json"), path + ": index.json", "");
    }
    for (int depth = 0; !pending.empty(); ++depth) {
        if (depth == k_max_index_depth)
            throw Error(fmt::format("{}: indexes nested more than {} deep; not an image nixvet reads", path,
                                    k_max_index_depth));
        std::set<std::string> wanted;
        for (const auto& p : pending)
            wanted.insert(p.blob);
        auto documents = read_documents(path, wanted);
        std::vector<Pending> level = std::move(pending);
        pending.clear();
        for (const auto& p : level) {
            auto it = documents.find(p.blob);
            if (it == documents.end())
                throw ParseError(p.where, 0, fmt::format("names {}, which is not in the archive", p.blob));
            std::string where = path + ": " + p.blob;
            simdjson::dom::parser parser;
            simdjson::dom::element doc = dom_fields::parse_document(parser, it->second, where);
            simdjson::dom::array layers;
            if (doc["layers"].get_array().get(layers)) {
                if (doc["manifests"].get_array().get(layers))
                    throw ParseError(where, 0, "neither an image manifest (\"layers\") nor an index (\"manifests\")");
                add_manifests(doc, where, p.name);
                continue;
            }
            ContainerImage::Image image;
            image.name = p.name;
            image.config = p.blob;
            for (auto l : layers) {
                std::string_view digest;
                if (l["digest"].get_string().get(digest))
                    throw ParseError(where, 0, "a layer without a \"digest\"");
                image.layers.push_back(blob_of(std::string(digest), where));
            }
            plan.images.push_back(std::move(image));
        }
    }
}

} // namespace

bool looks_like_image(const std::string& path)
{
    try {
        bool docker = false;
        bool oci = false;
        ByteBudget budget(path);
        ArchivePtr a = new_reader();
        if (archive_read_open_filename(a.get(), path.c_str(), k_block) != ARCHIVE_OK)
            return false;
        struct archive_entry* entry = nullptr;
        while (archive_read_next_header(a.get(), &entry) == ARCHIVE_OK) {
            std::string name = clean_name(archive_entry_pathname(entry));
            docker |= name == "manifest.json";
            oci |= name == "oci-layout";
            if (docker || oci)
                break;
        }
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
    // Pass 1: the top-level documents only (docker's manifest.json, OCI's index.json).
    std::map<std::string, std::string> top;
    bool oci_layout = false;
    {
        ByteBudget budget(path);
        for_each_entry(path, budget, [&](const std::string& name, int64_t, OuterEntry& e) {
            oci_layout |= name == "oci-layout";
            if ((name == "manifest.json" || name == "index.json") && !top.count(name))
                top.emplace(name, read_document(e, path));
        });
    }
    ImagePlan plan;
    if (auto it = top.find("manifest.json"); it != top.end()) {
        image.format = "docker-archive";
        plan_docker(path, it->second, plan);
    } else if (oci_layout && top.count("index.json")) {
        image.format = "oci";
        plan_oci(path, top["index.json"], plan);
    } else {
        throw Error(fmt::format("{}: not a container image: no manifest.json (docker-archive) nor oci-layout and "
                                "index.json (OCI)",
                                path));
    }
    image.images = plan.images;
    for (const auto& i : plan.images) {
        for (const auto& l : i.layers) {
            if (std::find(image.layers.begin(), image.layers.end(), l) == image.layers.end())
                image.layers.push_back(l);
        }
    }

    // Last pass: the layers, each streamed from the image's tar and checked against its digests.
    std::set<std::string> wanted(image.layers.begin(), image.layers.end());
    std::set<std::string> seen;
    std::set<std::string> paths;
    ByteBudget budget(path);
    size_t entries = 0;
    for_each_entry(path, budget, [&](const std::string& name, int64_t, OuterEntry& e) {
        if (!wanted.count(name) || !seen.insert(name).second)
            return;
        LayerStream layer(e, budget);
        auto [stored, tar] = layer.read(path, [&](const char* raw) {
            if (++entries > k_max_entries)
                throw Error(
                    fmt::format("{}: more than {} entries in the layers; not reading further", path, k_max_entries));
            std::string entry = clean_name(raw);
            if (!entry.starts_with("nix/store/"))
                return;
            std::string_view base = std::string_view(entry).substr(10);
            base = base.substr(0, base.find('/'));
            if (base.starts_with(".wh."))
                return; // an overlay whiteout: a deletion, not a path
            if (StorePath::check_base_name(base).empty())
                paths.emplace(base);
        });
        bool checked = false;
        if (std::string promised = promised_sha256(name); !promised.empty()) {
            if (promised != stored)
                throw Error(fmt::format("{}: layer '{}' does not match its digest: its sha256 is {}", path,
                                        terminal_safe(excerpt(name)), stored));
            checked = true;
        }
        if (auto it = plan.diff_ids.find(name); it != plan.diff_ids.end()) {
            if (it->second != tar)
                throw Error(fmt::format("{}: layer '{}' does not match the config's rootfs.diff_ids: its tar's sha256 "
                                        "is {}, the config says {}",
                                        path, terminal_safe(excerpt(name)), tar, terminal_safe(excerpt(it->second))));
            checked = true;
        }
        image.verified_layers += checked ? 1 : 0;
    });
    for (const auto& layer : image.layers) {
        if (!seen.count(layer))
            throw ParseError(
                path, 0,
                fmt::format("layer '{}' of the manifest is not in the archive", terminal_safe(excerpt(layer))));
    }
    image.store_paths.assign(paths.begin(), paths.end());
    return image;
}

} // namespace nixvet

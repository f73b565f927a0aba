// SPDX-License-Identifier: MIT
// The derivation cache file. Layout (integers little-endian):
//   0   8  magic "NIXVETDP"
//   8   4  format version
//   12  4  number of entries N
//   16  8  file size
//   24  8  checksum of every other byte of the file
//   32  4  length L of the store directory
//   36  4  zero
//   40  L  the store directory, then zeros up to a multiple of 8
//   index: N entries of 24 bytes sorted by (key, path): u64 pack_key(path), u32 path offset,
//          u32 path length, u32 summary offset, u32 summary length
//   then the paths and summaries the index points to.
#include "store/derivation_pack.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nixvet {

namespace {

constexpr std::string_view k_magic = "NIXVETDP";
constexpr uint32_t k_version = 2; // 2: summaries keep nativeBuildInputs
constexpr size_t k_header = 40;
constexpr size_t k_entry = 24;

// A pack of another format version.
class OtherFormat : public Error
{
public:
    using Error::Error;
};

uint64_t load64(const char* p)
{
    uint64_t v = 0;
    std::memcpy(&v, p, 8);
    return v; // the cache is read by the machine that wrote it; x86-64 and aarch64 are little-endian
}

uint32_t load32(const char* p)
{
    uint32_t v = 0;
    std::memcpy(&v, p, 4);
    return v;
}

void put64(std::string& out, uint64_t v)
{
    out.append(reinterpret_cast<const char*>(&v), 8);
}

void put32(std::string& out, size_t v)
{
    if (v > UINT32_MAX)
        throw Error("the derivation cache would exceed 4 GiB");
    auto u = static_cast<uint32_t>(v);
    out.append(reinterpret_cast<const char*>(&u), 4);
}

// A fast checksum that catches a damaged file (not an adversary: the cache lives in the user's
// own directory, next to the vulnerability database). Offsets are checked where they are used.
uint64_t checksum(const char* data, size_t size)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ size;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        h ^= load64(data + i);
        h *= 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    for (; i < size; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 0xC4CEB9FE1A85EC53ULL;
    }
    return h ^ (h >> 29);
}

// The checksum of the whole file but its own 8 bytes.
uint64_t pack_checksum(const char* data, size_t size)
{
    return checksum(data, 24) * 31 + checksum(data + 32, size - 32);
}

} // namespace

uint64_t pack_key(std::string_view path)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : path) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string derivation_pack_refusal(const std::string& file)
{
    struct stat st
    {
    };
    if (::lstat(file.c_str(), &st) != 0)
        return errno == ENOENT || errno == ENOTDIR
                   ? std::string()
                   : fmt::format("cannot use {} as the derivation cache: {}", file, std::strerror(errno));
    auto refuse = [&](std::string_view what) {
        return fmt::format("{} is {}, not a nixvet derivation cache: nixvet neither reads nor replaces it (name "
                           "another file with --drv-cache or NIXVET_DRV_CACHE)",
                           file, what);
    };
    if (S_ISLNK(st.st_mode))
        return refuse("a symbolic link");
    if (!S_ISREG(st.st_mode))
        return refuse(S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return fmt::format("cannot use {} as the derivation cache: {}", file, std::strerror(errno));
    char head[8] = {};
    ssize_t n = ::read(fd, head, sizeof head);
    ::close(fd);
    if (n != static_cast<ssize_t>(k_magic.size()) || std::string_view(head, 8) != k_magic)
        return refuse(st.st_size == 0 ? "an empty file" : "a file of something else");
    return {};
}

std::unique_ptr<DerivationPack> DerivationPack::open(const std::string& file, const StoreDir& store_dir)
{
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return nullptr; // no cache yet; whether one can be written is for the writer to say
        throw Error(fmt::format("cannot open the derivation cache {}: {}", file, std::strerror(errno)));
    }
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        int e = errno;
        ::close(fd);
        throw Error(fmt::format("cannot read the derivation cache {}: {}", file, std::strerror(e)));
    }
    auto size = static_cast<size_t>(st.st_size);
    void* map = size == 0 ? MAP_FAILED : ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int map_errno = errno;
    ::close(fd);
    if (size == 0)
        throw ParseError(file, 0, "damaged derivation cache: the file is empty");
    if (map == MAP_FAILED)
        throw Error(fmt::format("cannot map the derivation cache {}: {}", file, std::strerror(map_errno)));
    std::unique_ptr<DerivationPack> pack(new DerivationPack());
    pack->m_file = file;
    pack->m_data = static_cast<const char*>(map);
    pack->m_size = size;
    pack->m_mapped = true;
    try {
        pack->check(store_dir);
    } catch (const OtherFormat&) {
        return nullptr; // written by another nixvet version: replaced without a word, it is not damage
    }
    return pack;
}

std::unique_ptr<DerivationPack> DerivationPack::from_bytes(std::string bytes, const std::string& file,
                                                           const StoreDir& store_dir)
{
    std::unique_ptr<DerivationPack> pack(new DerivationPack());
    pack->m_file = file;
    pack->m_bytes = std::move(bytes);
    pack->m_data = pack->m_bytes.data();
    pack->m_size = pack->m_bytes.size();
    pack->check(store_dir);
    return pack;
}

void DerivationPack::check(const StoreDir& store_dir)
{
    const char* d = m_data;
    auto fail = [&](size_t offset, const std::string& message) {
        throw ParseError(m_file, offset, "damaged derivation cache: " + message);
    };
    if (m_size < k_header)
        fail(m_size, "shorter than its header");
    if (std::string_view(d, 8) != k_magic)
        fail(0, "not a nixvet derivation cache (wrong magic)");
    if (uint32_t v = load32(d + 8); v != k_version)
        throw OtherFormat(
            fmt::format("the derivation cache {} has format {}, this nixvet writes {}", m_file, v, k_version));
    if (load64(d + 16) != m_size)
        fail(16, fmt::format("it says it has {} bytes but has {}", load64(d + 16), m_size));
    if (pack_checksum(d, m_size) != load64(d + 24))
        fail(24, "checksum mismatch");
    size_t dir_length = load32(d + 32);
    if (dir_length > m_size - k_header)
        fail(32, "the store directory runs past the end");
    if (std::string_view(d + k_header, dir_length) != store_dir.str())
        throw Error(fmt::format("the derivation cache {} is for store {}, not {}", m_file,
                                std::string_view(d + k_header, dir_length), store_dir.str()));
    m_count = load32(d + 12);
    m_index = (k_header + dir_length + 7) / 8 * 8;
    if (m_index > m_size || m_count > (m_size - m_index) / k_entry)
        fail(12, "the index runs past the end");
}

DerivationPack::~DerivationPack()
{
    if (m_mapped)
        ::munmap(const_cast<char*>(m_data), m_size);
}

std::pair<std::string_view, std::string_view> DerivationPack::entry(size_t i) const
{
    const char* e = m_data + m_index + i * k_entry;
    size_t path_offset = load32(e + 8);
    size_t path_length = load32(e + 12);
    size_t summary_offset = load32(e + 16);
    size_t summary_length = load32(e + 20);
    if (path_offset > m_size || path_length > m_size - path_offset || summary_offset > m_size ||
        summary_length > m_size - summary_offset)
        throw ParseError(m_file, m_index + i * k_entry, "damaged derivation cache: an index entry points past the end");
    return {std::string_view(m_data + path_offset, path_length),
            std::string_view(m_data + summary_offset, summary_length)};
}

std::optional<std::pair<std::string_view, size_t>> DerivationPack::find(std::string_view drv_path) const
{
    uint64_t key = pack_key(drv_path);
    const char* index = m_data + m_index;
    size_t lo = 0;
    size_t hi = m_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (load64(index + mid * k_entry) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < m_count && load64(index + i * k_entry) == key; ++i) {
        auto [path, summary] = entry(i);
        if (path == drv_path)
            return std::make_pair(summary, static_cast<size_t>(summary.data() - m_data));
    }
    return std::nullopt;
}

std::vector<std::pair<std::string_view, std::string_view>> DerivationPack::entries() const
{
    std::vector<std::pair<std::string_view, std::string_view>> all;
    all.reserve(m_count);
    for (size_t i = 0; i < m_count; ++i)
        all.push_back(entry(i));
    return all;
}

void seal_derivation_pack(std::string& bytes)
{
    if (bytes.size() < k_header)
        return;
    uint64_t size = bytes.size();
    std::memcpy(bytes.data() + 16, &size, 8);
    uint64_t sum = pack_checksum(bytes.data(), bytes.size());
    std::memcpy(bytes.data() + 24, &sum, 8);
}

void write_derivation_pack(const std::string& file, const StoreDir& store_dir,
                           std::vector<std::pair<std::string_view, std::string_view>> entries)
{
    std::vector<std::pair<uint64_t, size_t>> order;
    order.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i)
        order.emplace_back(pack_key(entries[i].first), i);
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : entries[a.second].first < entries[b.second].first;
    });

    std::string out(k_magic);
    put32(out, k_version);
    put32(out, entries.size());
    put64(out, 0); // size, set below
    put64(out, 0); // checksum, set below
    put32(out, store_dir.str().size());
    put32(out, 0);
    out += store_dir.str();
    out.resize((out.size() + 7) / 8 * 8, '\0');
    size_t index = out.size();
    out.resize(index + entries.size() * k_entry, '\0');
    std::string entry;
    for (size_t i = 0; i < order.size(); ++i) {
        const auto& [path, summary] = entries[order[i].second];
        entry.clear();
        put64(entry, order[i].first);
        put32(entry, out.size());
        put32(entry, path.size());
        out += path;
        put32(entry, out.size());
        put32(entry, summary.size());
        out += summary;
        std::memcpy(out.data() + index + i * k_entry, entry.data(), k_entry);
    }
    seal_derivation_pack(out);

    std::filesystem::path target(file);
    std::error_code ec;
    if (target.has_parent_path())
        std::filesystem::create_directories(target.parent_path(), ec);
    if (std::string refusal = derivation_pack_refusal(file); !refusal.empty())
        throw Error(refusal);
    // A new name nobody can have planted a link at: mkstemp creates it with O_EXCL.
    std::string temp = file + ".XXXXXX";
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0)
        throw Error(fmt::format("cannot write the derivation cache {}: {}", file, std::strerror(errno)));
    ::fchmod(fd, 0644);
    size_t written = 0;
    while (written < out.size()) {
        ssize_t n = ::write(fd, out.data() + written, out.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            throw Error(fmt::format("cannot write the derivation cache {}: {}", file, std::strerror(e)));
        }
        written += static_cast<size_t>(n);
    }
    if (::close(fd) != 0 || ::rename(temp.c_str(), file.c_str()) != 0) {
        int e = errno;
        ::unlink(temp.c_str());
        throw Error(fmt::format("cannot write the derivation cache {}: {}", file, std::strerror(e)));
    }
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "store/derivation_cache.hpp"

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/limits.hpp"
#include "store/content_address.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

namespace nixvet {

namespace {

// Past this size a pack starts over with this run's derivations, so it cannot grow without end.
constexpr size_t k_max_pack_bytes = size_t{64} << 20;

// The name of `drv_path` when it is directly in `store_dir`, else empty.
std::string_view base_name_in(std::string_view drv_path, const StoreDir& store_dir)
{
    const std::string& dir = store_dir.str();
    if (drv_path.size() <= dir.size() + 1 || !drv_path.starts_with(dir) || drv_path[dir.size()] != '/')
        return {};
    std::string_view base = drv_path.substr(dir.size() + 1);
    return StorePath::check_base_name(base).empty() ? base : std::string_view{};
}

} // namespace

DerivationCache::DerivationCache(StoreDir store_dir) : m_store_dir(std::move(store_dir)) {}

DerivationCache::~DerivationCache()
{
    if (m_store_fd >= 0)
        ::close(m_store_fd);
}

void DerivationCache::use_pack(const std::string& file)
{
    if (!m_cache.empty())
        throw std::logic_error("DerivationCache::use_pack after get()");
    m_pack.reset();
    if (std::string refusal = derivation_pack_refusal(file); !refusal.empty()) {
        m_warnings.push_back(refusal + "; the derivations are read from the store");
        m_pack_file.clear();
        return;
    }
    m_pack_file = file;
    try {
        m_pack = DerivationPack::open(file, m_store_dir);
    } catch (const Error& e) {
        m_warnings.push_back(
            fmt::format("{}; nixvet reads the derivations from the store and writes a new cache", e.what()));
    }
    if (m_store_fd < 0)
        m_store_fd = ::open(m_store_dir.str().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

std::unique_ptr<Derivation> DerivationCache::from_pack(std::string_view drv_path, bool& found)
{
    found = false;
    std::string_view base = base_name_in(drv_path, m_store_dir);
    if (!m_pack || base.empty() || m_store_fd < 0)
        return nullptr;
    auto hit = m_pack->find(drv_path);
    if (!hit)
        return nullptr;
    found = true;
    // The summary cannot be stale (a .drv's name is the hash of its contents), but the file may
    // have been garbage-collected since: then it is missing, exactly as without the cache.
    char name[StorePath::k_hash_length + StorePath::k_max_name_length + 2];
    if (base.size() >= sizeof name)
        return nullptr;
    base.copy(name, base.size());
    name[base.size()] = '\0';
    if (::faccessat(m_store_fd, name, F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return nullptr;
    ++m_from_pack;
    return std::make_unique<Derivation>(
        Derivation::from_summary(std::string(drv_path), hit->first, m_pack->file(), hit->second));
}

std::unique_ptr<Derivation> DerivationCache::from_store(const std::string& drv_path)
{
    // A .drv in the store is the file itself: a link there (to /dev/zero, out of the store) is
    // refused, as is a file larger than any real derivation. A copy elsewhere is the user's own.
    bool in_store = !base_name_in(drv_path, m_store_dir).empty();
    ReadLimit limit{input_limits().derivation_bytes, in_store ? Symlinks::refuse : Symlinks::follow};
    std::optional<std::string> text = read_file_if_present(drv_path, limit);
    if (!text)
        return nullptr;
    std::string_view base = m_pack_file.empty() ? std::string_view{} : base_name_in(drv_path, m_store_dir);
    Sha256 hash{};
    if (!base.empty())
        hash = sha256(*text);
    auto drv = std::make_unique<Derivation>(parse_derivation_file(std::move(*text), drv_path, m_store_dir));
    if (base.empty())
        return drv;
    // Only a file whose contents give its own name is remembered: its summary can never go stale.
    std::vector<std::string_view> references(drv->input_srcs.begin(), drv->input_srcs.end());
    for (const auto& input : drv->input_drvs)
        references.push_back(input.path);
    std::string_view name = base.substr(StorePath::k_hash_length + 1);
    if (text_store_path(name, hash, std::move(references), m_store_dir) == drv_path)
        m_new.emplace_back(drv_path, drv->summary());
    return drv;
}

const Derivation* DerivationCache::get(std::string_view drv_path)
{
    if (auto it = m_cache.find(drv_path); it != m_cache.end())
        return it->second.get();
    bool in_pack = false;
    std::unique_ptr<Derivation> drv = from_pack(drv_path, in_pack);
    std::string path(drv_path);
    if (!in_pack)
        drv = from_store(path);
    const Derivation* result = drv.get();
    m_cache.emplace(std::move(path), std::move(drv));
    return result;
}

size_t DerivationCache::save_pack()
{
    if (m_pack_file.empty() || m_new.empty())
        return 0;
    std::vector<std::pair<std::string_view, std::string_view>> entries;
    if (m_pack && m_pack->file_size() < k_max_pack_bytes) {
        try {
            entries = m_pack->entries();
        } catch (const ParseError& e) {
            m_warnings.push_back(fmt::format("{}; nixvet writes a new cache", e.what()));
            entries.clear();
        }
    }
    entries.reserve(entries.size() + m_new.size());
    for (const auto& [path, summary] : m_new)
        entries.emplace_back(path, summary);
    write_derivation_pack(m_pack_file, m_store_dir, std::move(entries));
    size_t added = m_new.size();
    m_new.clear();
    return added;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "inventory/inventory.hpp"

#include "inventory/drv_name.hpp"
#include "inventory/version.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <unordered_map>

namespace nixvet {

const char* name_evidence_name(NameEvidence e)
{
    switch (e) {
    case NameEvidence::derivation_env: return "env";
    case NameEvidence::derivation_name: return "drv-name";
    case NameEvidence::deriver_name: return "deriver-name";
    case NameEvidence::store_path_name: return "store-path-name";
    case NameEvidence::sbom: return "sbom";
    }
    return "?";
}

std::vector<std::string> Package::source_urls() const
{
    std::vector<std::string> urls;
    for (const auto& s : sources) {
        for (const auto& u : s.urls) {
            if (std::find(urls.begin(), urls.end(), u) == urls.end())
                urls.push_back(u);
        }
    }
    return urls;
}

bool is_common_output_name(std::string_view name)
{
    static constexpr std::array<std::string_view, 17> k_outputs = {
        "bin",   "dev",     "lib",  "out",     "man", "doc",    "devdoc",   "info",          "static",
        "debug", "libexec", "data", "modules", "py",  "python", "terminfo", "installedTests"};
    return std::find(k_outputs.begin(), k_outputs.end(), name) != k_outputs.end();
}

namespace {

// The base name of a store path (or of a path inside one), without the hash.
std::string_view path_name(std::string_view path)
{
    if (auto slash = path.rfind('/'); slash != std::string_view::npos)
        path = path.substr(slash + 1);
    if (path.size() > StorePath::k_hash_length + 1 && path[StorePath::k_hash_length] == '-')
        path = path.substr(StorePath::k_hash_length + 1);
    return path;
}

// The store path a string in the environment names, or empty.
std::string store_path_of(std::string_view s, const StoreDir& store_dir)
{
    const std::string& dir = store_dir.str();
    if (!s.starts_with(dir) || s.size() <= dir.size() + 1 || s[dir.size()] != '/')
        return {};
    size_t end = s.find('/', dir.size() + 1);
    return std::string(end == std::string_view::npos ? s : s.substr(0, end));
}

// An output path of an input derivation, and that derivation.
struct Producer
{
    std::string_view output;
    std::string_view drv_path;
    const Derivation* drv;
};

class PackageReader
{
public:
    explicit PackageReader(DerivationCache& drvs) : m_drvs(drvs) {}

    Package from_derivation(const std::string& drv_path, const Derivation& drv)
    {
        Package p;
        p.drv_path = drv_path;
        p.name = std::string(drv.name());
        auto pname = drv.attr("pname");
        auto version = drv.attr("version");
        if (pname && !pname->empty()) {
            p.pname = std::string(*pname);
            p.version = version ? std::string(*version) : DrvName::parse(p.name).version;
            p.evidence = NameEvidence::derivation_env;
        } else {
            DrvName split = DrvName::parse(p.name);
            p.pname = std::move(split.name);
            p.version = std::move(split.version);
            p.evidence = NameEvidence::derivation_name;
        }
        p.system = std::string(drv.system);
        p.fixed_output = drv.is_fixed_output();
        for (const auto& out : drv.outputs)
            p.outputs.emplace_back(std::string(out.name), std::string(out.path));
        if (p.fixed_output)
            p.sources.push_back(fixed_output_ref(drv_path, drv, std::string(drv.outputs[0].path)));

        m_producers.clear();
        m_producer_index.clear();
        m_producers_loaded = false;
        if (auto src = drv.attr("src"))
            add_refs(drv, std::vector<std::string_view>{*src}, p.sources);
        add_refs(drv, drv.attr_list("srcs"), p.sources);
        add_refs(drv, drv.attr_list("patches"), p.patches);
        for (auto input : drv.attr_list("nativeBuildInputs")) {
            if (std::string path = store_path_of(input, m_drvs.store_dir()); !path.empty())
                p.native_build_inputs.emplace_back(path_name(path));
        }
        return p;
    }

    // A package known only by the name of its `.drv` (the database records it; the file is gone).
    static Package from_deriver_name(const std::string& drv_path)
    {
        Package p;
        p.drv_path = drv_path;
        std::string_view name = path_name(drv_path);
        if (name.ends_with(".drv"))
            name.remove_suffix(4);
        p.name = std::string(name);
        DrvName split = DrvName::parse(p.name);
        p.pname = std::move(split.name);
        p.version = std::move(split.version);
        p.evidence = NameEvidence::deriver_name;
        return p;
    }

    // A path with no known derivation: named from the path, without a trailing output name.
    static Package from_store_path(const std::string& path)
    {
        Package p;
        std::string_view name = path_name(path);
        if (auto dash = name.rfind('-'); dash != std::string_view::npos && is_common_output_name(name.substr(dash + 1)))
            name = name.substr(0, dash);
        p.name = std::string(name);
        DrvName split = DrvName::parse(p.name);
        p.pname = std::move(split.name);
        p.version = std::move(split.version);
        p.evidence = NameEvidence::store_path_name;
        p.outputs.emplace_back("out", path);
        return p;
    }

private:
    SourceRef fixed_output_ref(const std::string& drv_path, const Derivation& drv, std::string path)
    {
        SourceRef ref;
        ref.path = std::move(path);
        ref.name = std::string(path_name(ref.path));
        ref.drv_path = drv_path;
        for (auto u : drv.attr_list("urls"))
            ref.urls.emplace_back(u);
        if (auto u = drv.attr("url");
            u && !u->empty() && std::find(ref.urls.begin(), ref.urls.end(), *u) == ref.urls.end())
            ref.urls.emplace_back(*u);
        if (auto rev = drv.attr("rev"))
            ref.rev = std::string(*rev);
        if (!drv.outputs.empty())
            ref.hash = std::string(drv.outputs[0].hash);
        return ref;
    }

    void load_producers(const Derivation& drv)
    {
        m_producers_loaded = true;
        for (const auto& input : drv.input_drvs) {
            const Derivation* producer = m_drvs.get(input.path);
            if (!producer)
                continue;
            for (const auto& out : producer->outputs) {
                if (!out.path.empty())
                    m_producers.push_back({out.path, input.path, producer});
            }
        }
    }

    // The input derivation of the current package that produces `store_path`, or nullptr.
    const Producer* producer_of(std::string_view store_path)
    {
        if (m_producers.size() <= 64) {
            for (const auto& p : m_producers) {
                if (p.output == store_path)
                    return &p;
            }
            return nullptr;
        }
        if (m_producer_index.empty()) {
            for (size_t i = 0; i < m_producers.size(); ++i)
                m_producer_index.emplace(m_producers[i].output, i);
        }
        auto it = m_producer_index.find(store_path);
        return it == m_producer_index.end() ? nullptr : &m_producers[it->second];
    }

    void add_refs(const Derivation& drv, const std::vector<std::string_view>& items, std::vector<SourceRef>& into)
    {
        for (auto item : items) {
            if (item.empty())
                continue;
            std::string store_path = store_path_of(item, m_drvs.store_dir());
            if (store_path.empty()) {
                SourceRef ref;
                ref.name = std::string(path_name(item));
                into.push_back(std::move(ref));
                continue;
            }
            if (!m_producers_loaded)
                load_producers(drv);
            const Producer* producer = producer_of(store_path);
            SourceRef ref;
            if (producer && producer->drv->is_fixed_output()) {
                ref = fixed_output_ref(std::string(producer->drv_path), *producer->drv, store_path);
            } else {
                ref.path = store_path;
                if (producer)
                    ref.drv_path = std::string(producer->drv_path);
            }
            ref.path = std::string(item);
            ref.name = std::string(path_name(item));
            into.push_back(std::move(ref));
        }
    }

    DerivationCache& m_drvs;
    bool m_producers_loaded = false;
    // The outputs of the current package's input derivations (a package has tens, not thousands).
    std::vector<Producer> m_producers;
    std::unordered_map<std::string_view, size_t> m_producer_index; ///< by output, for packages with many inputs
};

bool package_less(const Package& a, const Package& b)
{
    if (a.pname != b.pname)
        return a.pname < b.pname;
    if (int c = compare_versions(a.version, b.version); c != 0)
        return c < 0;
    if (a.drv_path != b.drv_path)
        return a.drv_path < b.drv_path;
    return a.outputs < b.outputs;
}

} // namespace

Inventory build_inventory(const Closure& closure, DerivationCache& drvs)
{
    Inventory inv;
    inv.notes = closure.notes;
    for (size_t i = 0; i < closure.targets.size(); ++i) {
        const Target& t = closure.targets[i];
        inv.targets.push_back({t.argument, t.path, t.kind == Target::Kind::derivation ? "derivation" : "output",
                               closure_mode_name(closure.modes.at(i))});
    }
    inv.runtime_paths = closure.runtime_paths.size();
    inv.derivations = closure.derivations.size();
    inv.input_sources = closure.input_sources.size();

    PackageReader reader(drvs);
    std::vector<Package> all;
    all.reserve(closure.derivations.size() + closure.runtime_paths.size());
    std::unordered_map<std::string_view, size_t> by_drv; // views of the closure's strings
    by_drv.reserve(all.capacity());
    auto package_for_drv = [&](const std::string& drv_path) -> Package& {
        if (auto it = by_drv.find(drv_path); it != by_drv.end())
            return all[it->second];
        const Derivation* drv = drvs.get(drv_path);
        all.push_back(drv ? reader.from_derivation(drv_path, *drv) : PackageReader::from_deriver_name(drv_path));
        by_drv.emplace(drv_path, all.size() - 1);
        return all.back();
    };

    for (const auto& drv_path : closure.derivations)
        package_for_drv(drv_path).in_build = true;

    size_t missing_drvs = 0;
    size_t unknown_origin = 0;
    for (const auto& info : closure.runtime_paths) {
        if (info.origin_unknown && !info.path.ends_with(".drv")) {
            // In an image, not in this store: a package known by its store path's name only.
            Package p = PackageReader::from_store_path(info.path);
            p.in_runtime = true;
            p.closure_paths.push_back(info.path);
            all.push_back(std::move(p));
            ++unknown_origin;
            continue;
        }
        if (info.deriver.empty() || info.path.ends_with(".drv")) {
            Package p = PackageReader::from_store_path(info.path);
            p.in_runtime = true;
            p.closure_paths.push_back(info.path);
            p.fixed_output = true; // a plain source: added to the store, not built
            all.push_back(std::move(p));
            continue;
        }
        bool known = by_drv.count(info.deriver) != 0;
        Package& p = package_for_drv(info.deriver);
        if (!known && p.evidence == NameEvidence::deriver_name)
            ++missing_drvs;
        p.in_runtime = true;
        p.closure_paths.push_back(info.path);
        if (p.evidence == NameEvidence::deriver_name) {
            // Without the .drv the outputs are only known from the paths: "jq-1.6-bin" is output "bin".
            std::string_view name = path_name(info.path);
            std::string output = "out";
            if (name.size() > p.name.size() + 1 && name.starts_with(p.name) && name[p.name.size()] == '-')
                output = std::string(name.substr(p.name.size() + 1));
            p.outputs.emplace_back(output, info.path);
        }
    }
    if (unknown_origin > 0)
        inv.notes.push_back(std::to_string(unknown_origin) +
                            " store path(s) of the image are not valid in this store: those packages are named from "
                            "store paths only (lower confidence); build or copy the image's closure here for more");
    if (missing_drvs > 0)
        inv.notes.push_back(std::to_string(missing_drvs) +
                            " derivation file(s) are not in the store: those packages are named from store paths "
                            "only (lower confidence)");

    // Sorted as pointers, then each package moved once into place.
    std::vector<Package*> packages;
    std::vector<Package*> sources;
    for (auto& p : all) {
        std::sort(p.closure_paths.begin(), p.closure_paths.end());
        if (p.fixed_output) {
            sources.push_back(&p);
        } else {
            if (!is_high_confidence(p.evidence))
                ++inv.low_confidence;
            packages.push_back(&p);
        }
    }
    auto less = [](const Package* a, const Package* b) { return package_less(*a, *b); };
    std::sort(packages.begin(), packages.end(), less);
    std::sort(sources.begin(), sources.end(), less);
    inv.packages.reserve(packages.size());
    for (Package* p : packages)
        inv.packages.push_back(std::move(*p));
    inv.sources.reserve(sources.size());
    for (Package* p : sources)
        inv.sources.push_back(std::move(*p));
    return inv;
}

std::vector<size_t> find_packages(const Inventory& inventory, std::string_view query)
{
    // A store path names its package, and so does a path inside it.
    auto names = [&](const std::string& path) {
        return !path.empty() && query.starts_with(path) && (query.size() == path.size() || query[path.size()] == '/');
    };
    std::vector<size_t> found;
    for (size_t i = 0; i < inventory.packages.size(); ++i) {
        const Package& p = inventory.packages[i];
        bool match = p.pname == query || p.name == query || names(p.drv_path);
        for (const auto& [name, out] : p.outputs)
            match = match || names(out);
        for (const auto& c : p.closure_paths)
            match = match || names(c);
        if (match)
            found.push_back(i);
    }
    return found;
}

std::vector<std::string> shortest_runtime_chain(const ClosureChains& chains, const Package& package)
{
    std::vector<std::string> best;
    for (const auto& path : package.closure_paths) {
        auto chain = chains.runtime(path);
        if (!chain.empty() && (best.empty() || chain.size() < best.size()))
            best = std::move(chain);
    }
    return best;
}

void add_dependency_chains(Inventory& inventory, const ClosureChains& chains, const std::vector<size_t>& which)
{
    for (size_t i : which) {
        Package& p = inventory.packages.at(i);
        std::vector<std::string> via = shortest_runtime_chain(chains, p);
        if (via.empty() && !p.drv_path.empty())
            via = chains.build(p.drv_path);
        p.via_omitted = 0;
        if (via.size() > k_max_via) {
            // The target's end and the package's end say the most; the middle of a long chain is counted.
            p.via_omitted = via.size() - k_max_via;
            via.erase(via.begin() + k_max_via / 2, via.end() - k_max_via / 2);
        }
        p.via = std::move(via);
    }
}

Closure image_closure(const ContainerImage& image, const std::string& argument, PathInfoStore* local,
                      const StoreDir& store_dir)
{
    Closure closure;
    closure.targets.push_back({argument, image.file, Target::Kind::output});
    closure.modes.push_back(ClosureMode::runtime);
    for (const auto& base : image.store_paths) {
        std::string path = store_dir.str() + "/" + base;
        std::optional<PathInfo> info = local ? local->query(path) : std::nullopt;
        if (!info) {
            info = PathInfo{path, "", {}, true};
        }
        closure.runtime_roots.push_back(path);
        closure.runtime_paths.push_back(std::move(*info));
    }
    return closure;
}

// One inventory of several (a closure, SBOMs, images): targets, packages, sources, counts and notes
// side by side, packages sorted again.
Inventory merge_inventories(std::vector<Inventory> parts)
{
    Inventory all = std::move(parts.front());
    for (size_t i = 1; i < parts.size(); ++i) {
        Inventory& p = parts[i];
        all.targets.insert(all.targets.end(), p.targets.begin(), p.targets.end());
        all.runtime_paths += p.runtime_paths;
        all.derivations += p.derivations;
        all.input_sources += p.input_sources;
        all.low_confidence += p.low_confidence;
        for (auto& pkg : p.packages)
            all.packages.push_back(std::move(pkg));
        for (auto& src : p.sources)
            all.sources.push_back(std::move(src));
        all.notes.insert(all.notes.end(), p.notes.begin(), p.notes.end());
    }
    std::stable_sort(all.packages.begin(), all.packages.end(), [](const Package& a, const Package& b) {
        return std::tie(a.pname, a.version) < std::tie(b.pname, b.version);
    });
    return all;
}

} // namespace nixvet

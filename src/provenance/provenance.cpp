// SPDX-License-Identifier: MIT
// Provenance: nixpkgs' meta.sourceProvenance where declared, clues from the derivation where not.
// The conventions the clues rest on are nixpkgs' own: prebuilt packages are named "-bin", patch
// their ELF files with autoPatchelfHook, and fetch vendors' .deb/.rpm/AppImage/wheel/jar files.
#include "provenance/provenance.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace nixvet {

const char* source_type_name(SourceType type)
{
    switch (type) {
    case SourceType::from_source: return "fromSource";
    case SourceType::binary_native_code: return "binaryNativeCode";
    case SourceType::binary_bytecode: return "binaryBytecode";
    case SourceType::binary_firmware: return "binaryFirmware";
    }
    return "?";
}

std::optional<SourceType> parse_source_type(std::string_view short_name)
{
    for (auto t : {SourceType::from_source, SourceType::binary_native_code, SourceType::binary_bytecode,
                   SourceType::binary_firmware}) {
        if (short_name == source_type_name(t))
            return t;
    }
    return std::nullopt;
}

const char* verdict_name(ProvenanceVerdict verdict)
{
    switch (verdict) {
    case ProvenanceVerdict::declared_binary: return "declared-binary";
    case ProvenanceVerdict::inferred_binary: return "inferred-binary";
    case ProvenanceVerdict::possibly_binary: return "possibly-binary";
    case ProvenanceVerdict::declared_source: return "declared-source";
    case ProvenanceVerdict::no_evidence: return "no-evidence";
    }
    return "?";
}

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The last path component of a URL, without query or fragment.
std::string_view url_file_name(std::string_view url)
{
    if (auto q = url.find_first_of("?#"); q != std::string_view::npos)
        url = url.substr(0, q);
    if (auto slash = url.rfind('/'); slash != std::string_view::npos)
        url = url.substr(slash + 1);
    return url;
}

bool is_archive(std::string_view name)
{
    static constexpr std::array<std::string_view, 9> k_archives = {".tar.gz", ".tgz",     ".tar.xz", ".txz", ".tar.bz2",
                                                                   ".tbz2",   ".tar.zst", ".zip",    ".tar"};
    return std::any_of(k_archives.begin(), k_archives.end(), [&](auto e) { return name.ends_with(e); });
}

// A wheel's platform tag (the last of name-version[-build]-python-abi-platform), or empty.
std::string_view wheel_platform(std::string_view name)
{
    if (!name.ends_with(".whl"))
        return {};
    name.remove_suffix(4);
    auto dash = name.rfind('-');
    return dash == std::string_view::npos ? std::string_view{} : name.substr(dash + 1);
}

class ClueCollector
{
public:
    // One clue of each kind: the first evidence found for it (the src's own name before its URLs).
    void add(SourceType type, ClueStrength strength, std::string what, std::string detail)
    {
        for (const auto& c : m_clues) {
            if (c.what == what)
                return;
        }
        m_clues.push_back({type, strength, std::move(what), std::move(detail)});
    }

    // Clues in the name of a file the package was made from (a src, or a URL's last component).
    void file_name(std::string_view original)
    {
        std::string name = lower(original);
        std::string detail(original);
        struct Kind
        {
            std::string_view suffix;
            SourceType type;
            const char* what;
        };
        static const std::array<Kind, 12> k_kinds = {{
            {".deb", SourceType::binary_native_code, "src is a Debian package"},
            {".rpm", SourceType::binary_native_code, "src is an RPM package"},
            {".appimage", SourceType::binary_native_code, "src is an AppImage"},
            {".snap", SourceType::binary_native_code, "src is a Snap package"},
            {".exe", SourceType::binary_native_code, "src is a Windows executable"},
            {".msi", SourceType::binary_native_code, "src is a Windows installer"},
            {".dmg", SourceType::binary_native_code, "src is a macOS disk image"},
            {".pkg", SourceType::binary_native_code, "src is a macOS installer package"},
            {".jar", SourceType::binary_bytecode, "src is a Java archive"},
            {".war", SourceType::binary_bytecode, "src is a Java web archive"},
            {".ear", SourceType::binary_bytecode, "src is a Java enterprise archive"},
            {".nupkg", SourceType::binary_bytecode, "src is a NuGet package"},
        }};
        for (const auto& k : k_kinds) {
            if (!name.ends_with(k.suffix))
                continue;
            if (name.ends_with(".src.rpm") || name.ends_with("-sources.jar") || name.ends_with("-src.jar"))
                return; // source packages in binary-package clothing
            add(k.type, ClueStrength::strong, k.what, detail);
            return;
        }
        if (std::string_view platform = wheel_platform(name); !platform.empty() && platform != "any") {
            add(SourceType::binary_native_code, ClueStrength::strong, "src is a wheel built for one platform", detail);
            return;
        }
        // A release archive (or a bare executable) named for an OS and CPU.
        static constexpr std::array<std::string_view, 18> k_platforms = {
            "linux-x86_64",  "linux_x86_64", "linux-amd64",   "linux_amd64",   "linux-x64",    "linux_x64",
            "linux-arm64",   "linux_arm64",  "linux-aarch64", "linux_aarch64", "x86_64-linux", "aarch64-linux",
            "unknown-linux", "linux64",      "linux-64bit",   "linux-i386",    "linux-386",    "linux_386"};
        if (!is_archive(name) && name.find('.') != std::string::npos)
            return;
        for (auto token : k_platforms) {
            if (name.find(token) != std::string::npos) {
                add(SourceType::binary_native_code, ClueStrength::weak,
                    "src names a platform, as prebuilt release archives do", detail);
                return;
            }
        }
    }

    // Release binaries laid out by platform: https://dl.k8s.io/release/v1.28.4/bin/linux/amd64/kubectl.
    void url_path(std::string_view url)
    {
        std::string path = lower(url);
        for (std::string_view token : {"/linux/amd64/", "/linux/x86_64/", "/linux/arm64/", "/linux/386/"}) {
            if (path.find(token) != std::string::npos) {
                add(SourceType::binary_native_code, ClueStrength::weak,
                    "src names a platform, as prebuilt release archives do", std::string(url));
                return;
            }
        }
    }

    // Strong clues first, each group in the order found.
    std::vector<ProvenanceClue> take()
    {
        std::stable_partition(m_clues.begin(), m_clues.end(),
                              [](const auto& c) { return c.strength == ClueStrength::strong; });
        return std::move(m_clues);
    }

private:
    std::vector<ProvenanceClue> m_clues;
};

bool starts_with_tool(std::string_view name, std::string_view tool)
{
    return name == tool || (name.starts_with(tool) && name.size() > tool.size() && name[tool.size()] == '-');
}

} // namespace

std::vector<ProvenanceClue> provenance_clues(const Package& p)
{
    ClueCollector clues;
    for (const auto& src : p.sources) {
        if (!src.name.empty())
            clues.file_name(src.name);
        for (const auto& url : src.urls) {
            clues.file_name(url_file_name(url));
            clues.url_path(url);
        }
    }
    for (const auto& tool : p.native_build_inputs) {
        if (starts_with_tool(tool, "auto-patchelf-hook"))
            clues.add(SourceType::binary_native_code, ClueStrength::strong,
                      "patches prebuilt ELF files (autoPatchelfHook in nativeBuildInputs)", tool);
        else if (starts_with_tool(tool, "dpkg"))
            clues.add(SourceType::binary_native_code, ClueStrength::weak,
                      "unpacks a Debian package (dpkg in nativeBuildInputs)", tool);
        else if (starts_with_tool(tool, "rpmextract") || starts_with_tool(tool, "rpm"))
            clues.add(SourceType::binary_native_code, ClueStrength::weak,
                      "unpacks an RPM package (rpm in nativeBuildInputs)", tool);
        else if (starts_with_tool(tool, "undmg"))
            clues.add(SourceType::binary_native_code, ClueStrength::weak,
                      "unpacks a macOS disk image (undmg in nativeBuildInputs)", tool);
    }
    if (p.pname.ends_with("-bin"))
        clues.add(SourceType::binary_native_code, ClueStrength::weak, "nixpkgs names prebuilt packages '-bin'",
                  p.pname);
    if (lower(p.pname).find("firmware") != std::string::npos)
        clues.add(SourceType::binary_firmware, ClueStrength::weak, "a firmware package", p.pname);
    return clues.take();
}

PackageProvenance assess_provenance(const Package& p, size_t index)
{
    PackageProvenance r;
    r.package = index;
    r.from_derivation = p.evidence == NameEvidence::derivation_env || p.evidence == NameEvidence::derivation_name;
    for (const auto& name : p.source_provenance) {
        if (auto t = parse_source_type(name)) {
            if (std::find(r.declared.begin(), r.declared.end(), *t) == r.declared.end())
                r.declared.push_back(*t);
        } else {
            r.unknown_declared.push_back(name);
        }
    }
    r.clues = provenance_clues(p);
    bool strong =
        std::any_of(r.clues.begin(), r.clues.end(), [](const auto& c) { return c.strength == ClueStrength::strong; });
    auto add_type = [&](SourceType t) {
        if (t != SourceType::from_source &&
            std::find(r.binary_types.begin(), r.binary_types.end(), t) == r.binary_types.end())
            r.binary_types.push_back(t);
    };
    if (!r.declared.empty()) {
        for (auto t : r.declared)
            add_type(t);
        r.verdict = r.binary_types.empty() ? ProvenanceVerdict::declared_source : ProvenanceVerdict::declared_binary;
        r.conflict = r.verdict == ProvenanceVerdict::declared_source && strong;
    } else if (!r.clues.empty()) {
        for (const auto& c : r.clues) {
            if (c.strength == ClueStrength::strong || !strong)
                add_type(c.type);
        }
        r.verdict = strong ? ProvenanceVerdict::inferred_binary : ProvenanceVerdict::possibly_binary;
    }
    return r;
}

ProvenanceReport assess_provenance(const Inventory& inventory)
{
    ProvenanceReport report;
    report.packages.reserve(inventory.packages.size());
    for (size_t i = 0; i < inventory.packages.size(); ++i) {
        PackageProvenance r = assess_provenance(inventory.packages[i], i);
        switch (r.verdict) {
        case ProvenanceVerdict::declared_binary: ++report.declared_binary; break;
        case ProvenanceVerdict::inferred_binary: ++report.inferred_binary; break;
        case ProvenanceVerdict::possibly_binary: ++report.possibly_binary; break;
        case ProvenanceVerdict::declared_source: ++report.declared_source; break;
        case ProvenanceVerdict::no_evidence: ++report.no_evidence; break;
        }
        report.conflicts += r.conflict ? 1 : 0;
        report.without_derivation += r.from_derivation ? 0 : 1;
        report.packages.push_back(std::move(r));
    }
    return report;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
// Field names and enumerations follow the official schemas (tests/fixtures/schemas): SARIF 2.1.0
// (OASIS) and CycloneDX 1.6; the CLI tests validate nixvet's output against them.
#include "report/interchange.hpp"

#include "report/database_parts.hpp"
#include "report/text_table.hpp"
#include "store/content_address.hpp"

#include <fmt/format.h>
#include <map>

namespace nixvet {

namespace {

const char* sarif_level(Severity s)
{
    switch (s) {
    case Severity::critical:
    case Severity::high: return "error";
    case Severity::medium:
    case Severity::unknown: return "warning";
    case Severity::low: return "note";
    }
    return "warning";
}

bool has_score(const AdvisoryFacts& about)
{
    return about.cvss && about.cvss->version != "other";
}

// One line saying what was found, with the severity, KEV, the fix and the deciding evidence.
std::string finding_message(const Package& p, const Finding& f)
{
    const AdvisoryFacts& about = f.about();
    std::string severity = severity_name(f.severity);
    if (has_score(about))
        severity += fmt::format(" {:.1f}", about.cvss->score);
    std::string text =
        fmt::format("{} {} is affected by {} ({})", p.pname, p.version.empty() ? "-" : p.version, f.advisory, severity);
    if (about.known_exploited)
        text += ", in CISA's Known Exploited Vulnerabilities catalog";
    if (!f.fixed_version.empty())
        text += "; fixed in " + f.fixed_version;
    text += ". " + f.decided_by;
    if (!f.evidence.empty())
        text += ": " + f.evidence;
    if (p.via.size() > 1)
        text += ". Pulled in by " + chain_text(p.via, p.via_omitted);
    return text;
}

std::string first_line(const std::string& text)
{
    return text.substr(0, text.find('\n'));
}

} // namespace

void write_sarif_locations(JsonWriter& w, const Package& p, const std::string& anchor)
{
    w.key("locations").begin_array().begin_object();
    std::string where = !p.drv_path.empty() ? p.drv_path : !p.outputs.empty() ? p.outputs.front().second : "";
    if (!anchor.empty() || !where.empty()) {
        w.key("physicalLocation").begin_object().key("artifactLocation").begin_object();
        w.field("uri", anchor.empty() ? "file://" + where : anchor);
        w.end_object();
        if (!anchor.empty())
            w.key("region").begin_object().field("startLine", 1).end_object();
        w.end_object();
    }
    w.key("logicalLocations").begin_array().begin_object();
    w.field("name", p.name);
    if (!where.empty())
        w.field("fullyQualifiedName", where);
    w.field("kind", "package");
    w.end_object().end_array();
    w.end_object().end_array();
}

void write_sarif_suppression(JsonWriter& w, const std::string& justification)
{
    w.key("suppressions").begin_array().begin_object();
    w.field("kind", "external");
    w.field("status", "accepted");
    w.field("justification", justification);
    w.end_object().end_array();
}

namespace {

// The component reference of package `index`: its .drv path, else a name unique in the BOM.
std::string bom_ref(const Package& p, size_t index)
{
    return p.drv_path.empty() ? fmt::format("nixvet-package-{}-{}", index, p.name) : p.drv_path;
}

// CycloneDX's analysis state for a suppression reason nixvet gave.
const char* analysis_state(const std::string& reason)
{
    if (reason.starts_with("patched:") || reason.starts_with("VEX fixed"))
        return "resolved";
    if (reason.starts_with("not in "))
        return "false_positive";
    return "not_affected";
}

// A UUID derived from the targets and nixvet's version: the same targets give the same document,
// which can then be compared byte for byte.
std::string document_uuid(const Inventory& inv, const std::string& tool_version)
{
    std::string seed = "nixvet " + tool_version;
    for (const auto& t : inv.targets)
        seed += "\n" + t.path + " " + t.closure;
    Sha256 h = sha256(seed);
    std::string hex;
    for (size_t i = 0; i < 16; ++i)
        hex += fmt::format("{:02x}", h[i]);
    return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                       hex.substr(20, 12));
}

std::string purl_of(const Package& p)
{
    if (!p.purl.empty())
        return p.purl;
    return "pkg:nix/" + purl_encode(p.pname) + (p.version.empty() ? "" : "@" + purl_encode(p.version));
}

const char* cvss_method(const std::string& version)
{
    if (version == "2.0")
        return "CVSSv2";
    if (version == "3.0")
        return "CVSSv3";
    if (version == "3.1")
        return "CVSSv31";
    if (version == "4.0")
        return "CVSSv4";
    return "other";
}

} // namespace

std::string advisory_url(const std::string& id)
{
    if (id.starts_with("CVE-"))
        return "https://nvd.nist.gov/vuln/detail/" + id;
    if (id.starts_with("NIXPKGS-"))
        return "";
    return "https://osv.dev/vulnerability/" + id;
}

std::string purl_encode(std::string_view text)
{
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '.' || c == '-' || c == '_' || c == '~')
            out += c;
        else
            out += fmt::format("%{:02X}", u);
    }
    return out;
}

void write_scan_sarif(const Inventory& inv, const ScanResult& scan, const std::string& tool_version,
                      const JsonWriter::Sink& sink, const std::string& anchor)
{
    // One rule per advisory, in the order first found.
    std::map<std::string, size_t> rule_index;
    std::vector<const Finding*> rules;
    for (const auto& f : scan.findings) {
        if (rule_index.emplace(f.advisory, rules.size()).second)
            rules.push_back(&f);
    }
    JsonWriter w(2, sink);
    w.begin_object();
    w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.field("version", "2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.field("name", "nixvet");
    w.field("version", tool_version);
    w.key("rules").begin_array();
    for (const Finding* f : rules) {
        const AdvisoryFacts& about = f->about();
        w.begin_object();
        w.field("id", f->advisory);
        w.key("shortDescription").begin_object();
        std::string summary = first_line(about.description);
        w.field("text", summary.empty() ? f->advisory : summary);
        w.end_object();
        if (!about.description.empty()) {
            w.key("fullDescription").begin_object().field("text", about.description).end_object();
        }
        if (std::string url = advisory_url(f->advisory); !url.empty())
            w.field("helpUri", url);
        w.key("defaultConfiguration").begin_object().field("level", sarif_level(f->severity)).end_object();
        w.key("properties").begin_object();
        if (has_score(about))
            w.field("security-severity", fmt::format("{:.1f}", about.cvss->score));
        w.key("tags").begin_array().value("security").value("vulnerability").value(severity_name(f->severity));
        w.end_array();
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object().end_object(); // driver, tool
    w.key("results").begin_array();
    for (const auto& f : scan.findings) {
        const Package& p = inv.packages.at(f.package);
        w.begin_object();
        w.field("ruleId", f.advisory);
        w.field("ruleIndex", static_cast<uint64_t>(rule_index.at(f.advisory)));
        w.field("level", sarif_level(f.severity));
        w.key("message").begin_object().field("text", finding_message(p, f)).end_object();
        write_sarif_locations(w, p, anchor);
        w.key("partialFingerprints").begin_object();
        w.field("nixvetFinding/v1", f.advisory + "/" + p.pname);
        w.end_object();
        if (!f.suppressed.empty())
            write_sarif_suppression(w, f.suppressed);
        w.end_object();
    }
    w.end_array();
    // What the findings were judged with: the database, its data's age, and any warning.
    w.key("properties").begin_object();
    write_database_json(w, "database", scan.database);
    w.end_object();
    w.end_object().end_array(); // run, runs
    w.end_object();
    w.finish();
}

void write_scan_cyclonedx(const Inventory& inv, const ScanResult& scan, const std::string& tool_version,
                          const JsonWriter::Sink& sink)
{
    std::string serial = "urn:uuid:" + document_uuid(inv, tool_version);

    JsonWriter w(2, sink);
    w.begin_object();
    w.field("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
    w.field("bomFormat", "CycloneDX");
    w.field("specVersion", "1.6");
    w.field("serialNumber", serial);
    w.field("version", 1);
    w.key("metadata").begin_object();
    w.key("tools").begin_object().key("components").begin_array().begin_object();
    w.field("type", "application");
    w.field("name", "nixvet");
    w.field("version", tool_version);
    w.end_object().end_array().end_object();
    if (inv.targets.size() == 1) {
        const auto& t = inv.targets.front();
        w.key("component").begin_object();
        w.field("type", "application");
        w.field("bom-ref", "target:" + t.path);
        w.field("name", t.argument);
        w.end_object();
    }
    if (auto properties = database_properties(scan.database); !properties.empty()) {
        w.key("properties").begin_array();
        for (const auto& [name, value] : properties)
            w.begin_object().field("name", name).field("value", value).end_object();
        w.end_array();
    }
    w.end_object();
    w.key("components").begin_array();
    for (size_t i = 0; i < inv.packages.size(); ++i) {
        const Package& p = inv.packages[i];
        w.begin_object();
        w.field("type", "library");
        w.field("bom-ref", bom_ref(p, i));
        w.field("name", p.pname);
        if (!p.version.empty())
            w.field("version", p.version);
        w.field("purl", purl_of(p));
        if (!p.cpe.empty())
            w.field("cpe", p.cpe);
        auto urls = p.source_urls();
        if (!urls.empty()) {
            w.key("externalReferences").begin_array();
            for (const auto& url : urls) {
                w.begin_object();
                w.field("type", "source-distribution");
                w.field("url", url);
                w.end_object();
            }
            w.end_array();
        }
        w.key("properties").begin_array();
        if (!p.drv_path.empty())
            w.begin_object().field("name", "nix:drv_path").field("value", p.drv_path).end_object();
        for (const auto& [name, path] : p.outputs) {
            if (!path.empty())
                w.begin_object().field("name", "nix:output:" + name).field("value", path).end_object();
        }
        for (const auto& patch : p.patches)
            w.begin_object().field("name", "nix:patch").field("value", patch.name).end_object();
        if (p.via.size() > 1)
            w.begin_object().field("name", "nixvet:via").field("value", chain_text(p.via, p.via_omitted)).end_object();
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("vulnerabilities").begin_array();
    for (const auto& f : scan.findings) {
        const Package& p = inv.packages.at(f.package);
        const AdvisoryFacts& about = f.about();
        std::string ref = bom_ref(p, f.package);
        w.begin_object();
        w.field("bom-ref", f.advisory + "/" + ref);
        w.field("id", f.advisory);
        w.key("source").begin_object();
        w.field("name", f.source == "osv" ? "OSV" : f.source == "nixpkgs" ? "nixpkgs" : "NVD");
        if (std::string url = advisory_url(f.advisory); !url.empty())
            w.field("url", url);
        w.end_object();
        w.key("ratings").begin_array().begin_object();
        if (has_score(about)) {
            w.field("score", about.cvss->score);
            w.field("method", cvss_method(about.cvss->version));
            if (!about.cvss->vector.empty())
                w.field("vector", about.cvss->vector);
        }
        w.field("severity", severity_name(f.severity));
        w.end_object().end_array();
        if (!about.description.empty())
            w.field("description", about.description);
        if (!f.fixed_version.empty())
            w.field("recommendation", "Upgrade " + p.pname + " to " + f.fixed_version + " or later");
        w.key("affects").begin_array().begin_object();
        w.field("ref", ref);
        w.end_object().end_array();
        if (!f.suppressed.empty()) {
            w.key("analysis").begin_object();
            w.field("state", analysis_state(f.suppressed));
            w.field("detail", f.suppressed);
            w.end_object();
        }
        w.key("properties").begin_array();
        w.begin_object().field("name", "nixvet:decided_by").field("value", f.decided_by).end_object();
        if (!f.evidence.empty())
            w.begin_object().field("name", "nixvet:evidence").field("value", f.evidence).end_object();
        if (about.known_exploited)
            w.begin_object().field("name", "nixvet:cisa_kev").field("value", "true").end_object();
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish();
}

void write_inventory_cyclonedx(const Inventory& inventory, const std::string& tool_version,
                               const JsonWriter::Sink& sink)
{
    write_scan_cyclonedx(inventory, ScanResult{}, tool_version, sink);
}

void write_inventory_spdx(const Inventory& inv, const std::string& tool_version, const std::string& created,
                          const JsonWriter::Sink& sink)
{
    JsonWriter w(2, sink);
    w.begin_object();
    w.field("spdxVersion", "SPDX-2.3");
    w.field("dataLicense", "CC0-1.0");
    w.field("SPDXID", "SPDXRef-DOCUMENT");
    std::string name = "nixvet inventory";
    for (const auto& t : inv.targets)
        name += " " + t.argument;
    w.field("name", name);
    w.field("documentNamespace", "urn:uuid:" + document_uuid(inv, tool_version));
    w.key("creationInfo").begin_object();
    w.field("created", created);
    w.key("creators").begin_array().value("Tool: nixvet-" + tool_version).end_array();
    w.end_object();
    w.key("packages").begin_array();
    for (size_t i = 0; i < inv.packages.size(); ++i) {
        const Package& p = inv.packages[i];
        w.begin_object();
        w.field("SPDXID", fmt::format("SPDXRef-Package-{}", i));
        w.field("name", p.pname);
        if (!p.version.empty())
            w.field("versionInfo", p.version);
        // A fetchable source URL, else the package's own store path (what read_sbom reads back).
        std::string location = "NOASSERTION";
        for (const auto& url : p.source_urls()) {
            if (url.starts_with("https://") || url.starts_with("http://") || url.starts_with("ftp://")) {
                location = url;
                break;
            }
        }
        if (location == "NOASSERTION" && !p.closure_paths.empty())
            location = p.closure_paths.front();
        w.field("downloadLocation", location);
        w.field("filesAnalyzed", false);
        if (!p.drv_path.empty())
            w.field("comment", "Nix derivation " + p.drv_path);
        w.key("externalRefs").begin_array();
        w.begin_object();
        w.field("referenceCategory", "PACKAGE-MANAGER");
        w.field("referenceType", "purl");
        w.field("referenceLocator", purl_of(p));
        w.end_object();
        if (!p.cpe.empty()) {
            w.begin_object();
            w.field("referenceCategory", "SECURITY");
            w.field("referenceType", "cpe23Type");
            w.field("referenceLocator", p.cpe);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("relationships").begin_array();
    for (size_t i = 0; i < inv.packages.size(); ++i) {
        w.begin_object();
        w.field("spdxElementId", "SPDXRef-DOCUMENT");
        w.field("relatedSpdxElement", fmt::format("SPDXRef-Package-{}", i));
        w.field("relationshipType", "DESCRIBES");
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish();
}

void write_scan_openvex(const Inventory& inv, const ScanResult& scan, const std::string& tool_version,
                        const std::string& timestamp, const JsonWriter::Sink& sink)
{
    JsonWriter w(2, sink);
    w.begin_object();
    w.field("@context", "https://openvex.dev/ns/v0.2.0");
    w.field("@id", "urn:uuid:" + document_uuid(inv, tool_version + " openvex"));
    w.field("author", "nixvet");
    w.field("role", "tool");
    w.field("timestamp", timestamp);
    w.field("version", 1);
    w.field("tooling", "nixvet " + tool_version);
    w.key("statements").begin_array();
    for (const auto& f : scan.findings) {
        const Package& p = inv.packages.at(f.package);
        w.begin_object();
        w.key("vulnerability").begin_object();
        w.field("name", f.advisory);
        if (std::string url = advisory_url(f.advisory); !url.empty())
            w.field("@id", url);
        w.end_object();
        w.key("products").begin_array().begin_object();
        w.field("@id", p.drv_path.empty() ? purl_of(p) : p.drv_path);
        w.key("identifiers").begin_object().field("purl", purl_of(p)).end_object();
        w.end_object().end_array();
        if (f.suppressed.empty()) {
            w.field("status", "affected");
            w.field("action_statement", f.fixed_version.empty()
                                            ? "no fixed version is known: review the finding"
                                            : "update " + p.pname + " to " + f.fixed_version + " or later");
        } else if (f.suppressed.starts_with("patched")) {
            w.field("status", "fixed");
            w.field("status_notes", f.suppressed);
        } else {
            w.field("status", "not_affected");
            w.field("impact_statement", f.suppressed);
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish();
}

namespace {

// `text` as a TOML basic string.
std::string toml_string(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\')
            out += '\\';
        if (u < 0x20 || u == 0x7F)
            out += fmt::format("\\u{:04x}", u);
        else
            out += c;
    }
    return out + "\"";
}

} // namespace

std::string render_vulnix_whitelist(const Inventory& inv, const ScanResult& scan, const std::string& today)
{
    std::map<std::string, std::vector<std::string>> by_package; // name-version → advisories, in order
    for (const auto& f : scan.findings) {
        if (!f.suppressed.empty())
            continue;
        const Package& p = inv.packages.at(f.package);
        auto& ids = by_package[p.version.empty() ? p.pname : p.pname + "-" + p.version];
        if (std::find(ids.begin(), ids.end(), f.advisory) == ids.end())
            ids.push_back(f.advisory);
    }
    std::string out =
        fmt::format("# A vulnix whitelist written by nixvet scan on {}: every finding that counted then.\n"
                    "# Review each rule, give it an until date and an issue_url, delete the rest.\n",
                    today);
    for (const auto& [section, ids] : by_package) {
        out += fmt::format("\n[{}]\ncve = [", toml_string(section));
        for (size_t i = 0; i < ids.size(); ++i)
            out += (i ? ", " : "") + toml_string(ids[i]);
        out += fmt::format("]\ncomment = {}\n", toml_string("found by nixvet scan on " + today));
    }
    return out;
}

} // namespace nixvet

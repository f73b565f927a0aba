// SPDX-License-Identifier: MIT
#include "report/provenance_report.hpp"

#include "report/json_parts.hpp"
#include "report/text_table.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace nixvet {

namespace {

std::string join_types(const std::vector<SourceType>& types)
{
    std::string out;
    for (auto t : types) {
        if (!out.empty())
            out += ',';
        out += source_type_name(t);
    }
    return out.empty() ? "-" : out;
}

std::string verdict_text(ProvenanceVerdict v)
{
    switch (v) {
    case ProvenanceVerdict::declared_binary: return "binary (declared)";
    case ProvenanceVerdict::inferred_binary: return "binary (inferred)";
    case ProvenanceVerdict::possibly_binary: return "possibly binary";
    case ProvenanceVerdict::declared_source: return "source (declared)";
    case ProvenanceVerdict::no_evidence: return "no evidence";
    }
    return "?";
}

// The evidence in one line: the declaration, then each clue with its detail.
std::string evidence_text(const PackageProvenance& r)
{
    std::vector<std::string> parts;
    if (!r.declared.empty() || !r.unknown_declared.empty()) {
        std::vector<std::string> names;
        for (auto t : r.declared)
            names.emplace_back(source_type_name(t));
        names.insert(names.end(), r.unknown_declared.begin(), r.unknown_declared.end());
        parts.push_back(fmt::format("meta.sourceProvenance = {}", fmt::join(names, ",")));
    }
    for (const auto& c : r.clues)
        parts.push_back(fmt::format("{}{} ({})", c.what, c.strength == ClueStrength::weak ? " [weak]" : "", c.detail));
    if (r.conflict)
        parts.emplace_back("CONFLICT: declared fromSource");
    if (parts.empty())
        return r.from_derivation ? "-" : "- (no derivation: named from a store path or an SBOM)";
    return fmt::format("{}", fmt::join(parts, "; "));
}

bool worth_listing(const PackageProvenance& r)
{
    return r.conflict || r.verdict == ProvenanceVerdict::declared_binary ||
           r.verdict == ProvenanceVerdict::inferred_binary || r.verdict == ProvenanceVerdict::possibly_binary;
}

} // namespace

std::string render_provenance_table(const Inventory& inv, const ProvenanceReport& report, const ProvenanceStyle& style)
{
    std::vector<const PackageProvenance*> rows;
    for (const auto& r : report.packages) {
        if (style.all || worth_listing(r))
            rows.push_back(&r);
    }
    // Binary evidence first (declared, inferred, possible), then the rest; inventory order within.
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
        if (a->conflict != b->conflict)
            return a->conflict;
        return a->verdict < b->verdict;
    });
    std::string out;
    for (const auto& t : inv.targets)
        out += fmt::format("target {} -> {} ({} closure)\n", t.argument, t.path, t.closure);
    out += '\n';
    if (rows.empty()) {
        out += "no package with binary evidence\n";
    } else {
        TextTable table({"PACKAGE", "VERSION", "PROVENANCE", "TYPES", "EVIDENCE"});
        for (const auto* r : rows) {
            const Package& p = inv.packages.at(r->package);
            const char* style_code = r->conflict                                        ? "31"
                                     : r->verdict == ProvenanceVerdict::declared_binary ? "33"
                                     : r->verdict == ProvenanceVerdict::inferred_binary ? "33"
                                                                                        : "";
            table.add({p.pname, p.version.empty() ? "-" : p.version, verdict_text(r->verdict),
                       join_types(r->binary_types), evidence_text(*r)},
                      {"", "", style_code});
        }
        out += table.render(style.color);
    }
    out += '\n';
    out += fmt::format("{} packages: {} binary (declared), {} binary (inferred), {} possibly binary, {} source "
                       "(declared), {} with no evidence",
                       report.packages.size(), report.declared_binary, report.inferred_binary, report.possibly_binary,
                       report.declared_source, report.no_evidence);
    if (report.conflicts > 0)
        out += fmt::format("; {} declared fromSource against the evidence", report.conflicts);
    if (report.without_derivation > 0)
        out += fmt::format("; {} known only by name", report.without_derivation);
    out += '\n';
    if (!style.all && rows.size() < report.packages.size())
        out += "(--all lists every package)\n";
    for (const auto& note : inv.notes)
        out += "note: " + note + '\n';
    return out;
}

std::string render_provenance_json(const Inventory& inv, const ProvenanceReport& report,
                                   const std::string& tool_version)
{
    JsonWriter w;
    w.begin_object();
    write_report_head(w, "nixvet.provenance/1", tool_version, inv);
    write_counts(w, {{"packages", report.packages.size()},
                     {"declared_binary", report.declared_binary},
                     {"inferred_binary", report.inferred_binary},
                     {"possibly_binary", report.possibly_binary},
                     {"declared_source", report.declared_source},
                     {"no_evidence", report.no_evidence},
                     {"conflicts", report.conflicts},
                     {"without_derivation", report.without_derivation}});
    w.key("packages").begin_array();
    for (const auto& r : report.packages) {
        const Package& p = inv.packages.at(r.package);
        w.begin_object();
        w.field("name", p.name);
        w.field("pname", p.pname);
        w.field("version", p.version);
        w.key("drv_path");
        p.drv_path.empty() ? w.null() : w.value(p.drv_path);
        w.field("verdict", verdict_name(r.verdict));
        w.key("binary_types").begin_array();
        for (auto t : r.binary_types)
            w.value(source_type_name(t));
        w.end_array();
        w.key("declared");
        if (r.declared.empty() && r.unknown_declared.empty()) {
            w.null();
        } else {
            w.begin_array();
            for (auto t : r.declared)
                w.value(source_type_name(t));
            for (const auto& name : r.unknown_declared)
                w.value(name);
            w.end_array();
        }
        w.key("clues").begin_array();
        for (const auto& c : r.clues) {
            w.begin_object();
            w.field("type", source_type_name(c.type));
            w.field("strength", c.strength == ClueStrength::strong ? "strong" : "weak");
            w.field("what", c.what);
            w.field("detail", c.detail);
            w.end_object();
        }
        w.end_array();
        w.field("conflict", r.conflict);
        w.field("from_derivation", r.from_derivation);
        w.end_object();
    }
    w.end_array();
    write_report_tail(w, inv);
    return w.str();
}

} // namespace nixvet

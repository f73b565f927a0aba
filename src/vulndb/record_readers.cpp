// SPDX-License-Identifier: MIT
#include "vulndb/record_readers.hpp"

#include "core/csv.hpp"
#include "core/dom_fields.hpp"
#include "core/json.hpp"
#include "core/terminal_text.hpp"
#include "vulndb/cpe.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <map>
#include <set>
#include <simdjson.h>

namespace nixvet {

namespace dom = simdjson::dom;

struct RecordReader::Impl
{
    dom::parser parser;
};

RecordReader::RecordReader() : m_impl(std::make_unique<Impl>()) {}
RecordReader::~RecordReader() = default;

namespace {

using dom_fields::str;

std::string minified(dom::element e, std::string_view key, const char* absent = "[]")
{
    dom::element v;
    if (e[key].get(v))
        return absent;
    return simdjson::minify(v);
}

std::string english(dom::element e, std::string_view key)
{
    dom::element list;
    if (e[key].get(list))
        return {};
    return dom_fields::english(list);
}

void add_product(std::set<ProductKey>& out, std::string_view vendor, std::string_view product)
{
    std::string v = normalise_product_name(vendor);
    std::string p = normalise_product_name(product);
    if (p.empty() || p == "n/a")
        return;
    if (v == "n/a")
        v.clear();
    out.insert({std::move(v), std::move(p)});
}

// CVSS metrics of a CVE5 container: [{cvssV3_1: {...}}, {cvssV4_0: {...}}, {other: ...}].
void cve5_metrics(dom::element container, const std::string& source, std::vector<CvssMetric>& out)
{
    dom::array metrics;
    if (container["metrics"].get_array().get(metrics))
        return;
    static constexpr std::pair<std::string_view, std::string_view> k_kinds[] = {
        {"cvssV4_0", "4.0"}, {"cvssV3_1", "3.1"}, {"cvssV3_0", "3.0"}, {"cvssV2_0", "2.0"}};
    for (auto m : metrics) {
        // A CNA's own rating in words (OpenSSL: "Low", "Moderate", "High", "Critical").
        if (dom::element other; !m["other"].get(other)) {
            std::string text = str(other["content"], "text");
            std::string lowered = normalise_product_name(text);
            if (lowered == "low" || lowered == "moderate" || lowered == "medium" || lowered == "high" ||
                lowered == "critical") {
                CvssMetric rating;
                rating.version = "other";
                rating.source = source;
                rating.primary = true;
                rating.severity = text;
                rating.vector = str(other, "type");
                out.push_back(std::move(rating));
            }
        }
        for (auto [key, version] : k_kinds) {
            dom::element data;
            if (m[key].get(data))
                continue;
            CvssMetric metric;
            metric.version = std::string(version);
            metric.source = source;
            metric.primary = true;
            double score = 0;
            if (data["baseScore"].get_double().get(score))
                continue;
            metric.score = score;
            metric.vector = str(data, "vectorString");
            metric.severity = str(data, "baseSeverity");
            out.push_back(std::move(metric));
        }
    }
}

void cve5_cwes(dom::element container, std::vector<std::string>& out)
{
    dom::array types;
    if (container["problemTypes"].get_array().get(types))
        return;
    for (auto t : types) {
        dom::array descriptions;
        if (t["descriptions"].get_array().get(descriptions))
            continue;
        for (auto d : descriptions) {
            std::string cwe = str(d, "cweId");
            if (!cwe.empty() && std::find(out.begin(), out.end(), cwe) == out.end())
                out.push_back(std::move(cwe));
        }
    }
}

// Files each `affected` entry under the products it names (vendor/product, packageName, CPEs).
void cve5_products(dom::element container, std::map<ProductKey, std::string>& out)
{
    dom::array affected;
    if (container["affected"].get_array().get(affected))
        return;
    for (auto a : affected) {
        std::set<ProductKey> keys;
        std::string product = str(a, "product");
        if (product.empty())
            product = str(a, "packageName");
        add_product(keys, str(a, "vendor"), product);
        if (dom::array cpes; !a["cpes"].get_array().get(cpes)) {
            for (auto c : cpes) {
                std::string_view text;
                if (c.get_string().get(text))
                    continue;
                try {
                    Cpe cpe(text);
                    keys.insert({cpe.value(Cpe::vendor), cpe.value(Cpe::product)});
                } catch (const Error&) {
                    // CNAs sometimes write CPE 2.2 URIs or prose here; such an entry indexes nothing.
                }
            }
        }
        std::string entry = simdjson::minify(a);
        for (const auto& key : keys) {
            std::string& list = out[key];
            list += list.empty() ? "[" : ",";
            list += entry;
        }
    }
}

double parse_double(const std::string& s, bool& ok)
{
    double d = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    ok = ec == std::errc() && end == s.data() + s.size();
    return d;
}

} // namespace

Result<Cve5Record> RecordReader::parse_cve5(std::string_view json)
{
    simdjson::padded_string padded(json);
    dom::element root;
    if (auto err = m_impl->parser.parse(padded).get(root))
        return Result<Cve5Record>::failure(std::string("invalid JSON: ") + simdjson::error_message(err));
    if (str(root, "dataType") != "CVE_RECORD")
        return Result<Cve5Record>::failure("not a CVE JSON 5 record (dataType is not CVE_RECORD)");
    dom::element meta;
    if (root["cveMetadata"].get(meta))
        return Result<Cve5Record>::failure("no cveMetadata");
    Cve5Record r;
    r.id = str(meta, "cveId");
    if (!r.id.starts_with("CVE-"))
        return Result<Cve5Record>::failure("cveMetadata.cveId is missing or not a CVE id");
    r.state = str(meta, "state");
    r.assigner = str(meta, "assignerShortName");
    r.date_updated = str(meta, "dateUpdated");
    if (r.date_updated.empty())
        r.date_updated = str(meta, "datePublished");
    dom::element containers;
    dom::element cna;
    if (root["containers"].get(containers) || containers["cna"].get(cna))
        return Result<Cve5Record>::failure(r.id + ": no containers.cna");
    std::string cna_name = str(cna["providerMetadata"], "shortName");
    if (r.assigner.empty())
        r.assigner = cna_name; // older records name the assigner only in the CNA's provider metadata
    r.description = english(cna, "descriptions");
    if (r.description.empty())
        r.description = english(cna, "rejectedReasons");
    r.affected_json = minified(cna, "affected");
    r.references_json = minified(cna, "references");
    cve5_metrics(cna, cna_name.empty() ? r.assigner : cna_name, r.metrics);
    cve5_cwes(cna, r.cwes);
    std::map<ProductKey, std::string> products;
    cve5_products(cna, products);
    r.adp_json = minified(containers, "adp");
    if (dom::array adps; !containers["adp"].get_array().get(adps)) {
        for (auto adp : adps) {
            std::string name = str(adp["providerMetadata"], "shortName");
            cve5_metrics(adp, name, r.metrics);
            cve5_cwes(adp, r.cwes);
            cve5_products(adp, products);
        }
    }
    for (auto& [key, entries] : products)
        r.products.push_back({key, entries + "]"});
    return r;
}

Result<OsvRecord> RecordReader::parse_osv(std::string_view json)
{
    simdjson::padded_string padded(json);
    dom::element root;
    if (auto err = m_impl->parser.parse(padded).get(root))
        return Result<OsvRecord>::failure(std::string("invalid JSON: ") + simdjson::error_message(err));
    OsvRecord r;
    r.id = str(root, "id");
    if (r.id.empty())
        return Result<OsvRecord>::failure("no 'id'");
    r.modified = str(root, "modified");
    if (r.modified.empty())
        return Result<OsvRecord>::failure(r.id + ": no 'modified' (required by the OSV schema)");
    r.published = str(root, "published");
    r.withdrawn = str(root, "withdrawn");
    r.summary = str(root, "summary");
    if (r.summary.empty()) {
        r.summary = str(root, "details");
        if (auto nl = r.summary.find('\n'); nl != std::string::npos)
            r.summary.resize(nl);
    }
    if (dom::array aliases; !root["aliases"].get_array().get(aliases)) {
        for (auto a : aliases) {
            std::string_view s;
            if (!a.get_string().get(s))
                r.aliases.emplace_back(s);
        }
    }
    r.severity_json = minified(root, "severity");
    r.affected_json = minified(root, "affected");
    r.references_json = minified(root, "references");
    if (dom::array affected; !root["affected"].get_array().get(affected)) {
        for (auto a : affected) {
            dom::element package;
            if (a["package"].get(package))
                continue;
            std::string ecosystem = str(package, "ecosystem");
            std::string name = str(package, "name");
            if (!ecosystem.empty() && !name.empty())
                r.packages.emplace_back(std::move(ecosystem), std::move(name));
        }
    }
    std::sort(r.packages.begin(), r.packages.end());
    r.packages.erase(std::unique(r.packages.begin(), r.packages.end()), r.packages.end());
    return r;
}

std::vector<KevEntry> parse_kev_json(std::string_view json, const std::string& file)
{
    dom::parser parser;
    dom::element root = dom_fields::parse_document(parser, json, file);
    dom::array list;
    if (root["vulnerabilities"].get_array().get(list))
        throw ParseError(file, 0, "not a KEV catalog: no 'vulnerabilities' list");
    std::vector<KevEntry> out;
    size_t index = 0;
    for (auto v : list) {
        ++index;
        KevEntry e{str(v, "cveID"),
                   str(v, "vendorProject"),
                   str(v, "product"),
                   str(v, "vulnerabilityName"),
                   str(v, "dateAdded"),
                   str(v, "dueDate"),
                   str(v, "knownRansomwareCampaignUse")};
        if (!e.cve_id.starts_with("CVE-"))
            throw ParseError(file, 0, fmt::format("KEV entry {} has no cveID", index));
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<KevEntry> parse_kev_csv(std::string_view csv, const std::string& file)
{
    CsvReader reader(csv, file);
    std::vector<std::string> row;
    if (!reader.next_row(row))
        throw ParseError(file, 0, "empty KEV CSV");
    auto column = [&](std::string_view name) -> size_t {
        for (size_t i = 0; i < row.size(); ++i) {
            if (row[i] == name)
                return i;
        }
        throw ParseError(file, 0, fmt::format("KEV CSV header has no '{}' column", name));
    };
    size_t id = column("cveID"), vendor = column("vendorProject"), product = column("product"),
           name = column("vulnerabilityName"), added = column("dateAdded"), due = column("dueDate"),
           ransomware = column("knownRansomwareCampaignUse");
    size_t width = row.size();
    std::vector<KevEntry> out;
    while (reader.next_row(row)) {
        if (row.size() == 1 && row[0].empty())
            continue;
        if (row.size() != width || !row[id].starts_with("CVE-"))
            throw ParseError(file, 0,
                             fmt::format("line {}: expected {} fields starting with a CVE id", reader.line(), width));
        out.push_back({row[id], row[vendor], row[product], row[name], row[added], row[due], row[ransomware]});
    }
    return out;
}

std::vector<EpssScore> parse_epss_csv(std::string_view csv, const std::string& file)
{
    // The first line may be "#model_version:v2023.03.01,score_date:2023-06-24T00:00:00+0000".
    size_t start = 0;
    std::string date;
    while (start < csv.size() && csv[start] == '#') {
        size_t nl = csv.find('\n', start);
        std::string_view comment =
            csv.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (size_t at = comment.find("score_date:"); at != std::string_view::npos) {
            date = std::string(comment.substr(at + 11, 10)); // YYYY-MM-DD
        }
        start = nl == std::string_view::npos ? csv.size() : nl + 1;
    }
    CsvReader reader(csv.substr(start), file);
    std::vector<std::string> row;
    if (!reader.next_row(row) || row.size() < 3 || row[0] != "cve" || row[1] != "epss" || row[2] != "percentile")
        throw ParseError(file, start, "not an EPSS CSV: expected the header 'cve,epss,percentile'");
    std::vector<EpssScore> out;
    while (reader.next_row(row)) {
        if (row.size() == 1 && row[0].empty())
            continue;
        bool ok_score = false;
        bool ok_pct = false;
        EpssScore s;
        if (row.size() >= 3) {
            s.cve_id = row[0];
            s.score = parse_double(row[1], ok_score);
            s.percentile = parse_double(row[2], ok_pct);
        }
        // Written so that NaN fails too (every comparison with it is false).
        bool in_range = s.score >= 0 && s.score <= 1 && s.percentile >= 0 && s.percentile <= 1;
        if (!s.cve_id.starts_with("CVE-") || !ok_score || !ok_pct || !in_range) {
            size_t line = reader.line() +
                          static_cast<size_t>(std::count(csv.begin(), csv.begin() + static_cast<long>(start), '\n'));
            std::string why = row.size() >= 3 && s.cve_id.starts_with("CVE-") && ok_score && ok_pct
                                  ? fmt::format("score {} and percentile {} must be numbers from 0 to 1",
                                                terminal_safe(excerpt(row[1], 24)), terminal_safe(excerpt(row[2], 24)))
                                  : "expected 'CVE-…,score,percentile'";
            throw ParseError(file, 0, line, 1, why);
        }
        s.date = date;
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace nixvet

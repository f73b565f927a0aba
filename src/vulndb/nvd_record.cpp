// SPDX-License-Identifier: MIT
#include "vulndb/nvd_record.hpp"

#include "vulndb/cpe.hpp"
#include "vulndb/dom_fields.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <simdjson.h>

namespace nixvet {

namespace dom = simdjson::dom;

std::string normalise_product_name(std::string_view name)
{
    std::string out;
    out.reserve(name.size());
    for (char c : name) {
        if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else if (c == ' ')
            out += '_';
        else
            out += c;
    }
    return out;
}

struct NvdRecordParser::Impl
{
    dom::parser parser;
};

NvdRecordParser::NvdRecordParser() : m_impl(std::make_unique<Impl>()) {}
NvdRecordParser::~NvdRecordParser() = default;

namespace {

using dom_fields::english;
using dom_fields::str;

void read_metrics(dom::element metrics, std::vector<CvssMetric>& out)
{
    static constexpr std::pair<std::string_view, std::string_view> k_kinds[] = {
        {"cvssMetricV40", "4.0"}, {"cvssMetricV31", "3.1"}, {"cvssMetricV30", "3.0"}, {"cvssMetricV2", "2.0"}};
    for (auto [key, version] : k_kinds) {
        dom::array list;
        if (metrics[key].get_array().get(list))
            continue;
        for (auto m : list) {
            CvssMetric metric;
            metric.version = std::string(version);
            metric.source = str(m, "source");
            metric.primary = str(m, "type") == "Primary";
            dom::element data;
            if (m["cvssData"].get(data))
                continue;
            double score = 0;
            if (data["baseScore"].get_double().get(score))
                continue;
            metric.score = score;
            metric.vector = str(data, "vectorString");
            metric.severity = str(data, "baseSeverity");
            if (metric.severity.empty())
                metric.severity = str(m, "baseSeverity"); // v2 keeps it beside cvssData
            out.push_back(std::move(metric));
        }
    }
}

// Collects vendor:product of every vulnerable cpeMatch, through nested nodes ("children" in 1.1-style data).
void collect_products(dom::element nodes, std::vector<ProductKey>& out)
{
    dom::array list;
    if (nodes.get_array().get(list))
        return;
    for (auto node : list) {
        dom::array matches;
        if (!node["cpeMatch"].get_array().get(matches)) {
            for (auto m : matches) {
                bool vulnerable = false;
                if (m["vulnerable"].get_bool().get(vulnerable) || !vulnerable)
                    continue;
                std::string_view criteria;
                if (m["criteria"].get_string().get(criteria))
                    continue;
                try {
                    Cpe cpe(criteria);
                    out.push_back({cpe.value(Cpe::vendor), cpe.value(Cpe::product)});
                } catch (const Error&) {
                    // A malformed CPE cannot match anything; the raw configuration keeps it.
                }
            }
        }
        dom::element children;
        if (!node["children"].get(children))
            collect_products(children, out);
    }
}

} // namespace

Result<NvdCve> NvdRecordParser::parse(std::string_view json)
{
    simdjson::padded_string padded(json);
    dom::element root;
    if (auto err = m_impl->parser.parse(padded).get(root))
        return Result<NvdCve>::failure(std::string("invalid JSON: ") + simdjson::error_message(err));
    dom::element cve;
    if (root["cve"].get(cve))
        return Result<NvdCve>::failure("no 'cve' object");
    NvdCve out;
    out.id = str(cve, "id");
    if (!out.id.starts_with("CVE-"))
        return Result<NvdCve>::failure(out.id.empty() ? "no cve.id"
                                                      : fmt::format("cve.id '{}' is not a CVE id", out.id));
    out.status = str(cve, "vulnStatus");
    out.published = str(cve, "published");
    out.last_modified = str(cve, "lastModified");
    if (dom::element d; !cve["descriptions"].get(d))
        out.description = english(d);
    if (dom::array tags; !cve["cveTags"].get_array().get(tags)) {
        for (auto t : tags) {
            dom::array names;
            if (t["tags"].get_array().get(names))
                continue;
            for (auto n : names) {
                std::string_view s;
                if (!n.get_string().get(s))
                    out.tags.emplace_back(s);
            }
        }
    }
    if (dom::array weaknesses; !cve["weaknesses"].get_array().get(weaknesses)) {
        for (auto w : weaknesses) {
            dom::array descriptions;
            if (w["description"].get_array().get(descriptions))
                continue;
            for (auto d : descriptions) {
                std::string value = str(d, "value");
                if (!value.empty() && std::find(out.cwes.begin(), out.cwes.end(), value) == out.cwes.end())
                    out.cwes.push_back(std::move(value));
            }
        }
    }
    if (dom::element metrics; !cve["metrics"].get(metrics))
        read_metrics(metrics, out.metrics);
    dom::element configurations;
    if (!cve["configurations"].get(configurations)) {
        if (!configurations.is_array())
            return Result<NvdCve>::failure(fmt::format("{}: 'configurations' is not a list", out.id));
        out.configurations_json = simdjson::minify(configurations);
        for (auto config : dom::array(configurations)) {
            dom::element nodes;
            if (!config["nodes"].get(nodes))
                collect_products(nodes, out.products);
        }
    } else {
        out.configurations_json = "[]";
    }
    std::sort(out.products.begin(), out.products.end());
    out.products.erase(std::unique(out.products.begin(), out.products.end()), out.products.end());
    if (dom::element refs; !cve["references"].get(refs))
        out.references_json = simdjson::minify(refs);
    else
        out.references_json = "[]";
    return out;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "vulndb/nvd_record.hpp"

#include "core/dom_fields.hpp"
#include "core/json_writer.hpp"
#include "vulndb/cpe.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>
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

// The vendor:product of a vulnerable cpeMatch entry, or nothing (platform conditions, bad CPEs).
std::optional<ProductKey> vulnerable_product(dom::element match)
{
    bool vulnerable = false;
    std::string_view criteria;
    if (match["vulnerable"].get_bool().get(vulnerable) || !vulnerable || match["criteria"].get_string().get(criteria))
        return std::nullopt;
    try {
        Cpe cpe(criteria);
        return ProductKey{cpe.value(Cpe::vendor), cpe.value(Cpe::product)};
    } catch (const Error&) {
        return std::nullopt; // a malformed CPE matches nothing; the full configuration keeps it
    }
}

std::string_view string_or(dom::element e, std::string_view key, std::string_view fallback)
{
    std::string_view v;
    return e[key].get_string().get(v) ? fallback : v;
}

bool bool_or(dom::element e, std::string_view key, bool fallback)
{
    bool v = false;
    return e[key].get_bool().get(v) ? fallback : v;
}

void append(std::string& list, std::string_view item)
{
    if (!list.empty())
        list += ',';
    list += item;
}

// Every product named vulnerable anywhere under `node` (nested "children" included).
void products_under(dom::element node, std::set<ProductKey>& out)
{
    if (dom::array matches; !node["cpeMatch"].get_array().get(matches)) {
        for (auto m : matches) {
            if (auto key = vulnerable_product(m))
                out.insert(*key);
        }
    }
    if (dom::array children; !node["children"].get_array().get(children)) {
        for (auto child : children)
            products_under(child, out);
    }
}

// JSON as the product index stores it: without matchCriteriaId (NVD's name for a criteria, a
// quarter of every cpeMatch entry and never used for matching; the full record keeps it).
void append_index_json(std::string& out, dom::element e)
{
    if (dom::object fields; !e.get_object().get(fields)) {
        out += '{';
        bool first = true;
        for (auto field : fields) {
            if (field.key == "matchCriteriaId")
                continue;
            if (!first)
                out += ',';
            first = false;
            JsonWriter::quote(out, field.key);
            out += ':';
            append_index_json(out, field.value);
        }
        out += '}';
    } else if (dom::array items; !e.get_array().get(items)) {
        out += '[';
        bool first = true;
        for (auto item : items) {
            if (!first)
                out += ',';
            first = false;
            append_index_json(out, item);
        }
        out += ']';
    } else {
        out += simdjson::minify(e);
    }
}

std::string index_json(dom::element e)
{
    std::string out;
    append_index_json(out, e);
    return out;
}

// Splits the configurations per product (see ProductApplicability): a CVE that names hundreds
// of products in one OR node must not store that node once per product.
std::vector<ProductApplicability> split_by_product(dom::array configurations)
{
    std::map<ProductKey, std::string> per_product;
    for (auto config : configurations) {
        dom::array nodes;
        if (config["nodes"].get_array().get(nodes))
            continue;
        std::string_view config_operator = string_or(config, "operator", "OR");
        bool config_negate = bool_or(config, "negate", false);
        // An AND (or negated) configuration can depend on every node: it is kept whole.
        bool whole = config_operator != "OR" || config_negate;

        struct Node
        {
            std::string intact;   ///< the node as written, when it is kept whole
            std::string platform; ///< its non-vulnerable entries
            std::map<ProductKey, std::string> entries;
        };
        std::vector<Node> parts;
        std::set<ProductKey> named;
        for (auto node : nodes) {
            Node part;
            std::string_view op = string_or(node, "operator", "OR");
            bool negate = bool_or(node, "negate", false);
            dom::array matches;
            bool prunable = !whole && op == "OR" && !negate && !node["cpeMatch"].get_array().get(matches) &&
                            node["children"].error() == simdjson::NO_SUCH_FIELD;
            products_under(node, named);
            if (!prunable) {
                part.intact = index_json(node);
            } else {
                for (auto m : matches) {
                    std::string entry = index_json(m);
                    if (auto key = vulnerable_product(m))
                        append(part.entries[*key], entry);
                    else
                        append(part.platform, entry);
                }
            }
            parts.push_back(std::move(part));
        }
        std::string config_whole = whole ? index_json(config) : std::string();
        for (const auto& key : named) {
            if (whole) {
                append(per_product[key], config_whole);
                continue;
            }
            std::string json = "{";
            if (config["operator"].error() != simdjson::NO_SUCH_FIELD)
                json += "\"operator\":\"OR\",";
            if (config["negate"].error() != simdjson::NO_SUCH_FIELD)
                json += "\"negate\":false,";
            json += "\"nodes\":[";
            for (size_t i = 0; i < parts.size(); ++i) {
                if (i > 0)
                    json += ',';
                if (!parts[i].intact.empty()) {
                    json += parts[i].intact;
                    continue;
                }
                std::string entries = parts[i].platform;
                if (auto it = parts[i].entries.find(key); it != parts[i].entries.end())
                    append(entries, it->second);
                json += "{\"operator\":\"OR\",\"negate\":false,\"cpeMatch\":[" + entries + "]}";
            }
            json += "]}";
            append(per_product[key], json);
        }
    }
    std::vector<ProductApplicability> out;
    for (auto& [key, json] : per_product)
        out.push_back({key, "[" + json + "]"});
    return out;
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
        out.products = split_by_product(dom::array(configurations));
    } else {
        out.configurations_json = "[]";
    }
    if (dom::element refs; !cve["references"].get(refs))
        out.references_json = simdjson::minify(refs);
    else
        out.references_json = "[]";
    return out;
}

} // namespace nixvet

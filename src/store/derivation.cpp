// SPDX-License-Identifier: MIT
#include "store/derivation.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <simdjson.h>

namespace nixvet {

std::string_view Derivation::own(std::string s)
{
    m_buffers.push_back(std::make_unique<std::string>(std::move(s)));
    return *m_buffers.back();
}

std::optional<std::string_view> Derivation::env_get(std::string_view key) const
{
    for (const auto& [k, v] : env) {
        if (k == key)
            return v;
    }
    return std::nullopt;
}

std::optional<std::string_view> Derivation::attr(std::string_view key) const
{
    if (m_summary && std::find(k_summary_attrs.begin(), k_summary_attrs.end(), key) == k_summary_attrs.end())
        throw std::logic_error("a derivation summary does not keep attribute " + std::string(key));
    if (m_structured_parsed || m_summary) {
        for (const auto& [k, v] : m_structured_scalars) {
            if (k == key)
                return v;
        }
        return std::nullopt;
    }
    return env_get(key);
}

std::vector<std::string_view> Derivation::attr_list(std::string_view key) const
{
    std::vector<std::string_view> list;
    if (m_summary) {
        if (std::find(k_summary_attrs.begin(), k_summary_attrs.end(), key) == k_summary_attrs.end())
            throw std::logic_error("a derivation summary does not keep attribute " + std::string(key));
        for (const auto& [k, v] : m_structured) {
            if (k == key)
                return v;
        }
        return list;
    }
    if (m_structured_parsed) {
        for (const auto& [k, v] : m_structured) {
            if (k == key)
                return v;
        }
        if (auto scalar = attr(key); scalar && !scalar->empty())
            list.push_back(*scalar);
        return list;
    }
    auto value = env_get(key);
    if (!value)
        return list;
    std::string_view s = *value;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            ++i;
        size_t start = i;
        while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            ++i;
        if (i > start)
            list.push_back(s.substr(start, i - start));
    }
    return list;
}

bool Derivation::is_fixed_output() const
{
    return outputs.size() == 1 && outputs[0].name == "out" && !outputs[0].hash.empty();
}

const DerivationOutput* Derivation::output(std::string_view name) const
{
    for (const auto& o : outputs) {
        if (o.name == name)
            return &o;
    }
    return nullptr;
}

std::string_view Derivation::name() const
{
    if (m_summary)
        return m_summary_name;
    if (auto n = attr("name"))
        return *n;
    std::string_view p = path;
    if (auto slash = p.rfind('/'); slash != std::string_view::npos)
        p = p.substr(slash + 1);
    if (p.size() > StorePath::k_hash_length + 1 && p[StorePath::k_hash_length] == '-')
        p = p.substr(StorePath::k_hash_length + 1);
    if (p.ends_with(".drv"))
        p.remove_suffix(4);
    return p;
}

void Derivation::load_structured_attrs(const std::string& file)
{
    auto json = env_get("__json");
    if (!json)
        return;
    simdjson::dom::parser parser;
    simdjson::padded_string padded(*json);
    simdjson::dom::element root;
    if (auto err = parser.parse(padded).get(root)) {
        JsonProblem problem = find_json_problem(*json);
        throw Error(fmt::format("{}: __json of the derivation is not valid JSON at byte {} of it: {}", file,
                                problem.offset,
                                problem.message.empty() ? simdjson::error_message(err) : problem.message));
    }
    simdjson::dom::object object;
    if (root.get_object().get(object))
        throw Error(fmt::format("{}: __json of the derivation is not a JSON object", file));
    for (auto [key, value] : object) {
        std::string_view k = own(std::string(key));
        switch (value.type()) {
        case simdjson::dom::element_type::STRING:
            m_structured_scalars.emplace_back(k, own(std::string(value.get_string().value())));
            break;
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64:
        case simdjson::dom::element_type::DOUBLE:
            m_structured_scalars.emplace_back(k, own(simdjson::minify(value)));
            break;
        case simdjson::dom::element_type::BOOL:
            // As stdenv's structured-attrs shell sees it: true is "1", false is empty.
            m_structured_scalars.emplace_back(k, value.get_bool().value() ? "1" : "");
            break;
        case simdjson::dom::element_type::ARRAY: {
            std::vector<std::string_view> items;
            simdjson::dom::array array = value.get_array().value_unsafe();
            for (auto item : array) {
                if (item.is_string())
                    items.push_back(own(std::string(item.get_string().value())));
            }
            m_structured.emplace_back(k, std::move(items));
            break;
        }
        default: break; // objects (outputChecks, exportReferencesGraph) and null carry no inventory facts
        }
    }
    m_structured_parsed = true;
}

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

struct JsonReader
{
    const std::string& file;
    const StoreDir& store_dir;

    [[noreturn]] void fail(const std::string& what) const { throw ParseError(file, 0, what); }

    std::string_view str(Derivation& drv, element e, std::string_view what) const
    {
        std::string_view s;
        if (e.get_string().get(s))
            fail(fmt::format("{} is not a string", what));
        return drv.own(std::string(s));
    }

    // Newer formats (version 4) write store paths without the store directory.
    std::string_view store_path(Derivation& drv, element e, std::string_view what) const
    {
        std::string_view s = str(drv, e, what);
        if (!s.empty() && s.front() != '/')
            s = drv.own(store_dir.str() + "/" + std::string(s));
        if (std::string why = StorePath::check(s, store_dir); !why.empty())
            fail(fmt::format("{}: {}", what, why));
        return s;
    }

    std::vector<std::string_view> str_list(Derivation& drv, element e, std::string_view what) const
    {
        simdjson::dom::array array;
        if (e.get_array().get(array))
            fail(fmt::format("{} is not a list", what));
        std::vector<std::string_view> list;
        for (auto item : array)
            list.push_back(str(drv, item, what));
        return list;
    }

    Derivation read(element e, std::string path) const
    {
        Derivation drv;
        object o;
        if (e.get_object().get(o))
            fail("a derivation is not a JSON object");
        if (!path.empty() && path.front() != '/')
            path = store_dir.str() + "/" + path;
        drv.path = std::move(path);

        object outputs;
        if (o["outputs"].get_object().get(outputs))
            fail(fmt::format("derivation '{}' has no 'outputs' object", drv.path));
        for (auto [name, out] : outputs) {
            DerivationOutput output;
            output.name = drv.own(std::string(name));
            object fields;
            if (out.get_object().get(fields))
                fail(fmt::format("output '{}' is not an object", name));
            if (element p; !fields["path"].get(p))
                output.path = store_path(drv, p, "output path");
            if (element a; !fields["hashAlgo"].get(a))
                output.hash_algo = str(drv, a, "hashAlgo");
            if (element h; !fields["hash"].get(h)) {
                output.hash = str(drv, h, "hash");
                if (element m; !fields["method"].get(m) && output.hash_algo.empty()) {
                    // version 4 folds algorithm into an SRI hash and names the method apart
                    std::string_view method = str(drv, m, "method");
                    std::string_view sri = output.hash;
                    std::string algo(sri.substr(0, sri.find('-')));
                    if (method == "nar")
                        algo = "r:" + algo;
                    else if (method == "text")
                        algo = "text:" + algo;
                    output.hash_algo = drv.own(algo);
                }
            }
            drv.outputs.push_back(output);
        }

        element drvs;
        element srcs;
        if (element inputs; !o["inputs"].get(inputs)) {
            if (inputs["drvs"].get(drvs) || inputs["srcs"].get(srcs))
                fail("'inputs' lacks 'drvs' or 'srcs'");
        } else if (o["inputDrvs"].get(drvs) || o["inputSrcs"].get(srcs)) {
            fail(fmt::format("derivation '{}' lacks 'inputDrvs' or 'inputSrcs'", drv.path));
        }
        object drv_map;
        if (drvs.get_object().get(drv_map))
            fail("input derivations are not an object");
        for (auto [input_path, spec] : drv_map) {
            InputDerivation input;
            std::string full(input_path);
            if (!full.empty() && full.front() != '/')
                full = store_dir.str() + "/" + full;
            if (std::string why = StorePath::check(full, store_dir); !why.empty())
                fail("input derivation: " + why);
            input.path = drv.own(std::move(full));
            if (spec.is_array())
                input.outputs = str_list(drv, spec, "input derivation outputs");
            else if (element outs; !spec["outputs"].get(outs))
                input.outputs = str_list(drv, outs, "input derivation outputs");
            else
                fail(fmt::format("input derivation '{}' names no outputs", input.path));
            drv.input_drvs.push_back(std::move(input));
        }
        simdjson::dom::array src_list;
        if (srcs.get_array().get(src_list))
            fail("input sources are not a list");
        for (auto src : src_list)
            drv.input_srcs.push_back(store_path(drv, src, "input source"));

        element system;
        if (o["system"].get(system) && o["platform"].get(system))
            fail(fmt::format("derivation '{}' has no 'system'", drv.path));
        drv.system = str(drv, system, "system");
        element builder;
        if (o["builder"].get(builder))
            fail(fmt::format("derivation '{}' has no 'builder'", drv.path));
        drv.builder = str(drv, builder, "builder");
        if (element args; !o["args"].get(args))
            drv.args = str_list(drv, args, "args");
        object env;
        if (o["env"].get_object().get(env))
            fail(fmt::format("derivation '{}' has no 'env' object", drv.path));
        for (auto [key, value] : env)
            drv.env.emplace_back(drv.own(std::string(key)), str(drv, value, "env value"));
        if (drv.path.empty()) {
            if (element name; !o["name"].get(name))
                drv.env.emplace_back("name", str(drv, name, "name"));
        }
        drv.load_structured_attrs(file);
        return drv;
    }
};

} // namespace

std::vector<Derivation> parse_derivation_json(std::string text, const std::string& file, const StoreDir& store_dir)
{
    simdjson::dom::parser parser;
    simdjson::padded_string padded(text);
    element root;
    auto err = parser.parse(padded).get(root);
    if (err == simdjson::UTF8_ERROR) {
        // `nix show-derivation` writes env values that are not UTF-8 (Latin-1 files) as raw bytes.
        padded = simdjson::padded_string(sanitize_utf8(text));
        err = parser.parse(padded).get(root);
    }
    if (err)
        throw_json_error(file, text, simdjson::error_message(err));
    object top;
    if (root.get_object().get(top))
        throw ParseError(file, 0, "expected a JSON object of derivations");
    JsonReader reader{file, store_dir};
    std::vector<Derivation> result;
    if (element outputs; !top["outputs"].get(outputs)) {
        result.push_back(reader.read(root, ""));
        return result;
    }
    // Newer `nix derivation show` wraps the map as {"derivations": {...}, "version": N}.
    object map = top;
    if (object inner; !top["derivations"].get_object().get(inner))
        map = inner;
    for (auto [path, value] : map)
        result.push_back(reader.read(value, std::string(path)));
    return result;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
// Field helpers over simdjson's DOM for the JSON readers (include from .cpp files only:
// third-party headers stay out of the public headers).
#pragma once

#include "core/json.hpp"

#include <simdjson.h>
#include <string>
#include <string_view>
#include <vector>

namespace nixvet::dom_fields {

/// Parses the JSON document `text`, the content of `file`, with `parser` (the element lives as
/// long as the parser's next parse); throws ParseError naming the file and the offset of the
/// first problem.
inline simdjson::dom::element parse_document(simdjson::dom::parser& parser, std::string_view text,
                                             const std::string& file)
{
    simdjson::dom::element root;
    if (auto err = parser.parse(text.data(), text.size()).get(root))
        throw_json_error(file, text, simdjson::error_message(err));
    return root;
}

/// The string member `key` of `e`, or empty.
inline std::string str(simdjson::dom::element e, std::string_view key)
{
    std::string_view s;
    if (e[key].get_string().get(s))
        return {};
    return std::string(s);
}

/// The string member `key` of a looked-up element that may be missing (`e["a"]`), or empty.
inline std::string str(simdjson::simdjson_result<simdjson::dom::element> e, std::string_view key)
{
    simdjson::dom::element element;
    if (std::move(e).get(element))
        return {};
    return str(element, key);
}

/// The strings of an array element (other members skipped); empty when it is not an array.
inline std::vector<std::string> string_list(simdjson::dom::element list)
{
    std::vector<std::string> out;
    simdjson::dom::array array;
    if (list.get_array().get(array))
        return out;
    for (auto e : array) {
        std::string_view s;
        if (!e.get_string().get(s))
            out.emplace_back(s);
    }
    return out;
}

/// From a list of {lang, value}: the English value, else the first one, else empty.
inline std::string english(simdjson::dom::element list)
{
    simdjson::dom::array array;
    if (list.get_array().get(array))
        return {};
    std::string first;
    for (auto d : array) {
        std::string lang = str(d, "lang");
        std::string value = str(d, "value");
        if (lang == "en" || lang.starts_with("en-") || lang.starts_with("en_"))
            return value;
        if (first.empty())
            first = value;
    }
    return first;
}

} // namespace nixvet::dom_fields

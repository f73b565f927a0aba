// SPDX-License-Identifier: MIT
#include "core/json.hpp"

#include "core/error.hpp"

#include <cctype>
#include <fmt/format.h>
#include <simdjson.h>

namespace nixvet {

namespace {

namespace od = simdjson::ondemand;

simdjson::error_code walk(od::value value, int depth)
{
    if (depth > 1000)
        return simdjson::DEPTH_ERROR;
    od::json_type type;
    if (auto err = value.type().get(type))
        return err;
    switch (type) {
    case od::json_type::object: {
        od::object object;
        if (auto err = value.get_object().get(object))
            return err;
        for (auto field : object) {
            std::string_view key;
            if (auto err = field.unescaped_key().get(key))
                return err;
            od::value child;
            if (auto err = field.value().get(child))
                return err;
            if (auto err = walk(child, depth + 1))
                return err;
        }
        return simdjson::SUCCESS;
    }
    case od::json_type::array: {
        od::array array;
        if (auto err = value.get_array().get(array))
            return err;
        for (auto element : array) {
            od::value child;
            if (auto err = element.get(child))
                return err;
            if (auto err = walk(child, depth + 1))
                return err;
        }
        return simdjson::SUCCESS;
    }
    case od::json_type::string: {
        std::string_view s;
        return value.get_string().get(s);
    }
    case od::json_type::number: {
        double d;
        if (value.get_double().get(d) == simdjson::SUCCESS)
            return simdjson::SUCCESS;
        // Big integers are still valid JSON.
        std::string_view raw = value.raw_json_token();
        return raw.empty() ? simdjson::NUMBER_ERROR : simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
        bool b;
        return value.get_bool().get(b);
    }
    case od::json_type::null: {
        bool is_null = false;
        if (auto err = value.is_null().get(is_null))
            return err;
        return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    }
    return simdjson::INCORRECT_TYPE;
}

} // namespace

JsonProblem find_json_problem(std::string_view text)
{
    // Every document nixvet reads is an object or an array: say so plainly for anything else
    // (a CSV or a TOML file given where JSON is expected) instead of simdjson's scalar message.
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] != '{' && text[first] != '[') {
        auto c = static_cast<unsigned char>(text[first]);
        std::string found = std::isprint(c) ? fmt::format("'{}'", text[first]) : fmt::format("byte 0x{:02x}", c);
        return {first, "not JSON: expected an object or an array, found " + found};
    }
    simdjson::padded_string padded(text);
    od::parser parser;
    od::document doc;
    if (auto err = parser.iterate(padded).get(doc))
        return {0, simdjson::error_message(err)};
    auto locate = [&](simdjson::error_code err) {
        const char* where = nullptr;
        size_t offset = text.size();
        if (doc.current_location().get(where) == simdjson::SUCCESS && where >= padded.data())
            offset = static_cast<size_t>(where - padded.data());
        return JsonProblem{offset, simdjson::error_message(err)};
    };
    od::value root;
    // A scalar document cannot be read as a value; such a document is not ours anyway.
    if (auto err = doc.get_value().get(root))
        return locate(err);
    if (auto err = walk(root, 0))
        return locate(err);
    return {};
}

void throw_json_error(const std::string& file, std::string_view text, const char* fallback)
{
    JsonProblem problem = find_json_problem(text);
    throw ParseError(file, problem.offset, problem.message.empty() ? std::string(fallback) : problem.message);
}

} // namespace nixvet

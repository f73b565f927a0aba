// SPDX-License-Identifier: MIT
#include "core/json_writer.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

using namespace nixvet;

namespace {

TEST(JsonWriter, WritesNestedValuesThatParseBack)
{
    JsonWriter w;
    w.begin_object();
    w.field("s", "quote \" backslash \\ newline \n tab \t bell \x07");
    w.field("n", static_cast<int64_t>(-5));
    w.field("b", true);
    w.key("empty").begin_array().end_array();
    w.key("list").begin_array().value("a").value(1).null().end_array();
    w.key("o").begin_object().field("k", "v").end_object();
    w.end_object();
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(w.str()).get(doc), simdjson::SUCCESS) << w.str();
    EXPECT_EQ(std::string_view(doc["s"]), "quote \" backslash \\ newline \n tab \t bell \x07");
    EXPECT_EQ(int64_t(doc["n"]), -5);
    EXPECT_EQ(simdjson::dom::array(doc["list"]).size(), 3U);
    EXPECT_EQ(std::string_view(doc["o"]["k"]), "v");
}

TEST(JsonWriter, ReplacesBytesThatAreNotUtf8)
{
    std::string out;
    JsonWriter::quote(out, "Lat\xe5n \xc3\xa5 \xf0\x9f\x8c\xae");
    EXPECT_EQ(out, "\"Lat\xEF\xBF\xBDn \xc3\xa5 \xf0\x9f\x8c\xae\"");
}

} // namespace

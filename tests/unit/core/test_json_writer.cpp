// SPDX-License-Identifier: MIT
#include "core/json_writer.hpp"

#include <cstdio>
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

TEST(JsonWriter, EscapesEveryByteWhereverItIsInALongString)
{
    // quote() scans eight bytes at a time: each byte value at each position of a word, and in
    // the tail after the last whole word, must come out as a byte-at-a-time escape gives it.
    auto expected = [](unsigned char b) -> std::string {
        switch (b) {
        case '"': return "\\\"";
        case '\\': return "\\\\";
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        default: break;
        }
        if (b < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", b);
            return buf;
        }
        return b < 0x80 ? std::string(1, static_cast<char>(b)) : std::string("\xEF\xBF\xBD");
    };
    for (int b = 0; b < 256; ++b) {
        for (size_t pos = 0; pos < 19; ++pos) {
            std::string s(19, 'a');
            s[pos] = static_cast<char>(b);
            std::string out;
            JsonWriter::quote(out, s);
            ASSERT_EQ(out, "\"" + std::string(pos, 'a') + expected(static_cast<unsigned char>(b)) +
                               std::string(18 - pos, 'a') + "\"")
                << "byte " << b << " at " << pos;
        }
    }
    std::string multi = std::string(13, 'x') + "\xc3\xa5" + std::string(9, 'y') + "\xf0\x9f\x8c\xae";
    std::string out;
    JsonWriter::quote(out, multi);
    EXPECT_EQ(out, "\"" + multi + "\"");
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "core/json_stream.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

struct Cut
{
    std::vector<std::string> elements;
    std::vector<uint64_t> offsets;
    std::string shell;
};

Cut cut(std::string_view text, size_t chunk)
{
    Cut c;
    JsonArrayStream s("vulnerabilities", "t.json", [&](std::string e, uint64_t offset) {
        c.elements.push_back(std::move(e));
        c.offsets.push_back(offset);
    });
    for (size_t i = 0; i < text.size(); i += chunk)
        s.feed(text.substr(i, chunk));
    s.finish();
    c.shell = s.shell();
    return c;
}

const std::string k_feed = R"({"format" : "NVD_CVE", "vulnerabilities" : [ {"cve": {"id": "A", "d": "a } ] \" {"}},
  {"cve": {"id": "B", "nested": [[{}], {"x": [1, 2]}]}} ], "timestamp" : "2024"})";

TEST(JsonArrayStream, CutsElementsWhateverTheChunkSize)
{
    for (size_t chunk : {1UL, 2UL, 3UL, 7UL, 64UL, 100000UL}) {
        SCOPED_TRACE(chunk);
        Cut c = cut(k_feed, chunk);
        ASSERT_EQ(c.elements.size(), 2U);
        EXPECT_EQ(c.elements[0], R"({"cve": {"id": "A", "d": "a } ] \" {"}})");
        EXPECT_EQ(c.elements[1], R"({"cve": {"id": "B", "nested": [[{}], {"x": [1, 2]}]}})");
        EXPECT_EQ(c.offsets[0], k_feed.find("{\"cve\""));
        EXPECT_EQ(c.shell, R"({"format" : "NVD_CVE", "vulnerabilities" : [], "timestamp" : "2024"})");
    }
}

TEST(JsonArrayStream, NamesWhereTheInputIsCutShort)
{
    for (size_t len : {10UL, 60UL, 100UL, k_feed.size() - 1}) {
        try {
            cut(std::string_view(k_feed).substr(0, len), 5);
            ADD_FAILURE() << "prefix of " << len << " accepted";
        } catch (const ParseError& e) {
            EXPECT_EQ(e.offset(), len);
            EXPECT_EQ(e.file(), "t.json");
        }
    }
}

TEST(JsonArrayStream, RejectsBrokenStructure)
{
    EXPECT_THROW(cut(R"([1, 2])", 4), ParseError);
    EXPECT_THROW(cut(R"({"vulnerabilities": [1, 2]})", 4), ParseError);
    EXPECT_THROW(cut(R"({"vulnerabilities": [{}]}})", 4), ParseError);
    EXPECT_THROW(cut(R"({"vulnerabilities": [{}]} {})", 4), ParseError);
    EXPECT_THROW(cut("{\"vulnerabilities\": [{\"a\": \"x\ny\"}]}", 4), ParseError);
    EXPECT_THROW(cut("", 4), ParseError);
}

TEST(JsonArrayStream, ReportsTheTopLevelKeysWhenTheArrayIsMissing)
{
    JsonArrayStream s("vulnerabilities", "t.json", [](std::string, uint64_t) {});
    s.feed(R"({"CVE_data_type": "CVE", "CVE_Items": [{"a": 1}]})");
    s.finish();
    EXPECT_FALSE(s.found_array());
    EXPECT_EQ(s.top_level_keys(), "CVE_data_type, CVE_Items");
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/mini_toml.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

TEST(MiniToml, ReadsTheSubsetNixvetFilesUse)
{
    auto tables = parse_mini_toml(R"(# a comment
top = "level"

[packages]   # trailing comment
curl = ["haxx:curl", 'haxx:libcurl']
multi = [
  "a",  # first
  "b",
]
["openssl-3.0.12"]
until = 2026-12-31
comment = "caf\u00e9 \"quoted\" tab\t and Lübeck"
)",
                                  "t.toml");
    ASSERT_EQ(tables.size(), 3U);
    EXPECT_EQ(tables[0].name, "");
    EXPECT_EQ(tables[0].entries[0].second.text, "level");
    EXPECT_EQ(tables[1].name, "packages");
    EXPECT_EQ(tables[1].line, 4U);
    EXPECT_EQ(tables[1].entries[0].second.items, (std::vector<std::string>{"haxx:curl", "haxx:libcurl"}));
    EXPECT_EQ(tables[1].entries[1].second.items, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(tables[2].name, "openssl-3.0.12");
    EXPECT_EQ(tables[2].entries[0].second.kind, TomlValue::Kind::date);
    EXPECT_EQ(tables[2].entries[0].second.text, "2026-12-31");
    EXPECT_EQ(tables[2].entries[1].second.text, "café \"quoted\" tab\t and Lübeck");
}

TEST(MiniToml, RejectsEverythingElseWithTheLine)
{
    auto line_of = [](const std::string& text) -> std::string {
        try {
            parse_mini_toml(text, "t.toml");
        } catch (const ParseError& e) {
            std::string what = e.what();
            return what.substr(what.find("line "), what.find(':', what.find("line ")) - what.find("line "));
        }
        return "accepted";
    };
    EXPECT_EQ(line_of("[&"), "line 1") << "UB in toml++ 3.3 (upstream issue 294)";
    EXPECT_EQ(line_of("\xcc\xaa"), "line 1") << "UB in toml++ 3.3 (upstream issue 295)";
    EXPECT_EQ(line_of("a = 1\n"), "line 1");
    EXPECT_EQ(line_of("[x]\na = \"1\"\na = \"2\"\n"), "line 3");
    EXPECT_EQ(line_of("[x]\n[x]\n"), "line 2");
    EXPECT_EQ(line_of("a = \"\"\"\nmulti\n\"\"\"\n"), "line 1");
    EXPECT_EQ(line_of("a = [\"x\"\n"), "line 2");
    EXPECT_EQ(line_of("a.b = \"x\"\n"), "line 1");
    EXPECT_EQ(line_of("a = \"x\" junk\n"), "line 1");
    EXPECT_EQ(line_of("a = \"bad \\q escape\"\n"), "line 1");
    EXPECT_EQ(line_of("a = \"\x01\"\n"), "line 1");
    EXPECT_EQ(line_of("a = \"\xff\"\n"), "line 1");
    EXPECT_EQ(line_of("[[tables]]\n"), "line 1");
    EXPECT_EQ(line_of("[a.\"b\"]\n[a . b]\n"), "line 2") << "the same dotted name twice";
    EXPECT_EQ(line_of("[a.]\n"), "line 1");
    EXPECT_EQ(line_of("[a.b c]\n"), "line 1");
}

TEST(MiniToml, ReadsDottedTableNames)
{
    auto tables = parse_mini_toml("[accept.\"CVE-2024-1\"]\nuntil = 2027-01-01\n[ a . 'b.c' ]\n[a]\n", "t.toml");
    ASSERT_EQ(tables.size(), 3U);
    EXPECT_EQ(tables[0].path, (std::vector<std::string>{"accept", "CVE-2024-1"}));
    EXPECT_EQ(tables[0].name, "accept.CVE-2024-1");
    EXPECT_EQ(tables[1].path, (std::vector<std::string>{"a", "b.c"}));
    EXPECT_EQ(tables[2].path, std::vector<std::string>{"a"}) << "a different table from [a.'b.c']";
}

TEST(MiniToml, TheFuzzersFindingIsAnErrorNotUndefinedBehaviour)
{
    std::string seed = read_file(std::string(NIXVET_FIXTURES) +
                                 "/../../fuzz/corpus/fuzz_scan_inputs/regression-toml-nonascii-after-header.toml");
    EXPECT_THROW(parse_mini_toml(seed, "crash.toml"), ParseError);
}

} // namespace

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

TEST(MiniToml, RejectsEverythingElseWithTheLineAndColumn)
{
    // "t.toml:LINE:COLUMN: message", as compilers write it.
    auto where = [](const std::string& text) -> std::string {
        try {
            parse_mini_toml(text, "t.toml");
        } catch (const ParseError& e) {
            std::string what = e.what();
            EXPECT_TRUE(what.starts_with("t.toml:")) << what;
            size_t end = what.find(':', what.find(':', 7) + 1);
            return what.substr(7, end - 7);
        }
        return "accepted";
    };
    EXPECT_EQ(where("[&"), "1:2") << "UB in toml++ 3.3 (upstream issue 294)";
    EXPECT_EQ(where("\xcc\xaa"), "1:1") << "UB in toml++ 3.3 (upstream issue 295)";
    EXPECT_EQ(where("a = 1\n"), "1:5");
    EXPECT_EQ(where("[x]\na = \"1\"\na = \"2\"\n"), "3:1") << "the second definition of the key";
    EXPECT_EQ(where("[x]\n[x]\n"), "2:1");
    EXPECT_EQ(where("a = \"\"\"\nmulti\n"), "1:5") << "a multi-line string not closed";
    EXPECT_EQ(where("\"\"\"k\"\"\" = 1\n"), "1:1") << "a multi-line key";
    EXPECT_EQ(where("until = 2027-01-01T25:00:00\n"), "1:19");
    EXPECT_EQ(where("a = [\"x\"\n"), "2:1");
    EXPECT_EQ(where("a.b = \"x\"\n"), "1:2");
    EXPECT_EQ(where("a = \"x\" junk\n"), "1:9");
    EXPECT_EQ(where("a = \"bad \\q escape\"\n"), "1:10") << "at the backslash";
    EXPECT_EQ(where("a = \"\x01\"\n"), "1:6");
    EXPECT_EQ(where("a = \"\xff\"\n"), "1:6");
    EXPECT_EQ(where("[[tables]]\n"), "1:2");
    EXPECT_EQ(where("[a.\"b\"]\n[a . b]\n"), "2:1") << "the same dotted name twice";
    EXPECT_EQ(where("[a.]\n"), "1:4");
    EXPECT_EQ(where("[a.b c]\n"), "1:6");
    EXPECT_EQ(where("x = \"é\"\ny = \"é\" z\n"), "2:9") << "columns count characters, not bytes";
}

TEST(MiniToml, ADateMustBeOnTheCalendar)
{
    auto date_error = [](const std::string& date) -> std::string {
        try {
            parse_mini_toml("until = " + date + "\n", "t.toml");
        } catch (const ParseError& e) {
            return e.what();
        }
        return "accepted";
    };
    EXPECT_EQ(date_error("2027-13-45"), "t.toml:1:9: 2027-13-45 is not a date of the calendar");
    EXPECT_NE(date_error("2099-02-31"), "accepted");
    EXPECT_NE(date_error("2027-00-10"), "accepted");
    EXPECT_NE(date_error("2027-04-31"), "accepted");
    EXPECT_NE(date_error("2100-02-29"), "accepted") << "1900, 2100: not leap years";
    EXPECT_EQ(date_error("2000-02-29"), "accepted") << "2000 is a leap year";
    EXPECT_EQ(date_error("2028-02-29"), "accepted");
    EXPECT_EQ(date_error("2027-12-31"), "accepted");
}

TEST(MiniToml, ManyTablesAreReadInOnePass)
{
    // 40,000 tables took 103 s when each header counted the lines before it and compared itself
    // with every earlier table; the answer must be right whatever the speed.
    std::string text;
    for (int i = 0; i < 40000; ++i)
        text += "[accept.\"CVE-2024-" + std::to_string(i) + "\"]\nuntil = 2027-01-01\nreason = \"r\"\n";
    auto tables = parse_mini_toml(text, "t.toml");
    ASSERT_EQ(tables.size(), 40000U);
    EXPECT_EQ(tables.back().line, 3U * 39999 + 1);
    EXPECT_EQ(tables.back().entries[1].second.line, 3U * 39999 + 3);
    text += "[accept.\"CVE-2024-7\"]\n";
    try {
        parse_mini_toml(text, "t.toml");
        ADD_FAILURE() << "a table defined twice was accepted";
    } catch (const ParseError& e) {
        EXPECT_EQ(std::string(e.what()), "t.toml:120001:1: table [accept.CVE-2024-7] is defined twice");
    }
}

TEST(MiniToml, LongInputIsNotEchoedBack)
{
    std::string name = "[a";
    for (int i = 0; i < 50000; ++i)
        name += ".a";
    std::string text = name + "]\n" + name + "]\n";
    try {
        parse_mini_toml(text, "t.toml");
        ADD_FAILURE() << "accepted";
    } catch (const ParseError& e) {
        EXPECT_LT(std::string(e.what()).size(), 200U) << "the 100 KB name is cut in the message";
        EXPECT_NE(std::string(e.what()).find("…"), std::string::npos);
    }
}

TEST(MiniToml, ReadsMultiLineStringsAndDateTimesAsVulnixWhitelistsUseThem)
{
    auto tables = parse_mini_toml("[\"x\"]\n"
                                  "comment = \"\"\"\nfirst line\n  second \"quoted\" \\u00e9\n\"\"\"\n"
                                  "joined = \"\"\"one \\\n      two\"\"\"\n"
                                  "literal = \'\'\'C:\\path\n\\n stays\'\'\'\n"
                                  "quotes = \"\"\"a \"\"\"\"\"\n"
                                  "list = [\"\"\"one\ntwo\"\"\", \'b\']\n"
                                  "a = 2018-03-01T00:00:00Z\n"
                                  "b = 2018-03-01 12:30:00.5+02:00\n"
                                  "c = 2018-03-01T12:30:00\n"
                                  "d = 2018-03-01\n",
                                  "w.toml");
    ASSERT_EQ(tables.size(), 1U);
    auto get = [&](const std::string& key) {
        for (const auto& [k, v] : tables[0].entries) {
            if (k == key)
                return v;
        }
        ADD_FAILURE() << key;
        return TomlValue{};
    };
    EXPECT_EQ(get("comment").text, "first line\n  second \"quoted\" é\n") << "the first newline is trimmed";
    EXPECT_EQ(get("joined").text, "one two") << "a line-ending backslash joins the lines";
    EXPECT_EQ(get("literal").text, "C:\\path\n\\n stays") << "no escapes in literal strings";
    EXPECT_EQ(get("quotes").text, "a \"\"") << "quotes just before the closing delimiter";
    EXPECT_EQ(get("list").items, (std::vector<std::string>{"one\ntwo", "b"}));
    for (const char* key : {"a", "b", "c"}) {
        EXPECT_EQ(get(key).kind, TomlValue::Kind::date) << key;
        EXPECT_EQ(get(key).text, "2018-03-01") << key;
        EXPECT_TRUE(get(key).has_time) << key;
    }
    EXPECT_FALSE(get("d").has_time);
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

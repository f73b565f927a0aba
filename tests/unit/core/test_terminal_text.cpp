// SPDX-License-Identifier: MIT
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/terminal_text.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

TEST(TerminalText, EscapesEveryControlThatCouldMoveOrHideText)
{
    EXPECT_EQ(terminal_safe("plain text, Lübeck ✓"), "plain text, Lübeck ✓");
    EXPECT_EQ(terminal_safe("\x1b[2J\x1b[HNo vulnerabilities found"), "\\x1b[2J\\x1b[HNo vulnerabilities found");
    EXPECT_EQ(terminal_safe("a\rb\bc\x7f"), "a\\rb\\x08c\\x7f") << "carriage return, backspace, DEL";
    EXPECT_EQ(terminal_safe("\xc2\x9b"
                            "31m"),
              "\\u009b31m")
        << "C1 CSI, as UTF-8";
    EXPECT_EQ(terminal_safe("abc\xe2\x80\xae"
                            "fed"),
              "abc\\u202efed")
        << "right-to-left override";
    EXPECT_EQ(terminal_safe("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u2066x\\u2069") << "isolates";
    EXPECT_EQ(terminal_safe("bad \xff byte"), "bad \\xff byte") << "not UTF-8";
    EXPECT_EQ(terminal_safe("two\nlines\tand tab"), "two\\nlines\\tand tab") << "one line: a cell, a diagnostic";
    EXPECT_EQ(terminal_safe("two\nlines\tand tab", TerminalText::multi_line), "two\nlines\tand tab");
    EXPECT_EQ(terminal_safe("\x1b[1mbold\x1b[0m", TerminalText::multi_line), "\\x1b[1mbold\\x1b[0m");
    EXPECT_EQ(terminal_safe("\x1b[1;31mKEV\x1b[0m", TerminalText::report), "\x1b[1;31mKEV\x1b[0m")
        << "nixvet's own colour codes, when colour is on";
    EXPECT_EQ(terminal_safe("\x1b[2J\x1b]0;title\x07", TerminalText::report), "\\x1b[2J\\x1b]0;title\\x07")
        << "anything else is escaped even then";
    EXPECT_TRUE(is_terminal_safe("ok"));
    EXPECT_FALSE(is_terminal_safe("\x1b"));
}

TEST(TerminalText, ExcerptsCutAtACharacterBoundary)
{
    EXPECT_EQ(excerpt("short"), "short");
    EXPECT_EQ(excerpt(std::string(100, 'a'), 10), "aaaaaaaaaa…");
    EXPECT_EQ(excerpt("aaaaaaaaaé", 10), "aaaaaaaaa…") << "é is two bytes: not split";
}

TEST(Limits, SizesReadAsUsersWriteThem)
{
    EXPECT_EQ(parse_size("1048576", "x"), 1048576U);
    EXPECT_EQ(parse_size("64K", "x"), 65536U);
    EXPECT_EQ(parse_size("16M", "x"), uint64_t{16} << 20);
    EXPECT_EQ(parse_size("8GiB", "x"), uint64_t{8} << 30);
    EXPECT_EQ(parse_size("1t", "x"), uint64_t{1} << 40);
    for (const char* bad : {"", "lots", "12Q", "-1", "99999999999999999999", "20000000000T"})
        EXPECT_THROW(parse_size(bad, "NIXVET_MAX_FILE_SIZE"), Error) << bad;
    EXPECT_EQ(format_size(512), "512 bytes");
    EXPECT_EQ(format_size(uint64_t{8} << 30), "8 GiB");
    EXPECT_EQ(format_size(1536), "1536 bytes") << "exact where a rounded figure could mislead";
    EXPECT_EQ(format_size(1536 * 1024), "1.5 MiB");
}

TEST(Clock, CalendarDatesOnly)
{
    for (const char* good : {"2027-01-31", "2024-02-29", "2000-02-29", "1999-12-31"})
        EXPECT_TRUE(is_calendar_date(good)) << good;
    for (const char* bad : {"2027-13-45", "2099-02-31", "2027-99-99", "2100-02-29", "2027-00-01", "2027-04-31",
                            "2027-1-01", "2027/01/01", "20270101", "2027-01-01T00"})
        EXPECT_FALSE(is_calendar_date(bad)) << bad;
}

TEST(Clock, DatesAndDurationsAsFeedsAndUsersWriteThem)
{
    EXPECT_EQ(parse_iso_utc("1970-01-02"), 86400);
    EXPECT_EQ(parse_iso_utc("2026-06-17T07:43:17.960"), 1781682197) << "NVD lastModified";
    EXPECT_EQ(parse_iso_utc("2026-06-17T07:43:17Z"), 1781682197) << "OSV modified";
    EXPECT_EQ(parse_iso_utc("2026-06-17 07:43:17"), 1781682197);
    EXPECT_FALSE(parse_iso_utc(""));
    EXPECT_FALSE(parse_iso_utc("0001-13-01"));
    EXPECT_FALSE(parse_iso_utc("yesterday"));
    EXPECT_EQ(parse_duration_seconds("7d", "x"), 7 * 86400);
    EXPECT_EQ(parse_duration_seconds("36h", "x"), 36 * 3600);
    EXPECT_EQ(parse_duration_seconds("2w", "x"), 14 * 86400);
    EXPECT_EQ(parse_duration_seconds("1d12h", "x"), 36 * 3600);
    EXPECT_EQ(parse_duration_seconds("30", "x"), 30 * 86400) << "a bare number is days";
    for (const char* bad : {"", "d", "7x", "1d12", "-7d", "soon"})
        EXPECT_THROW(parse_duration_seconds(bad, "--max-db-age"), Error) << bad;
}

} // namespace

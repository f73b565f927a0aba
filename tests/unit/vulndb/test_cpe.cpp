// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "vulndb/cpe.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

TEST(Cpe, SplitsFieldsAndKeepsAnyAndNa)
{
    Cpe c("cpe:2.3:o:microsoft:windows_xp:-:sp2:*:*:*:*:x64:*");
    EXPECT_EQ(c.raw(Cpe::part), "o");
    EXPECT_EQ(c.value(Cpe::vendor), "microsoft");
    EXPECT_EQ(c.value(Cpe::product), "windows_xp");
    EXPECT_TRUE(c.is_na(Cpe::version));
    EXPECT_EQ(c.value(Cpe::update), "sp2");
    EXPECT_TRUE(c.is_any(Cpe::edition));
    EXPECT_EQ(c.value(Cpe::target_hw), "x64");
    EXPECT_EQ(c.str(), "cpe:2.3:o:microsoft:windows_xp:-:sp2:*:*:*:*:x64:*");
}

TEST(Cpe, HonoursEscapes)
{
    Cpe c(R"(cpe:2.3:a:gnu:g\+\+:4\.2\:1:*:*:*:*:*:*:*)");
    EXPECT_EQ(c.raw(Cpe::product), R"(g\+\+)");
    EXPECT_EQ(c.value(Cpe::product), "g++");
    EXPECT_EQ(c.value(Cpe::version), "4.2:1"); // an escaped colon does not split
    EXPECT_EQ(cpe_unescape(R"(node\.js)"), "node.js");
}

TEST(Cpe, RejectsMalformedStrings)
{
    EXPECT_THROW(Cpe("cpe:/a:openssl:openssl:1.0.1"), Error);              // CPE 2.2 URI
    EXPECT_THROW(Cpe("cpe:2.3:a:openssl:openssl:1.0.1"), Error);           // too few fields
    EXPECT_THROW(Cpe("cpe:2.3:a:b:c:d:e:f:g:h:i:j:k:l"), Error);           // too many
    EXPECT_THROW(Cpe("cpe:2.3:x:openssl:openssl:*:*:*:*:*:*:*:*"), Error); // bad part
    EXPECT_THROW(Cpe("cpe:2.3:a:openssl::*:*:*:*:*:*:*:*"), Error);        // empty field
    EXPECT_THROW(Cpe("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:\\"), Error);
}

} // namespace

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

TEST(CpeView, SplitsWithoutCopyingAndValidatesAsCpeDoes)
{
    const std::string text = R"(cpe:2.3:a:gnu:g\+\+:4\.2\:1:*:*:*:*:*:*:*)";
    auto view = CpeView::parse(text);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->raw(Cpe::product), R"(g\+\+)");
    EXPECT_EQ(view->raw(Cpe::product).data(), text.data() + 14) << "a view into the string";
    std::string scratch;
    EXPECT_EQ(view->value(Cpe::product, scratch), "g++");
    EXPECT_EQ(view->value(Cpe::version, scratch), "4.2:1");
    EXPECT_EQ(view->value(Cpe::vendor, scratch), "gnu");
    EXPECT_TRUE(view->is_any(Cpe::update));
    for (const char* bad : {"cpe:/a:openssl:openssl:1.0.1", "cpe:2.3:a:openssl:openssl:1.0.1",
                            "cpe:2.3:a:b:c:d:e:f:g:h:i:j:k:l", "cpe:2.3:x:openssl:openssl:*:*:*:*:*:*:*:*",
                            "cpe:2.3:a:openssl::*:*:*:*:*:*:*:*", "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:\\"}) {
        std::string error;
        EXPECT_FALSE(CpeView::parse(bad, &error)) << bad;
        EXPECT_THROW(Cpe{bad}, Error) << bad;
        try {
            Cpe{bad};
        } catch (const Error& e) {
            EXPECT_EQ(error, e.what()) << "the same message either way";
        }
    }
}

} // namespace

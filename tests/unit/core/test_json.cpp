// SPDX-License-Identifier: MIT
#include "core/json.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

TEST(FindJsonProblem, AcceptsValidJson)
{
    EXPECT_EQ(find_json_problem(R"({"a": [1, 2.5, "x", true, null, {"b": 123456789012345678901234567890}]})").message,
              "");
}

TEST(FindJsonProblem, PointsAtTheProblem)
{
    std::string text = R"({"a": [1, 2, tru], "b": 1})";
    JsonProblem p = find_json_problem(text);
    EXPECT_NE(p.message, "");
    EXPECT_GE(p.offset, 10U);
    EXPECT_LE(p.offset, 17U);

    JsonProblem cut = find_json_problem(R"({"a": "unterminated)");
    EXPECT_NE(cut.message, "");
}

TEST(FindJsonProblem, SaysPlainlyWhenTheFileIsNotJsonAtAll)
{
    JsonProblem csv = find_json_problem("cveID,vendorProject\nCVE-2021-44228,Apache\n");
    EXPECT_EQ(csv.offset, 0U);
    EXPECT_EQ(csv.message, "not JSON: expected an object or an array, found 'c'");
    JsonProblem binary = find_json_problem("  \x01");
    EXPECT_EQ(binary.offset, 2U);
    EXPECT_EQ(binary.message, "not JSON: expected an object or an array, found byte 0x01");
}

} // namespace

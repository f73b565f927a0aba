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

} // namespace

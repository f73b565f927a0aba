// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nixvet {

/// Where a JSON text stops being valid.
struct JsonProblem
{
    size_t offset = 0;   ///< byte offset of the problem
    std::string message; ///< what is wrong there
};

/// Walks the whole JSON `text` and returns where it first goes wrong; message is empty when valid.
JsonProblem find_json_problem(std::string_view text);

/// Throws ParseError naming `file` and where `text` stops being JSON (`fallback` as the message
/// when the walk cannot say).
[[noreturn]] void throw_json_error(const std::string& file, std::string_view text, const char* fallback);

} // namespace nixvet

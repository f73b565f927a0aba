// SPDX-License-Identifier: MIT
#include "cli_runner.hpp"

#include <gtest/gtest.h>

namespace nixvet::test {

std::string test_store(const std::string& name)
{
    return std::string(NIXVET_TEST_STORE) + "/" + name;
}

ProcessOutput run_nixvet(const std::vector<std::string>& args, const std::vector<std::string>& env)
{
    std::vector<std::string> argv{NIXVET_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, env);
}

std::string run_nix(const std::vector<std::string>& argv)
{
    ProcessOutput out = run_process(argv);
    EXPECT_EQ(out.exit_code, 0) << argv[0] << ": " << out.err;
    return out.out;
}

std::set<std::string> lines_of(const std::string& text)
{
    std::set<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            lines.insert(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace nixvet::test

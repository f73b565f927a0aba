// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace nixvet {

/// What a finished child process printed and how it ended.
struct ProcessOutput
{
    std::string out;
    std::string err;
    int exit_code = 0;    ///< the exit status, or 128 + signal number
    long max_rss_kib = 0; ///< the child's peak resident memory (getrusage of that child alone)
};

/// Runs `argv` (looked up on PATH, no shell) with no standard input and collects its output;
/// `env_overrides` ("NAME=value", or "NAME" to remove) change its environment. Throws Error when
/// it cannot be started.
ProcessOutput run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env_overrides = {});

} // namespace nixvet

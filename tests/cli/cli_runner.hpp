// SPDX-License-Identifier: MIT
#pragma once

#include "core/process.hpp"

#include <set>
#include <simdjson.h>
#include <string>
#include <vector>

namespace nixvet::test {

/// The test store built by tests/nix/build-test-store.
std::string test_store(const std::string& name);

/// Runs the real nixvet binary.
ProcessOutput run_nixvet(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

/// Runs a Nix command and returns its output; fails the test when it fails.
std::string run_nix(const std::vector<std::string>& argv);

/// The non-empty lines of `text`.
std::set<std::string> lines_of(const std::string& text);

} // namespace nixvet::test

// SPDX-License-Identifier: MIT
#pragma once

#include "core/process.hpp"

#include <memory>
#include <set>
#include <simdjson.h>
#include <string>
#include <vector>

namespace nixvet::test {

/// The test store built by tests/nix/build-test-store.
std::string test_store(const std::string& name);

/// Runs the real nixvet binary.
ProcessOutput run_nixvet(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

/// A command's output and the JSON document it printed (the parser owns the document).
struct JsonOutput
{
    ProcessOutput run;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
};

/// Takes `run`'s JSON output; fails the test unless it exited 0 with a JSON document.
std::unique_ptr<JsonOutput> json_of(ProcessOutput run);

/// Runs a Nix command and returns its output; fails the test when it fails.
std::string run_nix(const std::vector<std::string>& argv);

/// Fails the test unless `document` is valid against the official schema `schema` (a file of
/// tests/fixtures/schemas), checked by Debian's python3-jsonschema.
void expect_valid(const std::string& schema, const std::string& document);

/// Writes a container image of result-hello's closure to `out` with tests/tools/make_image.py
/// (`format`: docker, docker-gz, docker-multi, oci; `extra`: its flags); returns `out`.
std::string make_hello_image(const std::string& format, const std::string& out,
                             const std::vector<std::string>& extra = {});

/// The non-empty lines of `text`.
std::set<std::string> lines_of(const std::string& text);

/// A child process running in the background; killed (SIGKILL) when destroyed.
class Background
{
public:
    /// Starts `argv` with `env` overrides; its stdout is a pipe readable with read_line().
    Background(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    /// The next line the child printed (without the newline); empty at end of output.
    std::string read_line();
    /// Sends `signal` and waits; returns the raw wait status.
    int kill_and_wait(int signal);
    /// Waits for the child to end; returns its exit code (128 + signal when killed).
    int wait();
    [[nodiscard]] int pid() const { return m_pid; }

private:
    int m_pid = -1;
    int m_out = -1;
    bool m_reaped = false;
};

} // namespace nixvet::test

// SPDX-License-Identifier: MIT
#include "cli_runner.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nixvet::test {

namespace {

// Removes the per-test derivation caches run_nixvet made, once every test of the process ran.
class RemoveTestCaches : public ::testing::Environment
{
public:
    void TearDown() override
    {
        std::string prefix = "nixvet-cli-" + std::to_string(::getpid()) + "-";
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), ec)) {
            std::string name = e.path().filename().string();
            if (name.starts_with(prefix) && name.ends_with(".pack"))
                std::filesystem::remove(e.path(), ec);
        }
    }
};

[[maybe_unused]] ::testing::Environment* const g_remove_caches =
    ::testing::AddGlobalTestEnvironment(new RemoveTestCaches);

} // namespace

std::string test_store(const std::string& name)
{
    return std::string(NIXVET_TEST_STORE) + "/" + name;
}

ProcessOutput run_nixvet(const std::vector<std::string>& args, const std::vector<std::string>& env)
{
    std::vector<std::string> argv{NIXVET_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    // Each test its own derivation cache (never the user's ~/.cache, never another test's under
    // ctest -j), unless the test names one itself.
    std::vector<std::string> environment = env;
    bool named =
        std::any_of(env.begin(), env.end(), [](const std::string& e) { return e.starts_with("NIXVET_DRV_CACHE"); });
    if (!named) {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = test ? std::string(test->test_suite_name()) + "." + test->name() : "no-test";
        environment.push_back("NIXVET_DRV_CACHE=" +
                              (std::filesystem::temp_directory_path() /
                               ("nixvet-cli-" + std::to_string(::getpid()) + "-" + name + ".pack"))
                                  .string());
    }
    return run_process(argv, environment);
}

std::string run_nix(const std::vector<std::string>& argv)
{
    ProcessOutput out = run_process(argv);
    EXPECT_EQ(out.exit_code, 0) << argv[0] << ": " << out.err;
    return out.out;
}

std::string make_hello_image(const std::string& format, const std::string& out, const std::vector<std::string>& extra)
{
    std::vector<std::string> argv{"python3", std::string(NIXVET_TOOLS) + "/make_image.py", format, out};
    for (const auto& p : lines_of(run_nix({"nix-store", "--query", "--requisites", test_store("result-hello")})))
        argv.push_back(p);
    argv.insert(argv.end(), extra.begin(), extra.end());
    ProcessOutput made = run_process(argv);
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return out;
}

std::unique_ptr<JsonOutput> json_of(ProcessOutput run)
{
    auto out = std::make_unique<JsonOutput>();
    out->run = std::move(run);
    EXPECT_EQ(out->run.exit_code, 0) << out->run.err << out->run.out;
    EXPECT_EQ(out->parser.parse(out->run.out).get(out->doc), simdjson::SUCCESS) << out->run.out;
    return out;
}

void expect_valid(const std::string& schema, const std::string& document)
{
    std::string file = "/tmp/nixvet-doc-" + std::to_string(::getpid()) + ".json";
    if (std::FILE* f = std::fopen(file.c_str(), "wb")) {
        std::fwrite(document.data(), 1, document.size(), f);
        std::fclose(f);
    }
    ProcessOutput v = run_process({"/usr/bin/python3", std::string(NIXVET_TOOLS) + "/validate_json_schema.py",
                                   std::string(NIXVET_FIXTURES) + "/schemas/" + schema, file});
    EXPECT_EQ(v.exit_code, 0) << v.err << v.out;
    std::remove(file.c_str());
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

Background::Background(const std::vector<std::string>& argv, const std::vector<std::string>& env)
{
    int fds[2];
    if (::pipe(fds) != 0)
        throw std::runtime_error("pipe failed");
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(fds[1], 1);
        ::close(fds[0]);
        ::close(fds[1]);
        for (const auto& e : env)
            ::putenv(const_cast<char*>(e.c_str())); // NOLINT: the child owns its copy of env
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str())); // NOLINT
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    m_out = fds[0];
}

Background::~Background()
{
    if (!m_reaped)
        kill_and_wait(SIGKILL);
    if (m_out >= 0)
        ::close(m_out);
}

std::string Background::read_line()
{
    std::string line;
    char c = 0;
    while (::read(m_out, &c, 1) == 1) {
        if (c == '\n')
            return line;
        line += c;
    }
    return line;
}

int Background::kill_and_wait(int signal)
{
    ::kill(m_pid, signal);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_reaped = true;
    return status;
}

int Background::wait()
{
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_reaped = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace nixvet::test

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "core/file.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace nixvet;
namespace fs = std::filesystem;

namespace {

TEST(ReadFile, ReadsExactlyTheFileWithoutSpareCapacity)
{
    fs::path path = fs::temp_directory_path() / ("nixvet-read-file-" + std::to_string(::getpid()));
    std::string text(10000, 'x');
    text += "end";
    std::ofstream(path) << text;
    std::string read = read_file(path);
    EXPECT_EQ(read, text);
    EXPECT_LT(read.capacity(), text.size() + 64) << "no doubled buffer per file: a closure reads thousands";
    fs::remove(path);
}

TEST(ReadFile, ReadsFilesWhoseSizeSaysNothing)
{
    // /proc files report size 0 and have content: read to EOF past the size.
    std::string status = read_file("/proc/self/status");
    EXPECT_NE(status.find("Name:"), std::string::npos);
    EXPECT_THROW(read_file("/nonexistent/nixvet"), Error);
    EXPECT_THROW(read_file(fs::temp_directory_path()), Error) << "a directory";
}

TEST(ReadFile, IfPresentSaysNothingForAMissingFileOnly)
{
    EXPECT_FALSE(read_file_if_present("/nonexistent/nixvet"));
    EXPECT_FALSE(read_file_if_present("/proc/self/status/not-a-dir")) << "a path through a file";
    auto status = read_file_if_present("/proc/self/status");
    ASSERT_TRUE(status);
    EXPECT_NE(status->find("Name:"), std::string::npos);
    EXPECT_THROW(read_file_if_present(fs::temp_directory_path()), Error) << "a directory is an error, not absent";
}

TEST(ReadFile, RefusesDevicesPipesLinksAndFilesOverTheLimit)
{
    auto error_of = [](const std::filesystem::path& path, ReadLimit limit = {}) -> std::string {
        try {
            read_file(path, limit);
        } catch (const Error& e) {
            return e.what();
        }
        return "read";
    };
    // /dev/zero has no end: it was read until memory ran out.
    EXPECT_EQ(error_of("/dev/zero"), "cannot read '/dev/zero': it is a character device");
    fs::path dir = fs::temp_directory_path() / ("nixvet-read-limits-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path fifo = dir / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    EXPECT_EQ(error_of(fifo), "cannot read '" + fifo.string() + "': it is a pipe") << "and it does not block";
    fs::path file = dir / "file";
    std::ofstream(file) << std::string(2048, 'x');
    EXPECT_EQ(read_file(file, {2048, Symlinks::follow}).size(), 2048U);
    EXPECT_EQ(error_of(file, {2047, Symlinks::follow}),
              "cannot read '" + file.string() +
                  "': 2 KiB is more than 2047 bytes, the limit for one input file (NIXVET_MAX_FILE_SIZE; "
                  "docs/limits.md)");
    fs::path link = dir / "link";
    fs::create_symlink(file, link);
    EXPECT_EQ(read_file(link).size(), 2048U) << "a link is followed unless refused";
    EXPECT_EQ(error_of(link, {0, Symlinks::refuse}),
              "cannot read '" + link.string() + "': it is a symbolic link, not a file of the store");
    fs::remove_all(dir);
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "core/file.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
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

} // namespace

// SPDX-License-Identifier: MIT
#include "match/fix_commit.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

TEST(FixCommit, FindsTheCommitInTheUrlShapesAdvisoriesAndNixpkgsUse)
{
    // nixpkgs' fetchpatch from GitHub and GitLab, with and without a suffix.
    EXPECT_EQ(commit_in_url("https://github.com/curl/curl/commit/8a8a0ad6e9b5ed0ec2b0e1f3b1d0dca8e1c3a1b2.patch"),
              "8a8a0ad6e9b5ed0ec2b0e1f3b1d0dca8e1c3a1b2");
    EXPECT_EQ(commit_in_url("https://github.com/gin-gonic/gin/commit/a71af9c144f9579f6dbe945341c1df37aaf09c0d"),
              "a71af9c144f9579f6dbe945341c1df37aaf09c0d");
    EXPECT_EQ(commit_in_url("https://gitlab.gnome.org/GNOME/libxml2/-/commit/8E2D2A6.diff?full_index=1"), "8e2d2a6");
    EXPECT_EQ(commit_in_url("https://github.com/owner/repo/pull/12/commits/0123456789abcdef.patch"),
              "0123456789abcdef");
    // gitweb, cgit and gitiles, as NVD's Patch references and OSV's FIX references write them.
    EXPECT_EQ(
        commit_in_url(
            "https://git.openssl.org/gitweb/?p=openssl.git;a=commitdiff;h=db925ae2e65d0d925adef429afc37f75bd1c2017"),
        "db925ae2e65d0d925adef429afc37f75bd1c2017");
    EXPECT_EQ(commit_in_url("https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/"
                            "?id=0f3adef6e3e2e0b3b0d1b2a3a4a5a6a7a8a9aaab"),
              "0f3adef6e3e2e0b3b0d1b2a3a4a5a6a7a8a9aaab");
    EXPECT_EQ(commit_in_url("https://go.googlesource.com/crypto/+/bac4c82f69751a6dd76e702d54b3ceb88adab236%5E%21/"),
              "bac4c82f69751a6dd76e702d54b3ceb88adab236");
    // No commit: a release, a pull request, a short or over-long run of hex, a word after it.
    EXPECT_EQ(commit_in_url("https://github.com/gin-gonic/gin/pull/2237"), "");
    EXPECT_EQ(commit_in_url("https://example.org/p/CVE-2024-1234.patch"), "");
    EXPECT_EQ(commit_in_url("https://github.com/o/r/commit/abc12.patch"), "");
    EXPECT_EQ(commit_in_url("https://github.com/o/r/commit/" + std::string(41, 'a')), "");
    EXPECT_EQ(commit_in_url("https://github.com/o/r/commit/deadbeefcafe-and-more"), "");
}

TEST(FixCommit, AbbreviatedCommitsMatchTheirFullIds)
{
    EXPECT_TRUE(same_commit("7516c80", "7516c80aaaa0000000000000000000000000000b"));
    EXPECT_TRUE(same_commit("DB925AE2E65D", "db925ae2e65d0d925adef429afc37f75bd1c2017"));
    EXPECT_FALSE(same_commit("7516c8", "7516c80aaaa0000000000000000000000000000b")) << "6 digits are too few";
    EXPECT_FALSE(same_commit("7516c81", "7516c80aaaa0000000000000000000000000000b"));
    EXPECT_FALSE(same_commit("", ""));
    EXPECT_FALSE(same_commit("release-1", "release-1")) << "only commit ids";
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "store/store_path.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

const StoreDir k_store;

TEST(StorePath, SplitsHashAndName)
{
    StorePath p("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-hello-2.12", k_store);
    EXPECT_EQ(p.hash_part(), "ix90kbcgf1hzrq37066lyrq6ihysgkjc");
    EXPECT_EQ(p.name(), "hello-2.12");
    EXPECT_EQ(p.base_name(), "ix90kbcgf1hzrq37066lyrq6ihysgkjc-hello-2.12");
    EXPECT_FALSE(p.is_derivation());
    EXPECT_TRUE(StorePath("/nix/store/jayb747ygwy5hyfl1511hi3bm3gbm57j-hello-2.12.drv", k_store).is_derivation());
}

TEST(StorePath, HonoursACustomStoreDir)
{
    StoreDir dir("/opt/store/");
    EXPECT_EQ(dir.str(), "/opt/store");
    StorePath p("/opt/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-x", dir);
    EXPECT_EQ(p.name(), "x");
    EXPECT_NE(StorePath::check("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-x", dir), "");
    EXPECT_THROW(StoreDir("relative/store"), Error);
}

TEST(StorePath, RejectsLettersOutsideTheNixBase32Alphabet)
{
    // e, o, t and u are not in Nix's base-32 alphabet.
    for (char bad : {'e', 'o', 't', 'u', 'A', '_'}) {
        std::string hash(32, '0');
        hash[7] = bad;
        std::string why = StorePath::check("/nix/store/" + hash + "-foo", k_store);
        EXPECT_NE(why.find("position 7"), std::string::npos) << why;
    }
}

TEST(StorePath, SaysPreciselyWhatIsWrong)
{
    auto why = [](std::string_view p) { return StorePath::check(p, k_store); };
    EXPECT_NE(why("/nix/store/short-foo").find("too short"), std::string::npos);
    EXPECT_NE(why("/usr/bin/ls").find("not in the Nix store"), std::string::npos);
    EXPECT_NE(why("/nix/storeix90kbcgf1hzrq37066lyrq6ihysgkjc-x").find("not in the Nix store"), std::string::npos);
    EXPECT_NE(why("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc_hello").find("no '-'"), std::string::npos);
    EXPECT_NE(why("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-.hidden").find("starts with a dot"), std::string::npos);
    EXPECT_NE(why("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-a b").find("forbidden character ' '"),
              std::string::npos);
    EXPECT_NE(why("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-x/bin/x").find("inside a store path"),
              std::string::npos);
    EXPECT_NE(why("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-" + std::string(212, 'a')).find("longer than 211"),
              std::string::npos);
    EXPECT_EQ(why("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-" + std::string(211, 'a')), "");
    EXPECT_EQ(why("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-a+b=c?d_e.f-1"), "");
    EXPECT_THROW(StorePath("/nix/store/x", k_store), Error);
}

TEST(StorePath, PrintsControlBytesVisibly)
{
    std::string why = StorePath::check(std::string("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-a\x01", 46), k_store);
    EXPECT_NE(why.find("\\x01"), std::string::npos) << why;
}

} // namespace

// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "core/file.hpp"
#include "store/derivation.hpp"

#include <filesystem>
#include <gtest/gtest.h>

using namespace nixvet;
namespace fs = std::filesystem;

namespace {

const StoreDir k_store;
const std::string k_drvs = std::string(NIXVET_FIXTURES) + "/drv";

Derivation parse(const std::string& relative)
{
    return read_derivation(k_drvs + "/" + relative, k_store);
}

std::vector<std::string> fixture_drvs(bool bad)
{
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(k_drvs)) {
        std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.ends_with(".drv") && name.starts_with("bad-") == bad)
            files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

TEST(Derivation, ParsesEveryRealDerivation)
{
    auto files = fixture_drvs(false);
    ASSERT_GE(files.size(), 25U);
    for (const auto& file : files) {
        SCOPED_TRACE(file);
        Derivation drv = read_derivation(file, k_store);
        EXPECT_FALSE(drv.builder.empty());
        EXPECT_FALSE(drv.system.empty());
    }
}

TEST(Derivation, ReadsAMultiOutputNixpkgsDerivation)
{
    Derivation jq = parse("go-nix/cl5fr6hlr6hdqza2vgb9qqy5s26wls8i-jq-1.6.drv");
    ASSERT_EQ(jq.outputs.size(), 6U);
    EXPECT_EQ(jq.outputs[0].name, "bin");
    EXPECT_EQ(jq.outputs[0].path, "/nix/store/amh6f24qs9809zg9xzckfi90ysfi8r2a-jq-1.6-bin");
    EXPECT_EQ(jq.outputs[5].name, "out");
    EXPECT_TRUE(jq.outputs[5].hash.empty());
    EXPECT_FALSE(jq.is_fixed_output());
    EXPECT_EQ(jq.attr("pname"), "jq");
    EXPECT_EQ(jq.attr("version"), "1.6");
    EXPECT_EQ(jq.name(), "jq-1.6");
    EXPECT_EQ(jq.attr("src"), "/nix/store/6ncacqfpl29xv67cilz4axhygyyz1brr-source");
    auto patches = jq.attr_list("patches");
    ASSERT_EQ(patches.size(), 1U);
    EXPECT_EQ(patches[0],
              "/nix/store/s0nsdqgd0x6ivb2kzgdzxz700irvvi69-fix-tests-when-building-without-regex-supports.patch");
    EXPECT_EQ(jq.system, "x86_64-linux");
    EXPECT_FALSE(jq.input_drvs.empty());
    for (const auto& input : jq.input_drvs) {
        EXPECT_TRUE(input.path.ends_with(".drv"));
        EXPECT_FALSE(input.outputs.empty());
    }
}

TEST(Derivation, RecognisesAFixedOutputFetcher)
{
    Derivation patch = parse("go-nix/m5j1yp47lw1psd9n6bzina1167abbprr-bash44-023.drv");
    EXPECT_TRUE(patch.is_fixed_output());
    EXPECT_EQ(patch.outputs[0].hash_algo, "sha256");
    EXPECT_EQ(patch.outputs[0].hash, "4fec236f3fbd3d0c47b893fdfa9122142a474f6ef66c20ffb6c0f4864dd591b6");
    EXPECT_EQ(patch.builder, "builtin:fetchurl");
    EXPECT_EQ(patch.attr("url"), "https://ftpmirror.gnu.org/bash/bash-4.4-patches/bash44-023");
    EXPECT_EQ(patch.attr_list("impureEnvVars").size(), 5U);
}

TEST(Derivation, UnescapesStringsAndKeepsUtf8)
{
    Derivation d = parse("go-nix/52a9id8hx688hvlnz4d1n25ml1jdykz0-unicode.drv");
    EXPECT_EQ(d.env_get("letters"),
              "räksmörgås\nrødgrød med fløde\nLübeck\n肥猪\nこんにちは / 今日は\n🌮\n");
    std::string text = R"(Derive([("out","/nix/store/vgvdj6nf7s8kvfbl2skbpwz9kc7xjazc-x","","")],[],[],"s","b",[],)"
                       R"([("a","q\"b\\s\n\r\tz\x"),("plain","abc")]))";
    Derivation e = parse_derivation_aterm(text, "inline", k_store);
    EXPECT_EQ(e.env_get("a"), std::string("q\"b\\s\n\r\tzx"));
    EXPECT_EQ(e.env_get("plain"), "abc");
}

TEST(Derivation, ReadsNonUtf8ValuesAsBytes)
{
    Derivation d = parse("go-nix/x6p0hg79i3wg0kkv7699935f7rrj9jf3-latin1.drv");
    auto chars = d.env_get("chars");
    ASSERT_TRUE(chars.has_value());
    EXPECT_EQ(*chars, "\xc5\xc4\xd6"); // Latin-1 ÅÄÖ, kept as the bytes they are
}

TEST(Derivation, ReadsStructuredAttrs)
{
    Derivation d = parse("vulnix/structured-attrs-1.drv");
    EXPECT_TRUE(d.has_structured_attrs());
    EXPECT_EQ(d.attr("name"), "structured-attrs-1");
    EXPECT_EQ(d.attr("specialChars"), "single quote '\ndouble quote \"\n");
    EXPECT_EQ(d.attr("system"), "x86_64-linux");
    EXPECT_TRUE(d.attr_list("buildInputs").empty());
    EXPECT_FALSE(d.attr("pname").has_value());

    Derivation g = parse("go-nix/9lj1lkjm2ag622mh4h9rpy6j607an8g2-structured-attrs.drv");
    EXPECT_TRUE(g.has_structured_attrs());
    EXPECT_EQ(g.attr("name"), "structured-attrs");
}

TEST(Derivation, ReadsDynamicDerivationInputs)
{
    Derivation d = parse("nix-libstore-tests/dyn-dep-derivation.drv");
    ASSERT_EQ(d.input_drvs.size(), 1U);
    EXPECT_EQ(d.input_drvs[0].outputs, (std::vector<std::string_view>{"cat", "dog"}));
    EXPECT_EQ(d.args, (std::vector<std::string_view>{"bar", "baz"}));
    EXPECT_EQ(d.env_get("BIG_BAD"), "WOLF");
}

TEST(Derivation, RejectsMalformedDerivationsWithFileAndOffset)
{
    // Every bad-*.drv of Nix's own libstore tests; bad-ca-fixed-path.drv was accepted: its fixed
    // output's path is not the one its hash gives (Nix's invariant).
    auto files = fixture_drvs(true);
    ASSERT_EQ(files.size(), 3U);
    for (const auto& file : files) {
        try {
            read_derivation(file, k_store);
            ADD_FAILURE() << file << " was accepted";
        } catch (const ParseError& e) {
            EXPECT_EQ(e.file(), file);
            EXPECT_GT(e.offset(), 0U);
            EXPECT_EQ(std::string(e.what()).find(file + ":"), 0U) << e.what();
        }
    }
}

TEST(Derivation, AFixedOutputPathMustBeTheOneItsHashGives)
{
    try {
        read_derivation(k_drvs + "/nix-libstore-tests/bad-ca-fixed-path.drv", k_store);
        ADD_FAILURE() << "accepted";
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("fixed output 'out' has the path "
                                             "/nix/store/c015dhfh5l0lp6wxyvdn7bmwhbbr6hr9-fixed, but its sha256 hash "
                                             "gives /nix/store/"),
                  std::string::npos)
            << e.what();
    }
    // Every real fixed-output derivation of the fixtures passes: the same computation as Nix's.
    size_t fixed = 0;
    for (const auto& file : fixture_drvs(false)) {
        Derivation d = read_derivation(file, k_store);
        for (const auto& o : d.outputs)
            fixed += o.hash.empty() ? 0 : 1;
    }
    EXPECT_GE(fixed, 3U) << "the check ran on real fixed outputs";
}

TEST(Derivation, NamesTheOffsetOfTheProblem)
{
    auto offset_of = [](const std::string& text) -> size_t {
        try {
            parse_derivation_aterm(text, "t.drv", k_store);
        } catch (const ParseError& e) {
            return e.offset();
        }
        return std::string::npos;
    };
    EXPECT_EQ(offset_of("Derive(["), 8U);
    EXPECT_EQ(offset_of("Derive(x"), 7U);
    EXPECT_EQ(offset_of("nonsense"), 0U);
    EXPECT_EQ(offset_of(R"(Derive([("out","/tmp/x","","")],[],[],"s","b",[],[]))"), 15U);
    EXPECT_EQ(offset_of(R"(Derive([],[],[],"s","b",[],[])junk)"), 30U);
    EXPECT_EQ(offset_of(R"(Derive([],[("/nix/store/ix90kbcgf1hzrq37066lyrq6ihysgkjc-x",["out"])],[],"s","b",[],[]))"),
              12U);
}

TEST(Derivation, EveryTruncationOfARealDerivationIsAParseError)
{
    std::string text = read_file(k_drvs + "/go-nix/cl5fr6hlr6hdqza2vgb9qqy5s26wls8i-jq-1.6.drv");
    for (size_t len = 0; len < text.size(); ++len) {
        try {
            parse_derivation_aterm(text.substr(0, len), "cut.drv", k_store);
            ADD_FAILURE() << "prefix of " << len << " bytes was accepted";
        } catch (const ParseError& e) {
            EXPECT_LE(e.offset(), len);
        }
    }
}

TEST(Derivation, AcceptsOneTrailingNewlineButNotTrailingData)
{
    std::string text = R"(Derive([],[],[],"s","b",[],[]))";
    EXPECT_NO_THROW(parse_derivation_aterm(text + "\n", "t.drv", k_store));
    EXPECT_THROW(parse_derivation_aterm(text + "\nDerive(", "t.drv", k_store), ParseError);
}

TEST(Derivation, RejectsStructuredAttrsThatAreNotJson)
{
    std::string text = R"(Derive([],[],[],"s","b",[],[("__json","{\"a\": [1,")]))";
    try {
        parse_derivation_aterm(text, "sa.drv", k_store);
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("sa.drv"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("__json"), std::string::npos);
    }
}

} // namespace

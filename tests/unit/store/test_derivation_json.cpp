// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "core/file.hpp"
#include "store/derivation.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <map>

using namespace nixvet;
namespace fs = std::filesystem;

namespace {

const StoreDir k_store;
const std::string k_drvs = std::string(NIXVET_FIXTURES) + "/drv";

std::map<std::string, std::string> env_map(const Derivation& d)
{
    std::map<std::string, std::string> m;
    for (const auto& [k, v] : d.env)
        m.emplace(k, v);
    return m;
}

// `nix show-derivation` JSON and the ATerm it describes must say the same thing.
TEST(DerivationJson, AgreesWithTheAtermOfEveryPair)
{
    int pairs = 0;
    for (const auto& entry : fs::directory_iterator(k_drvs + "/go-nix")) {
        std::string json_file = entry.path().string();
        if (!json_file.ends_with(".drv.json"))
            continue;
        std::string drv_file = json_file.substr(0, json_file.size() - 5);
        SCOPED_TRACE(json_file);
        Derivation aterm = read_derivation(drv_file, k_store);
        auto parsed = parse_derivation_json(read_file(json_file), json_file, k_store);
        ASSERT_EQ(parsed.size(), 1U);
        const Derivation& json = parsed[0];
        EXPECT_TRUE(json.path.ends_with(fs::path(drv_file).filename().string()));
        ASSERT_EQ(json.outputs.size(), aterm.outputs.size());
        for (const auto& out : aterm.outputs) {
            const DerivationOutput* o = json.output(out.name);
            ASSERT_NE(o, nullptr);
            EXPECT_EQ(o->path, out.path);
            EXPECT_EQ(o->hash, out.hash);
        }
        EXPECT_EQ(json.input_srcs, aterm.input_srcs);
        ASSERT_EQ(json.input_drvs.size(), aterm.input_drvs.size());
        EXPECT_EQ(json.system, aterm.system);
        EXPECT_EQ(json.builder, aterm.builder);
        EXPECT_EQ(json.args, aterm.args);
        // JSON cannot carry the Latin-1 bytes of two of these: their env differs on purpose.
        if (json_file.find("latin1") == std::string::npos && json_file.find("cp1252") == std::string::npos) {
            EXPECT_EQ(env_map(json), env_map(aterm));
        }
        ++pairs;
    }
    EXPECT_GE(pairs, 10);
}

TEST(DerivationJson, ReadsTheVersion4FormatWithoutStoreDirectory)
{
    std::string file = k_drvs + "/nix-libstore-tests/dyn-dep-derivation.json";
    auto parsed = parse_derivation_json(read_file(file), file, k_store);
    ASSERT_EQ(parsed.size(), 1U);
    const Derivation& d = parsed[0];
    EXPECT_EQ(d.name(), "dyn-dep-derivation");
    ASSERT_EQ(d.input_drvs.size(), 1U);
    EXPECT_EQ(d.input_drvs[0].path, "/nix/store/c015dhfh5l0lp6wxyvdn7bmwhbbr6hr9-dep2.drv");
    EXPECT_EQ(d.input_drvs[0].outputs, (std::vector<std::string_view>{"cat", "dog"}));
    EXPECT_EQ(d.input_srcs, (std::vector<std::string_view>{"/nix/store/c015dhfh5l0lp6wxyvdn7bmwhbbr6hr9-dep1"}));
    EXPECT_EQ(d.system, "wasm-sel4");
}

TEST(DerivationJson, NamesTheFileAndOffsetOfInvalidJson)
{
    std::string text = R"({"/nix/store/h32dahq0bx5rp1krcdx3a53asj21jvhk-x.drv": {"outputs": {"out": {"path": tru)";
    try {
        parse_derivation_json(text, "show.json", k_store);
        FAIL() << "accepted";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.file(), "show.json");
        EXPECT_GT(e.offset(), 50U);
        EXPECT_LE(e.offset(), text.size());
    }
    EXPECT_THROW(parse_derivation_json("[1,2]", "list.json", k_store), ParseError);
    EXPECT_THROW(parse_derivation_json(R"({"x.drv": {"outputs": {}}})", "partial.json", k_store), ParseError);
}

} // namespace

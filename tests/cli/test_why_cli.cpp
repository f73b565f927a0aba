// SPDX-License-Identifier: MIT
// `nixvet why` on the real test store: every link of a chain is a reference (or an input
// derivation) that Nix itself reports, and no shorter chain exists.
#include "cli_runner.hpp"

#include <deque>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>

using namespace nixvet;
using namespace nixvet::test;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<JsonOutput> why(std::vector<std::string> args)
{
    args.insert(args.begin(), "why");
    args.emplace_back("--format");
    args.emplace_back("json");
    return json_of(run_nixvet(args));
}

std::vector<std::string> strings(simdjson::dom::element list)
{
    std::vector<std::string> out;
    for (auto s : list.get_array())
        out.emplace_back(std::string_view(s));
    return out;
}

std::set<std::string> references(const std::string& path)
{
    std::set<std::string> refs = lines_of(run_nix({"nix-store", "--query", "--references", path}));
    refs.erase(path);
    return refs;
}

// Nix's own answer: the fewest references from `root` to `goal`.
size_t shortest_distance(const std::string& root, const std::string& goal)
{
    std::map<std::string, size_t> distance{{root, 0}};
    std::deque<std::string> queue{root};
    while (!queue.empty()) {
        std::string at = queue.front();
        queue.pop_front();
        if (at == goal)
            return distance[at];
        for (const auto& next : references(at)) {
            if (distance.emplace(next, distance[at] + 1).second)
                queue.push_back(next);
        }
    }
    return SIZE_MAX;
}

TEST(WhyCli, TheRuntimeChainIsMadeOfRealReferencesAndIsShortest)
{
    auto w = why({"libxml2", test_store("result-system")});
    auto packages = w->doc["packages"].get_array();
    ASSERT_EQ(packages.size(), 1U);
    auto chain = strings(packages.at(0)["runtime_chain"]);
    ASSERT_GE(chain.size(), 2U);
    std::string root = fs::canonical(test_store("result-system")).string();
    EXPECT_EQ(chain.front(), root);
    EXPECT_TRUE(chain.back().ends_with("-libxml2-2.9.14")) << chain.back();
    for (size_t i = 0; i + 1 < chain.size(); ++i)
        EXPECT_TRUE(references(chain[i]).count(chain[i + 1])) << chain[i] << " does not refer to " << chain[i + 1];
    EXPECT_EQ(chain.size() - 1, shortest_distance(root, chain.back()));
    EXPECT_TRUE(strings(packages.at(0)["build_chain"]).empty()) << "a runtime closure has no build chain";
}

TEST(WhyCli, TheBuildChainFollowsInputDerivations)
{
    auto w = why({"zlib", test_store("result-system"), "--closure", "both"});
    auto chain = strings(w->doc["packages"].at(0)["build_chain"]);
    ASSERT_GE(chain.size(), 2U);
    std::string deriver = run_nix({"nix-store", "--query", "--deriver", test_store("result-system")});
    deriver.pop_back();
    EXPECT_EQ(chain.front(), deriver);
    EXPECT_TRUE(chain.back().ends_with("-zlib-1.2.13.drv"));
    for (size_t i = 0; i + 1 < chain.size(); ++i) {
        std::string shown = run_nix({"nix", "show-derivation", chain[i]});
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        ASSERT_EQ(parser.parse(shown).get(doc), simdjson::SUCCESS);
        simdjson::dom::element inputs;
        ASSERT_EQ(doc[chain[i]]["inputDrvs"].get(inputs), simdjson::SUCCESS) << shown;
        simdjson::dom::element input;
        EXPECT_EQ(inputs[chain[i + 1]].get(input), simdjson::SUCCESS)
            << chain[i + 1] << " is not an input of " << chain[i];
    }
    EXPECT_FALSE(strings(w->doc["packages"].at(0)["runtime_chain"]).empty()) << "zlib is shipped too";
}

TEST(WhyCli, APathInsideAPackageNamesIt)
{
    std::string hello = fs::canonical(test_store("result-hello")).string();
    auto w = why({hello + "/bin/hello", test_store("result-system")});
    ASSERT_EQ(w->doc["packages"].get_array().size(), 1U);
    EXPECT_EQ(std::string_view(w->doc["packages"].at(0)["package"]["pname"]), "hello");
}

TEST(WhyCli, APackageNotInTheClosureIsSaidSo)
{
    ProcessOutput out = run_nixvet({"why", "no-such-package", test_store("result-system")});
    EXPECT_EQ(out.exit_code, 1);
    EXPECT_NE(out.out.find("no-such-package is not in the closure"), std::string::npos) << out.out;
    ProcessOutput sbom =
        run_nixvet({"why", "zlib", std::string(NIXVET_FIXTURES) + "/sbom/nixos-23.11-sbomnix.cdx.json"});
    EXPECT_EQ(sbom.exit_code, 2);
    EXPECT_NE(sbom.err.find("an SBOM or an image has no dependency graph"), std::string::npos) << sbom.err;
}

} // namespace

// SPDX-License-Identifier: MIT
// Container images as targets: images of real store paths of the test store, laid out as
// `docker save` / dockerTools (docker-archive, plain and gzip) and as an OCI layout, by
// tests/tools/make_image.py.
#include "cli_runner.hpp"
#include "support/scratch_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

using namespace nixvet;
using namespace nixvet::test;
namespace fs = std::filesystem;

namespace {

class ImageCli : public ::testing::Test
{
protected:
    std::string make(const std::string& format, const std::string& name, const std::vector<std::string>& extra = {})
    {
        return make_hello_image(format, m_scratch.file(name), extra);
    }

    static std::unique_ptr<JsonOutput> inventory(const std::string& target)
    {
        return json_of(run_nixvet({"inventory", target, "--format", "json"}));
    }
    static std::set<std::string> packages(const JsonOutput& j)
    {
        std::set<std::string> out;
        for (auto p : j.doc["packages"].get_array())
            out.insert(std::string(std::string_view(p["pname"])) + " " + std::string(std::string_view(p["version"])) +
                       " " + std::string(std::string_view(p["confidence"])));
        return out;
    }

    ScratchDir m_scratch{"nixvet-image"};
};

TEST_F(ImageCli, AnImageOfPathsOfThisStoreIsInventoriedFromTheirDerivations)
{
    auto direct = inventory(test_store("result-hello"));
    std::set<std::string> expected = packages(*direct);
    ASSERT_GE(expected.size(), 5U);
    for (const char* format : {"docker", "docker-gz", "oci"}) {
        SCOPED_TRACE(format);
        auto image = inventory(make(format, std::string("image-") + format + ".tar"));
        EXPECT_EQ(packages(*image), expected) << "the same packages, named from their .drv files";
        EXPECT_EQ(std::string_view(image->doc["targets"].at(0)["kind"]), "image");
        EXPECT_EQ(uint64_t(image->doc["counts"]["low_confidence"]), 0U);
        EXPECT_EQ(uint64_t(image->doc["counts"]["runtime_paths"]),
                  lines_of(run_nix({"nix-store", "--query", "--requisites", test_store("result-hello")})).size());
    }
}

TEST_F(ImageCli, TheStoreIsAskedThroughNixStoreWhenItsDatabaseIsUnreadable)
{
    std::string image = make("docker", "fallback.tar");
    auto direct = inventory(image);
    auto fallback = json_of(run_nixvet({"inventory", image, "--format", "json", "--nix-db", "/nonexistent/db.sqlite"}));
    EXPECT_NE(fallback->run.err.find("nix-store"), std::string::npos) << fallback->run.err;
    EXPECT_EQ(packages(*fallback), packages(*direct)) << "the same derivers, from nix-store instead of the database";
    bool noted = false;
    for (auto n : fallback->doc["notes"].get_array())
        noted |= std::string_view(n).find("nix-store") != std::string_view::npos;
    EXPECT_TRUE(noted) << "the report says how the store was read";
}

TEST_F(ImageCli, APathOnlyTheImageHoldsIsNamedFromItsStorePath)
{
    std::string image = make("docker-gz", "fake.tar.gz", {"--fake", "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a-leftpad-1.3.0"});
    auto inv = inventory(image);
    EXPECT_TRUE(packages(*inv).count("leftpad 1.3.0 low")) << inv->run.out;
    EXPECT_EQ(uint64_t(inv->doc["counts"]["low_confidence"]), 1U);
    EXPECT_NE(inv->run.out.find("1 store path(s) of the image are not valid in this store"), std::string::npos);
}

TEST_F(ImageCli, ADamagedOrForeignArchiveIsOneErrorLine)
{
    std::string image = make("docker", "whole.tar");
    std::string bytes;
    {
        std::ifstream in(image, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::string cut = m_scratch.file("cut.tar");
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    ProcessOutput out = run_nixvet({"inventory", cut});
    EXPECT_EQ(out.exit_code, 2);
    EXPECT_EQ(out.out, "");
    EXPECT_TRUE(out.err.starts_with("nixvet: error: " + cut + ": ")) << out.err;
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << out.err;

    // A tar that is not an image.
    std::string plain = m_scratch.file("plain.tar");
    ASSERT_EQ(run_process({"tar", "cf", plain, "-C", m_scratch.path().string(), "whole.tar"}).exit_code, 0);
    ProcessOutput foreign = run_nixvet({"inventory", plain});
    EXPECT_EQ(foreign.exit_code, 2);
    EXPECT_EQ(foreign.err, "nixvet: error: " + plain +
                               ": not a container image: no manifest.json (docker-archive) nor oci-layout and "
                               "index.json (OCI)\n");
}

TEST_F(ImageCli, AnImageIsScannedAndItsProvenanceRead)
{
    std::string db = m_scratch.file("vulndb.sqlite");
    std::string fx = std::string(NIXVET_FIXTURES) + "/vulndb";
    ASSERT_EQ(run_nixvet({"db", "--db", db, "import", fx + "/nvd", fx + "/cve5"}).exit_code, 0);
    std::string image = make("oci", "scan.tar");
    ProcessOutput scan = run_nixvet({"scan", "--db", db, "--allow-stale-db", image}, {"NO_COLOR=1"});
    EXPECT_EQ(scan.exit_code, 0) << scan.err;
    EXPECT_NE(scan.out.find("\ncurl 8.4.0"), std::string::npos) << scan.out;
    EXPECT_NE(scan.out.find("CVE-2024-7264"), std::string::npos);
    ProcessOutput provenance = run_nixvet({"provenance", image, "--all"});
    EXPECT_EQ(provenance.exit_code, 0) << provenance.err;
    EXPECT_NE(provenance.out.find("\nhello "), std::string::npos) << provenance.out;
}

} // namespace

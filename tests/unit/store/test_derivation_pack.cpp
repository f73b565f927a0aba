// SPDX-License-Identifier: MIT
// The derivation cache: Nix's text-file addressing, derivation summaries, the pack file and
// DerivationCache using it.
#include "core/error.hpp"
#include "core/file.hpp"
#include "store/content_address.hpp"
#include "store/derivation.hpp"
#include "store/derivation_cache.hpp"
#include "store/derivation_pack.hpp"
#include "support/scratch_dir.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace nixvet;
using nixvet::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

const StoreDir k_store;
const std::string k_drvs = std::string(NIXVET_FIXTURES) + "/drv";

std::vector<std::string> good_fixture_drvs()
{
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(k_drvs)) {
        std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.ends_with(".drv") && !name.starts_with("bad-"))
            files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string_view> references_of(const Derivation& drv)
{
    std::vector<std::string_view> refs(drv.input_srcs.begin(), drv.input_srcs.end());
    for (const auto& in : drv.input_drvs)
        refs.push_back(in.path);
    return refs;
}

void expect_same_answers(const Derivation& a, const Derivation& b)
{
    EXPECT_EQ(a.name(), b.name());
    EXPECT_EQ(a.system, b.system);
    EXPECT_EQ(a.has_structured_attrs(), b.has_structured_attrs());
    EXPECT_EQ(a.is_fixed_output(), b.is_fixed_output());
    ASSERT_EQ(a.outputs.size(), b.outputs.size());
    for (size_t i = 0; i < a.outputs.size(); ++i) {
        EXPECT_EQ(a.outputs[i].name, b.outputs[i].name);
        EXPECT_EQ(a.outputs[i].path, b.outputs[i].path);
        EXPECT_EQ(a.outputs[i].hash_algo, b.outputs[i].hash_algo);
        EXPECT_EQ(a.outputs[i].hash, b.outputs[i].hash);
    }
    ASSERT_EQ(a.input_drvs.size(), b.input_drvs.size());
    for (size_t i = 0; i < a.input_drvs.size(); ++i) {
        EXPECT_EQ(a.input_drvs[i].path, b.input_drvs[i].path);
        EXPECT_EQ(a.input_drvs[i].outputs, b.input_drvs[i].outputs);
    }
    EXPECT_EQ(a.input_srcs, b.input_srcs);
    for (auto key : Derivation::k_summary_attrs) {
        SCOPED_TRACE(std::string(key));
        EXPECT_EQ(a.attr(key), b.attr(key));
        EXPECT_EQ(a.attr_list(key), b.attr_list(key));
    }
}

// A scratch store directory, removed at the end.
class ScratchStore : public ::testing::Test
{
protected:
    // Writes a .drv into the scratch store under the name Nix would give it; returns its path.
    std::string add_drv(const std::string& name, const std::string& pname, const std::string& version,
                        const std::vector<std::string>& inputs = {})
    {
        std::string out = m_store->str() + "/" + std::string(32, 'a' + static_cast<char>(m_count++ % 20)) + "-" +
                          pname + "-" + version;
        std::string text = "Derive([(\"out\",\"" + out + "\",\"\",\"\")],[";
        for (size_t i = 0; i < inputs.size(); ++i)
            text += (i ? "," : "") + std::string("(\"") + inputs[i] + "\",[\"out\"])";
        text += "],[],\"x86_64-linux\",\"/bin/sh\",[],[(\"name\",\"" + pname + "-" + version + "\"),(\"pname\",\"" +
                pname + "\"),(\"patches\",\"a.patch b.patch\"),(\"version\",\"" + version + "\")])";
        std::vector<std::string_view> refs(inputs.begin(), inputs.end());
        std::string path = text_store_path(name, sha256(text), refs, *m_store);
        std::ofstream(path) << text;
        return path;
    }

    void SetUp() override
    {
        fs::create_directories(m_dir / "store");
        m_store = std::make_unique<StoreDir>((m_dir / "store").string());
    }

    ScratchDir m_scratch{"nixvet-pack-test"};
    fs::path m_dir = m_scratch.path();
    std::unique_ptr<StoreDir> m_store;
    int m_count = 0;
};

TEST(ContentAddress, EncodesHashesAsNixDoes)
{
    // From the real `nix-hash --to-base32` (Nix 2.8) of the SHA-256 and SHA-1 of the empty string.
    Sha256 empty = sha256("");
    EXPECT_EQ(nix_base32(empty.data(), empty.size()), "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
    const unsigned char sha1[20] = {0xda, 0x39, 0xa3, 0xee, 0x5e, 0x6b, 0x4b, 0x0d, 0x32, 0x55,
                                    0xbf, 0xef, 0x95, 0x60, 0x18, 0x90, 0xaf, 0xd8, 0x07, 0x09};
    EXPECT_EQ(nix_base32(sha1, 20), "143xibwh31h9bvxzalr0sjvbbvpa6ffs");
}

TEST(ContentAddress, GivesEveryRealDerivationItsOwnStorePath)
{
    // The go-nix fixtures keep the names Nix gave them: text, multiple outputs, structured
    // attrs, Unicode, Latin-1 and CP-1252 bytes, fixed outputs.
    size_t checked = 0;
    for (const auto& file : good_fixture_drvs()) {
        std::string base = fs::path(file).filename().string();
        if (file.find("/go-nix/") == std::string::npos)
            continue;
        SCOPED_TRACE(file);
        std::string text = read_file(file);
        Derivation drv = parse_derivation_aterm(text, file, k_store);
        EXPECT_EQ(text_store_path(base.substr(33), sha256(text), references_of(drv), k_store), "/nix/store/" + base);
        // One byte changed, or one reference less, is another path.
        std::string changed = text;
        changed[changed.size() / 2] ^= 1;
        EXPECT_NE(text_store_path(base.substr(33), sha256(changed), references_of(drv), k_store), "/nix/store/" + base);
        if (!drv.input_drvs.empty()) {
            auto fewer = references_of(drv);
            fewer.pop_back();
            EXPECT_NE(text_store_path(base.substr(33), sha256(text), fewer, k_store), "/nix/store/" + base);
        }
        ++checked;
    }
    EXPECT_GE(checked, 15U);
}

TEST(DerivationSummary, AnswersWhatTheParsedDerivationAnswers)
{
    auto files = good_fixture_drvs();
    ASSERT_GE(files.size(), 25U);
    for (const auto& file : files) {
        SCOPED_TRACE(file);
        Derivation drv = read_derivation(file, k_store);
        std::string summary = drv.summary();
        Derivation copy = Derivation::from_summary(drv.path, summary, "pack", 0);
        EXPECT_TRUE(copy.is_summary());
        EXPECT_EQ(copy.path, drv.path);
        expect_same_answers(drv, copy);
        // A summary of a summary is the same summary.
        EXPECT_EQ(copy.summary(), summary);
    }
}

TEST(DerivationSummary, KeepsStructuredAttrsListsWithSpaces)
{
    Derivation drv = read_derivation(k_drvs + "/vulnix/structured-attrs-1.drv", k_store);
    ASSERT_TRUE(drv.has_structured_attrs());
    std::string summary = drv.summary();
    Derivation copy = Derivation::from_summary(drv.path, summary, "pack", 0);
    EXPECT_TRUE(copy.has_structured_attrs());
    EXPECT_EQ(copy.name(), "structured-attrs-1");
    expect_same_answers(drv, copy);
}

TEST(DerivationSummary, RefusesAttributesItDoesNotKeep)
{
    Derivation drv = read_derivation(k_drvs + "/vulnix/cpio-2.12.drv", k_store);
    ASSERT_TRUE(drv.attr("buildInputs").has_value());
    ASSERT_FALSE(drv.builder.empty());
    std::string summary = drv.summary();
    Derivation copy = Derivation::from_summary(drv.path, summary, "pack", 0);
    EXPECT_THROW((void)copy.attr("buildInputs"), std::logic_error);
    EXPECT_THROW((void)copy.attr_list("buildInputs"), std::logic_error);
    EXPECT_TRUE(copy.env.empty());
    EXPECT_TRUE(copy.builder.empty());
}

TEST(DerivationSummary, EveryTruncationIsAParseErrorWithItsOffset)
{
    Derivation drv = read_derivation(k_drvs + "/go-nix/cl5fr6hlr6hdqza2vgb9qqy5s26wls8i-jq-1.6.drv", k_store);
    std::string bytes = drv.summary();
    for (size_t n = 0; n < bytes.size(); ++n) {
        try {
            (void)Derivation::from_summary(drv.path, std::string_view(bytes).substr(0, n), "cache.pack", 1000);
            ADD_FAILURE() << "a summary cut at " << n << " was accepted";
        } catch (const ParseError& e) {
            EXPECT_EQ(e.file(), "cache.pack");
            EXPECT_GE(e.offset(), 1000U);
            EXPECT_LE(e.offset(), 1000U + n);
        }
    }
    std::string longer = bytes + "x";
    EXPECT_THROW((void)Derivation::from_summary(drv.path, longer, "cache.pack", 0), ParseError);
}

TEST(DerivationPack, FindsEveryEntryAndNothingElse)
{
    std::vector<std::string> paths;
    std::vector<std::string> summaries;
    for (int i = 0; i < 300; ++i) {
        paths.push_back("/nix/store/" + std::string(32, 'a' + static_cast<char>(i % 20)) + "-p" + std::to_string(i) +
                        ".drv");
        summaries.push_back("summary " + std::to_string(i));
    }
    std::vector<std::pair<std::string_view, std::string_view>> entries;
    for (size_t i = 0; i < paths.size(); ++i)
        entries.emplace_back(paths[i], summaries[i]);
    std::string file = (fs::temp_directory_path() / ("nixvet-pack-" + std::to_string(::getpid()))).string();
    write_derivation_pack(file, k_store, entries);
    auto pack = DerivationPack::open(file, k_store);
    fs::remove(file);
    ASSERT_TRUE(pack);
    EXPECT_EQ(pack->size(), 300U);
    for (size_t i = 0; i < paths.size(); ++i) {
        auto hit = pack->find(paths[i]);
        ASSERT_TRUE(hit) << paths[i];
        EXPECT_EQ(hit->first, summaries[i]);
    }
    EXPECT_FALSE(pack->find("/nix/store/" + std::string(32, 'b') + "-p0.drv"));
    EXPECT_FALSE(pack->find(""));
    EXPECT_EQ(pack->entries().size(), 300U);
    EXPECT_FALSE(DerivationPack::open(file, k_store)) << "a pack that does not exist is no pack, not an error";
}

TEST(DerivationPack, RefusesADamagedFileWithItsOffset)
{
    std::string path = "/nix/store/" + std::string(32, 'a') + "-x.drv";
    std::string file = (fs::temp_directory_path() / ("nixvet-pack-d-" + std::to_string(::getpid()))).string();
    write_derivation_pack(file, k_store, {{path, "abc"}});
    std::string good = read_file(file);
    fs::remove(file);
    ASSERT_TRUE(DerivationPack::from_bytes(good, "p", k_store)->find(path));

    for (size_t n = 0; n < good.size(); ++n)
        EXPECT_THROW(DerivationPack::from_bytes(good.substr(0, n), "p", k_store), ParseError) << "cut at " << n;
    for (size_t i = 0; i < good.size(); ++i) {
        if (i >= 8 && i < 12)
            continue; // the format version: refused as another format (Error), tested below
        std::string bad = good;
        bad[i] ^= 0x20;
        EXPECT_THROW(DerivationPack::from_bytes(bad, "p", k_store), ParseError) << "byte " << i;
    }
    std::string other = good;
    other[8] = 9;
    try {
        DerivationPack::from_bytes(other, "p", k_store);
        ADD_FAILURE() << "another format was accepted";
    } catch (const ParseError&) {
        ADD_FAILURE() << "another format is not damage";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("has format 9"), std::string::npos) << e.what();
    }
    // From a file, another format version is no cache at all (an upgrade, not damage).
    std::ofstream(file, std::ios::binary) << other;
    EXPECT_FALSE(DerivationPack::open(file, k_store));
    fs::remove(file);
    try {
        DerivationPack::from_bytes(good, "p", StoreDir("/other/store"));
        ADD_FAILURE() << "a pack of another store was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("is for store /nix/store, not /other/store"), std::string::npos)
            << e.what();
    }
}

TEST_F(ScratchStore, ACachedRunAnswersAsTheStoreDoes)
{
    std::string dep = add_drv("zlib-1.3.drv", "zlib", "1.3");
    std::string top = add_drv("curl-8.4.0.drv", "curl", "8.4.0", {dep});
    std::string pack = (m_dir / "cache" / "derivations.pack").string();

    DerivationCache first(*m_store);
    first.use_pack(pack);
    const Derivation* a = first.get(top);
    ASSERT_TRUE(a);
    ASSERT_TRUE(first.get(dep));
    EXPECT_EQ(first.from_pack(), 0U);
    EXPECT_EQ(first.save_pack(), 2U);
    EXPECT_TRUE(first.warnings().empty());

    DerivationCache second(*m_store);
    second.use_pack(pack);
    const Derivation* b = second.get(top);
    ASSERT_TRUE(b);
    EXPECT_TRUE(b->is_summary());
    EXPECT_EQ(second.from_pack(), 1U);
    expect_same_answers(*a, *b);
    EXPECT_EQ(b->attr_list("patches"), (std::vector<std::string_view>{"a.patch", "b.patch"}));
    EXPECT_EQ(second.save_pack(), 0U) << "nothing new: the pack is not rewritten";

    // Garbage-collected since: missing, exactly as without the cache.
    fs::remove(dep);
    DerivationCache third(*m_store);
    third.use_pack(pack);
    EXPECT_EQ(third.get(dep), nullptr);
    EXPECT_EQ(third.from_pack(), 0U);
}

TEST_F(ScratchStore, RemembersOnlyDerivationsWhoseContentsGiveTheirName)
{
    std::string good = add_drv("a-1.drv", "a", "1");
    std::string forged = m_store->str() + "/" + std::string(32, 'z') + "-b-1.drv";
    fs::copy_file(good, forged);
    std::string pack = (m_dir / "derivations.pack").string();
    DerivationCache cache(*m_store);
    cache.use_pack(pack);
    ASSERT_TRUE(cache.get(good));
    ASSERT_TRUE(cache.get(forged)) << "still read: the store is the truth, the cache is not";
    EXPECT_EQ(cache.save_pack(), 1U);
    auto written = DerivationPack::open(pack, *m_store);
    ASSERT_TRUE(written);
    EXPECT_TRUE(written->find(good));
    EXPECT_FALSE(written->find(forged));
}

TEST_F(ScratchStore, ADamagedPackIsReplacedWithAWarning)
{
    std::string drv = add_drv("a-1.drv", "a", "1");
    std::string pack = (m_dir / "derivations.pack").string();
    std::ofstream(pack) << "NIXVETDP but not really a pack";
    DerivationCache cache(*m_store);
    cache.use_pack(pack);
    ASSERT_EQ(cache.warnings().size(), 1U);
    EXPECT_NE(cache.warnings()[0].find(pack + ":"), std::string::npos) << cache.warnings()[0];
    ASSERT_TRUE(cache.get(drv));
    EXPECT_EQ(cache.save_pack(), 1U);
    DerivationCache again(*m_store);
    again.use_pack(pack);
    EXPECT_TRUE(again.warnings().empty());
    ASSERT_TRUE(again.get(drv));
    EXPECT_EQ(again.from_pack(), 1U);
}

TEST_F(ScratchStore, TheWriterNeverFollowsALinkNorReplacesAForeignFile)
{
    // The temporary file used to be FILE.<pid>.tmp, opened without O_EXCL: a link planted there
    // made nixvet truncate its target.
    std::string pack = (m_dir / "derivations.pack").string();
    std::string victim = (m_dir / "victim").string();
    std::ofstream(victim) << "precious";
    fs::create_symlink(victim, pack + "." + std::to_string(::getpid()) + ".tmp");
    std::string path = "/nix/store/" + std::string(32, 'a') + "-x.drv";
    write_derivation_pack(pack, k_store, {{path, "summary"}});
    EXPECT_EQ(read_file(victim), "precious");
    ASSERT_TRUE(DerivationPack::open(pack, k_store));

    // A file that is not a pack is refused, whatever asks to write over it.
    std::string notes = (m_dir / "notes").string();
    std::ofstream(notes) << "notes";
    EXPECT_THROW(write_derivation_pack(notes, k_store, {{path, "summary"}}), Error);
    EXPECT_EQ(read_file(notes), "notes");
    EXPECT_NE(derivation_pack_refusal(notes).find("is a file of something else"), std::string::npos);
    EXPECT_EQ(derivation_pack_refusal(pack), "") << "nixvet's own pack may be replaced";
    EXPECT_EQ(derivation_pack_refusal((m_dir / "absent").string()), "");
    EXPECT_NE(derivation_pack_refusal("/dev/null").find("not a regular file"), std::string::npos);
    EXPECT_NE(derivation_pack_refusal(m_dir.string()).find("a directory"), std::string::npos);
}

} // namespace

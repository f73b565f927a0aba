// SPDX-License-Identifier: MIT
#include "core/compressed_file.hpp"
#include "core/file.hpp"
#include "core/json_stream.hpp"
#include "match/applicability.hpp"
#include "vulndb/nvd_record.hpp"
#include "vulndb/record_readers.hpp"

#include <gtest/gtest.h>
#include <map>

using namespace nixvet;

namespace {

const std::string k_dir = std::string(NIXVET_FIXTURES) + "/vulndb";

// The full configurations of a real NVD record.
std::string configurations(const std::string& id)
{
    static const std::map<std::string, std::string> all = [] {
        std::map<std::string, std::string> m;
        NvdRecordParser parser;
        JsonArrayStream s("vulnerabilities", "nvd", [&](std::string e, uint64_t) {
            Result<NvdCve> r = parser.parse(e);
            if (r)
                m[r->id] = r->configurations_json;
        });
        s.feed(read_compressed_file(k_dir + "/nvd/nvdcve-2.0-all.json.gz"));
        s.finish();
        return m;
    }();
    return all.at(id);
}

Verdict::State nvd(const std::string& id, std::string_view vendor, std::string_view product, std::string_view version)
{
    ApplicabilityEvaluator e;
    return e.nvd(configurations(id), MatchTarget{vendor, product, version, nullptr}).state;
}

constexpr auto affected = Verdict::State::affected;
constexpr auto not_applicable = Verdict::State::not_applicable;
constexpr auto unaffected = Verdict::State::unaffected;

TEST(CpeVersion, ComparesAsNixDoesWithTheUpdateField)
{
    EXPECT_TRUE(cpe_version_matches("9.5", "p1", "9.5p1"));
    EXPECT_TRUE(cpe_version_matches("1.0.2", "beta1", "1.0.2-beta1"));
    EXPECT_FALSE(cpe_version_matches("9.5", "p1", "9.5"));
    EXPECT_TRUE(cpe_version_matches("9.5", "*", "9.5"));
    EXPECT_TRUE(cpe_version_matches("1.0.*", "*", "1.0.7"));
    EXPECT_FALSE(cpe_version_matches("1.0", "*", "1.0.0")) << "compareVersions: 1.0 < 1.0.0";
    EXPECT_TRUE(cpe_version_matches(R"(2.4\.1)", "*", "2.4.1"));
}

TEST(NvdApplicability, RangesHoldAtBothEdges)
{
    // CVE-2023-0464: openssl >= 3.0.0, < 3.0.9 (among other branches).
    EXPECT_EQ(nvd("CVE-2023-0464", "openssl", "openssl", "3.0.0"), affected);
    EXPECT_EQ(nvd("CVE-2023-0464", "openssl", "openssl", "3.0.8"), affected);
    EXPECT_EQ(nvd("CVE-2023-0464", "openssl", "openssl", "3.0.9"), not_applicable);
    EXPECT_EQ(nvd("CVE-2023-0464", "openssl", "openssl", "3.0.12"), not_applicable);
    EXPECT_EQ(nvd("CVE-2023-0464", "other_vendor", "openssl", "3.0.1"), not_applicable) << "vendor matters";
    ApplicabilityEvaluator e;
    Verdict v = e.nvd(configurations("CVE-2023-0464"), MatchTarget{"openssl", "openssl", "3.0.5", nullptr});
    EXPECT_EQ(v.fixed_version, "3.0.9");
    EXPECT_NE(v.evidence.find(">= 3.0.0, < 3.0.9"), std::string::npos) << v.evidence;
}

TEST(NvdApplicability, PlatformConditionsOfAnotherOsDoNotHold)
{
    // Internet Explorer 6 running on Windows: a Linux closure never satisfies the condition.
    EXPECT_EQ(nvd("CVE-2010-3962", "microsoft", "internet_explorer", "6"), not_applicable);
    // Software built for Windows (target_sw) does not apply either.
    EXPECT_EQ(nvd("CVE-2016-15012", "salesforce", "mobile_software_development_kit", "4.0"), not_applicable);
}

TEST(NvdApplicability, EvaluatesAndOrNegateAndRunningWith)
{
    std::string config = R"([{"operator": "AND", "nodes": [
        {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": true,
            "criteria": "cpe:2.3:a:acme:plugin:*:*:*:*:*:*:*:*", "versionEndIncluding": "1.2"}]},
        {"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": false,
            "criteria": "cpe:2.3:a:acme:host:*:*:*:*:*:*:*:*"}]}]}])";
    ApplicabilityEvaluator e;
    auto without = [](std::string_view, std::string_view) { return false; };
    auto with = [](std::string_view v, std::string_view p) { return v == "acme" && p == "host"; };
    EXPECT_EQ(e.nvd(config, MatchTarget{"acme", "plugin", "1.2", without}).state, not_applicable);
    EXPECT_EQ(e.nvd(config, MatchTarget{"acme", "plugin", "1.2", with}).state, affected);
    EXPECT_EQ(e.nvd(config, MatchTarget{"acme", "plugin", "1.2.1", with}).state, not_applicable);
    std::string on_linux = R"([{"operator": "AND", "nodes": [
        {"operator": "OR", "cpeMatch": [{"vulnerable": true, "criteria": "cpe:2.3:a:acme:tool:2.0:*:*:*:*:*:*:*"}]},
        {"operator": "OR", "cpeMatch": [{"vulnerable": false, "criteria": "cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*"}]}]}])";
    EXPECT_EQ(e.nvd(on_linux, MatchTarget{"acme", "tool", "2.0", without}).state, affected);
    std::string negated = R"([{"nodes": [{"operator": "OR", "negate": true, "cpeMatch": [{"vulnerable": true,
        "criteria": "cpe:2.3:a:acme:tool:2.0:*:*:*:*:*:*:*"}]}]}])";
    EXPECT_EQ(e.nvd(negated, MatchTarget{"acme", "tool", "2.0", without}).state, not_applicable);
}

TEST(Cve5Applicability, OpenSslsOwnRangesDecide)
{
    RecordReader reader;
    ApplicabilityEvaluator e;
    auto state = [&](const std::string& id, std::string_view version) {
        Result<Cve5Record> r = reader.parse_cve5(read_file(k_dir + "/cve5/" + id + ".json"));
        return e.cve5(r->affected_json, MatchTarget{"openssl", "openssl", version, nullptr});
    };
    // Heartbleed: 1.0.1 up to, not including, 1.0.1g.
    EXPECT_EQ(state("CVE-2014-0160", "1.0.1").state, affected);
    EXPECT_EQ(state("CVE-2014-0160", "1.0.1f").state, affected);
    EXPECT_EQ(state("CVE-2014-0160", "1.0.1g").state, unaffected);
    EXPECT_EQ(state("CVE-2014-0160", "1.0.0").state, unaffected);
    EXPECT_EQ(state("CVE-2014-0160", "3.0.12").state, unaffected);
    Verdict v = state("CVE-2023-5678", "3.0.12");
    EXPECT_EQ(v.state, affected);
    EXPECT_EQ(v.fixed_version, "3.0.13");
    EXPECT_EQ(state("CVE-2023-5678", "3.0.13").state, unaffected);
    EXPECT_EQ(state("CVE-2023-5678", "1.0.2zi").state, affected) << "OpenSSL's letter releases";
}

TEST(Cve5Applicability, HonoursChangesAndDefaultStatus)
{
    ApplicabilityEvaluator e;
    std::string changes = R"([{"vendor": "acme", "product": "tool", "defaultStatus": "unaffected", "versions": [
        {"version": "2.0", "lessThan": "2.*", "status": "affected", "versionType": "custom",
         "changes": [{"at": "2.4", "status": "unaffected"}]}]}])";
    EXPECT_EQ(e.cve5(changes, MatchTarget{"acme", "tool", "2.3", nullptr}).state, affected);
    EXPECT_EQ(e.cve5(changes, MatchTarget{"acme", "tool", "2.4", nullptr}).state, unaffected);
    std::string by_default = R"([{"vendor": "acme", "product": "tool", "defaultStatus": "affected", "versions": [
        {"version": "3.1", "status": "unaffected"}]}])";
    EXPECT_EQ(e.cve5(by_default, MatchTarget{"acme", "tool", "3.0", nullptr}).state, affected);
    EXPECT_EQ(e.cve5(by_default, MatchTarget{"acme", "tool", "3.1", nullptr}).state, unaffected);
    std::string git = R"([{"vendor": "acme", "product": "tool", "versions": [
        {"version": "abc123", "lessThan": "def456", "status": "affected", "versionType": "git"}]}])";
    EXPECT_EQ(e.cve5(git, MatchTarget{"acme", "tool", "1.0", nullptr}).state, not_applicable);
}

TEST(OsvApplicability, ReadsListedVersionsAndEcosystemRanges)
{
    ApplicabilityEvaluator e;
    RecordReader reader;
    Result<OsvRecord> r = reader.parse_osv(read_file(k_dir + "/osv/PyPI/PYSEC-2005-1.json"));
    ASSERT_TRUE(r);
    EXPECT_EQ(e.osv(r->affected_json, "PyPI", "trac", "0.9").state, affected);   // listed
    EXPECT_EQ(e.osv(r->affected_json, "PyPI", "trac", "0.9.5").state, affected); // in [0, 0.10)
    Verdict fixed = e.osv(r->affected_json, "PyPI", "trac", "0.10");
    EXPECT_EQ(fixed.state, not_applicable);
    EXPECT_EQ(e.osv(r->affected_json, "PyPI", "other", "0.9").state, not_applicable);
    // PEP 440: a release candidate comes before the release that fixes it.
    std::string pypi = R"([{"package": {"ecosystem": "PyPI", "name": "y"}, "ranges": [{"type": "ECOSYSTEM",
        "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}])";
    EXPECT_EQ(e.osv(pypi, "PyPI", "y", "2.0rc1").state, affected);
    EXPECT_EQ(e.osv(pypi, "PyPI", "y", "2.0.post1").state, not_applicable);
    std::string last = R"([{"package": {"ecosystem": "crates.io", "name": "x"}, "ranges": [{"type": "SEMVER",
        "events": [{"introduced": "1.0.0"}, {"last_affected": "1.2.0"}, {"introduced": "2.0.0"}, {"fixed": "2.0.3"}]}]}])";
    EXPECT_EQ(e.osv(last, "crates.io", "x", "1.2.0").state, affected);
    EXPECT_EQ(e.osv(last, "crates.io", "x", "1.5.0").state, not_applicable);
    EXPECT_EQ(e.osv(last, "crates.io", "x", "2.0.2").state, affected);
    EXPECT_EQ(e.osv(last, "crates.io", "x", "2.0.3").state, not_applicable);
    EXPECT_EQ(e.osv(last, "crates.io", "x", "2.0.3-rc.1").state, affected) << "SemVer: a pre-release is older";
}

} // namespace

namespace {

TEST(DamagedDatabase, StoredDataThatDoesNotParseIsAnErrorNotACleanPackage)
{
    // The database wrote this JSON itself: when it no longer parses, "no match" would be a lie.
    ApplicabilityEvaluator e;
    MatchTarget target{"openssl", "openssl", "3.0.12", nullptr};
    for (const char* damaged : {"", "[{\"nodes\": [", "\xa5\xa5\xa5\xa5", "{}"}) {
        SCOPED_TRACE(damaged);
        EXPECT_THROW(e.nvd(damaged, target), Error);
        EXPECT_THROW(e.cve5(damaged, target), Error);
    }
    EXPECT_NO_THROW(e.nvd("[]", target)) << "an empty list is a real answer";
    EXPECT_NO_THROW(e.cve5("[]", target));
}

} // namespace

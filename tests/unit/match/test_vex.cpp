// SPDX-License-Identifier: MIT
#include "core/error.hpp"
#include "match/vex.hpp"

#include <gtest/gtest.h>

using namespace nixvet;

namespace {

Package openssl()
{
    Package p;
    p.pname = "openssl";
    p.version = "3.0.12";
    p.name = "openssl-3.0.12";
    p.drv_path = "/nix/store/5a2ag9m8d376ynj7s5i5762fbmcbahcs-openssl-3.0.12.drv";
    p.outputs = {{"out", "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-openssl-3.0.12"}};
    return p;
}

TEST(Vex, ReadsOpenVex02)
{
    VexStatements v = VexStatements::parse(R"({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x",
      "author": "sec team", "timestamp": "2026-01-01T00:00:00Z", "version": 1, "statements": [
      {"vulnerability": {"name": "CVE-2023-5678"}, "products": [{"@id": "pkg:nix/openssl@3.0.12"}],
       "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
      {"vulnerability": {"name": "CVE-2024-0727"}, "products": [{"@id": "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-openssl-3.0.12"}],
       "status": "under_investigation"},
      {"vulnerability": {"name": "CVE-2024-2511"}, "products": [{"@id": "pkg:nix/openssl@3.0.13"}], "status": "fixed"}]})",
                                           "v.json");
    const auto* s = v.find(openssl(), "CVE-2023-5678");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->status, "not_affected");
    EXPECT_EQ(s->justification, "vulnerable_code_not_in_execute_path");
    ASSERT_NE(v.find(openssl(), "CVE-2024-0727"), nullptr) << "a store path names the package";
    EXPECT_EQ(v.find(openssl(), "CVE-2024-2511"), nullptr) << "another version";
}

TEST(Vex, ReadsOpenVex00AndCycloneDxVex)
{
    VexStatements old = VexStatements::parse(R"({"statements": [{"vulnerability": "CVE-2023-5678",
      "products": ["pkg:generic/openssl"], "status": "fixed", "impact_statement": "backported"}]})",
                                             "old.json");
    ASSERT_NE(old.find(openssl(), "CVE-2023-5678"), nullptr);
    EXPECT_EQ(old.find(openssl(), "CVE-2023-5678")->justification, "backported");

    VexStatements cdx = VexStatements::parse(R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": [
      {"id": "CVE-2023-5678", "analysis": {"state": "false_positive", "detail": "FIPS provider only"},
       "affects": [{"ref": "/nix/store/5a2ag9m8d376ynj7s5i5762fbmcbahcs-openssl-3.0.12.drv"}]},
      {"id": "CVE-2024-0727", "analysis": {"state": "in_triage"}},
      {"id": "CVE-2024-9999"}]})",
                                             "cdx.json");
    ASSERT_EQ(cdx.statements().size(), 2U) << "a vulnerability without analysis is no statement";
    EXPECT_EQ(cdx.find(openssl(), "CVE-2023-5678")->status, "not_affected");
    EXPECT_EQ(cdx.find(openssl(), "CVE-2024-0727")->status, "under_investigation") << "no affects: every product";
}

TEST(Vex, RejectsOtherDocuments)
{
    EXPECT_THROW(VexStatements::parse(R"({"hello": 1})", "x.json"), ParseError);
    EXPECT_THROW(VexStatements::parse(R"({"statements": [{"status": "fixed"}]})", "x.json"), ParseError);
    EXPECT_THROW(VexStatements::parse(R"({"statements": [)", "x.json"), ParseError);
}

} // namespace

// SPDX-License-Identifier: MIT
#pragma once

#include "core/error.hpp"
#include "vulndb/advisory.hpp"

#include <memory>
#include <string_view>
#include <vector>

namespace nixvet {

/// Reads the JSON records of CVE List V5, OSV and KEV. One per thread; results are owned copies.
class RecordReader
{
public:
    RecordReader();
    ~RecordReader();
    RecordReader(const RecordReader&) = delete;
    RecordReader& operator=(const RecordReader&) = delete;

    /// A CVE JSON 5.x record (`dataType: CVE_RECORD`); the failure says what is wrong.
    Result<Cve5Record> parse_cve5(std::string_view json);
    /// An OSV record (schema 1.x); the failure says what is wrong.
    Result<OsvRecord> parse_osv(std::string_view json);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Reads CISA's KEV catalog in JSON; throws ParseError for a document that is not one.
std::vector<KevEntry> parse_kev_json(std::string_view json, const std::string& file);
/// Reads CISA's KEV catalog in CSV; throws ParseError naming the line of a bad row.
std::vector<KevEntry> parse_kev_csv(std::string_view csv, const std::string& file);
/// Reads FIRST's EPSS scores CSV (`#model_version…` then `cve,epss,percentile`); throws ParseError.
std::vector<EpssScore> parse_epss_csv(std::string_view csv, const std::string& file);

} // namespace nixvet

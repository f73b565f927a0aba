// SPDX-License-Identifier: MIT
#pragma once

#include "core/error.hpp"
#include "vulndb/advisory.hpp"

#include <memory>
#include <string_view>

namespace nixvet {

/// Reads NVD JSON 2.0 records (`{"cve": {...}}`, one element of a feed's `vulnerabilities`).
/// One parser per thread; its strings are copied out, so results outlive the next call.
class NvdRecordParser
{
public:
    NvdRecordParser();
    ~NvdRecordParser();
    NvdRecordParser(const NvdRecordParser&) = delete;
    NvdRecordParser& operator=(const NvdRecordParser&) = delete;

    /// Parses one record; a failure says what is wrong with it (never throws for bad input).
    Result<NvdCve> parse(std::string_view json);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace nixvet

// SPDX-License-Identifier: MIT
// One advisory record of each kind from the same bytes: NVD, CVE List V5, OSV. Bad input is a
// failure value, never a crash.
#include "vulndb/nvd_record.hpp"
#include "vulndb/record_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static nixvet::NvdRecordParser nvd;
    static nixvet::RecordReader records;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)nvd.parse(text);
    (void)records.parse_cve5(text);
    (void)records.parse_osv(text);
    return 0;
}

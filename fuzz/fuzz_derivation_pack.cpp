// SPDX-License-Identifier: MIT
// Any bytes as the derivation cache: first byte 0 = a whole pack (size and checksum fields set by
// the harness), anything else = one summary.
// A pack or summary is either read or refused with ParseError (offset inside it) or Error; a
// summary that is read encodes to a summary that decodes to the same encoding.
#include "core/error.hpp"
#include "store/derivation.hpp"
#include "store/derivation_pack.hpp"

#include <cstdlib>

namespace {

void check_summary(std::string_view bytes, size_t offset, size_t limit)
{
    try {
        nixvet::Derivation drv = nixvet::Derivation::from_summary("/nix/store/x.drv", bytes, "fuzz", offset);
        (void)drv.name();
        (void)drv.is_fixed_output();
        (void)drv.attr("pname");
        (void)drv.attr_list("patches");
        std::string again = drv.summary();
        nixvet::Derivation copy = nixvet::Derivation::from_summary(drv.path, again, "fuzz", 0);
        if (copy.summary() != again)
            std::abort();
    } catch (const nixvet::ParseError& e) {
        if (e.offset() > limit)
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const nixvet::StoreDir store_dir;
    if (size == 0)
        return 0;
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] != 0) {
        check_summary(rest, 0, rest.size());
        return 0;
    }
    try {
        std::string bytes(rest);
        nixvet::seal_derivation_pack(bytes); // past the checksum, into the index and the summaries
        auto pack = nixvet::DerivationPack::from_bytes(bytes, "fuzz.pack", store_dir);
        for (const auto& [path, summary] : pack->entries()) {
            check_summary(summary, 0, summary.size());
            (void)pack->find(path); // may miss in an unsorted index, never reads outside the pack
        }
    } catch (const nixvet::ParseError& e) {
        if (e.offset() > rest.size())
            std::abort();
    } catch (const nixvet::Error&) {
        // another format version or store directory
    }
    return 0;
}

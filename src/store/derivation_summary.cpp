// SPDX-License-Identifier: MIT
// Derivation summaries: what nixvet's derivation cache keeps of a `.drv`.
//
// Layout (integers little-endian; a string is a u32 length and its bytes):
//   u8 flags (bit 0: the derivation has __structuredAttrs)
//   string name, string system
//   u32 outputs,       each: string name, string path, string hash algorithm, string hash
//   u32 input drvs,    each: string path, u32 outputs, each: string name
//   u32 input sources, each: string path
//   u32 scalars,       each: u8 index into k_summary_attrs, string value
//   u32 lists,         each: u8 index into k_summary_attrs, u32 items, each: string item
#include "core/error.hpp"
#include "store/derivation.hpp"

#include <cstring>

namespace nixvet {

namespace {

class SummaryWriter
{
public:
    void u8(uint8_t v) { m_out += static_cast<char>(v); }
    void u32(size_t v)
    {
        if (v > UINT32_MAX)
            throw Error("a derivation is too large to summarise");
        char bytes[4];
        for (int i = 0; i < 4; ++i)
            bytes[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        m_out.append(bytes, 4);
    }
    void str(std::string_view s)
    {
        u32(s.size());
        m_out.append(s);
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

class SummaryReader
{
public:
    SummaryReader(std::string_view data, const std::string& file, size_t offset)
        : m_data(data), m_file(file), m_offset(offset)
    {
    }

    uint8_t u8()
    {
        need(1, "a flag byte");
        return static_cast<uint8_t>(m_data[m_pos++]);
    }
    uint32_t u32()
    {
        need(4, "a count");
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= static_cast<uint32_t>(static_cast<unsigned char>(m_data[m_pos + i])) << (8 * i);
        m_pos += 4;
        return v;
    }
    // A count of items that take at least `min_item_size` bytes each: never more than could fit.
    uint32_t count(size_t min_item_size, const char* what)
    {
        size_t at = m_pos;
        uint32_t n = u32();
        if (static_cast<uint64_t>(n) * min_item_size > m_data.size() - m_pos)
            fail(at, std::string("the number of ") + what + " is larger than the record");
        return n;
    }
    std::string_view str()
    {
        size_t at = m_pos;
        uint32_t n = u32();
        if (n > m_data.size() - m_pos)
            fail(at, "a string runs past the end of the record");
        std::string_view s = m_data.substr(m_pos, n);
        m_pos += n;
        return s;
    }
    std::string_view attr_key()
    {
        size_t at = m_pos;
        uint8_t i = u8();
        if (i >= Derivation::k_summary_attrs.size())
            fail(at, "unknown attribute number " + std::to_string(i));
        return Derivation::k_summary_attrs[i];
    }
    void finish() const
    {
        if (m_pos != m_data.size())
            fail(m_pos, "bytes left over after the record");
    }

private:
    void need(size_t n, const char* what) const
    {
        if (m_data.size() - m_pos < n)
            fail(m_pos, std::string("the record ends where ") + what + " should be");
    }
    [[noreturn]] void fail(size_t at, const std::string& message) const
    {
        throw ParseError(m_file, m_offset + at, "damaged derivation summary: " + message);
    }

    std::string_view m_data;
    const std::string& m_file;
    size_t m_offset;
    size_t m_pos = 0;
};

uint8_t attr_index(std::string_view key)
{
    for (size_t i = 0; i < Derivation::k_summary_attrs.size(); ++i) {
        if (Derivation::k_summary_attrs[i] == key)
            return static_cast<uint8_t>(i);
    }
    return 0xff;
}

} // namespace

std::string Derivation::summary() const
{
    SummaryWriter w;
    w.u8(has_structured_attrs() ? 1 : 0);
    w.str(name());
    w.str(system);
    w.u32(outputs.size());
    for (const auto& o : outputs) {
        w.str(o.name);
        w.str(o.path);
        w.str(o.hash_algo);
        w.str(o.hash);
    }
    w.u32(input_drvs.size());
    for (const auto& in : input_drvs) {
        w.str(in.path);
        w.u32(in.outputs.size());
        for (auto name : in.outputs)
            w.str(name);
    }
    w.u32(input_srcs.size());
    for (auto src : input_srcs)
        w.str(src);
    std::vector<std::pair<uint8_t, std::string_view>> scalars;
    std::vector<std::pair<uint8_t, std::vector<std::string_view>>> lists;
    for (auto key : k_summary_attrs) {
        if (auto v = attr(key))
            scalars.emplace_back(attr_index(key), *v);
        if (auto list = attr_list(key); !list.empty())
            lists.emplace_back(attr_index(key), std::move(list));
    }
    w.u32(scalars.size());
    for (const auto& [key, value] : scalars) {
        w.u8(key);
        w.str(value);
    }
    w.u32(lists.size());
    for (const auto& [key, items] : lists) {
        w.u8(key);
        w.u32(items.size());
        for (auto item : items)
            w.str(item);
    }
    return w.take();
}

Derivation Derivation::from_summary(std::string path, std::string_view bytes, const std::string& file, size_t offset)
{
    Derivation drv;
    drv.path = std::move(path);
    SummaryReader r(bytes, file, offset);
    drv.m_summary = true;
    drv.m_structured_parsed = (r.u8() & 1) != 0;
    drv.m_summary_name = r.str();
    drv.system = r.str();
    constexpr size_t k_string = 4;
    uint32_t n = r.count(4 * k_string, "outputs");
    drv.outputs.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
        DerivationOutput o;
        o.name = r.str();
        o.path = r.str();
        o.hash_algo = r.str();
        o.hash = r.str();
        drv.outputs.push_back(o);
    }
    n = r.count(k_string + 4, "input derivations");
    drv.input_drvs.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
        InputDerivation in;
        in.path = r.str();
        uint32_t m = r.count(k_string, "outputs of an input derivation");
        in.outputs.reserve(m);
        for (uint32_t j = 0; j < m; ++j)
            in.outputs.push_back(r.str());
        drv.input_drvs.push_back(std::move(in));
    }
    n = r.count(k_string, "input sources");
    drv.input_srcs.reserve(n);
    for (uint32_t i = 0; i < n; ++i)
        drv.input_srcs.push_back(r.str());
    n = r.count(1 + k_string, "attributes");
    for (uint32_t i = 0; i < n; ++i) {
        std::string_view key = r.attr_key();
        drv.m_structured_scalars.emplace_back(key, r.str());
    }
    n = r.count(1 + 4, "list attributes");
    for (uint32_t i = 0; i < n; ++i) {
        std::string_view key = r.attr_key();
        uint32_t m = r.count(k_string, "list items");
        std::vector<std::string_view> items;
        items.reserve(m);
        for (uint32_t j = 0; j < m; ++j)
            items.push_back(r.str());
        drv.m_structured.emplace_back(key, std::move(items));
    }
    r.finish();
    return drv;
}

} // namespace nixvet

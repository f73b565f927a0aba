// SPDX-License-Identifier: MIT
// The ATerm reader for `.drv` files, shaped like the grammar:
//   Derive([outputs],[inputDrvs],[inputSrcs],"system","builder",[args],[env])
//   DrvWithVersion("xp-dyn-drv",[outputs],[inputDrvs],...)   (dynamic derivations)
// It only reads: nothing in a derivation is ever evaluated.
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/limits.hpp"
#include "store/content_address.hpp"
#include "store/derivation.hpp"

#include <fmt/format.h>

namespace nixvet {

namespace {

class Cursor
{
public:
    Cursor(std::string_view text, const std::string& file, Derivation& drv) : m_text(text), m_file(file), m_drv(drv) {}

    [[noreturn]] void fail(const std::string& message) const { throw ParseError(m_file, m_pos, message); }

    [[nodiscard]] bool at_end() const { return m_pos >= m_text.size(); }

    void skip_trailing_whitespace()
    {
        while (!at_end() && (m_text[m_pos] == '\n' || m_text[m_pos] == ' ' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    [[nodiscard]] size_t pos() const { return m_pos; }

    [[nodiscard]] std::string describe_next() const
    {
        if (at_end())
            return "end of file";
        auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c < 0x20 || c >= 0x7f)
            return fmt::format("byte 0x{:02x}", c);
        return fmt::format("'{}'", static_cast<char>(c));
    }

    void expect(char c)
    {
        if (at_end() || m_text[m_pos] != c)
            fail(fmt::format("expected '{}', found {}", c, describe_next()));
        ++m_pos;
    }

    void expect_word(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            fail(fmt::format("expected '{}'", word));
        m_pos += word.size();
    }

    bool try_consume(char c)
    {
        if (!at_end() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    [[nodiscard]] bool peek_is(char c) const { return !at_end() && m_text[m_pos] == c; }
    [[nodiscard]] bool peek_is(std::string_view word) const { return m_text.substr(m_pos, word.size()) == word; }

    /// After a list element: true when the list ends (consumes ']'), else consumes ','.
    bool end_of_list()
    {
        if (try_consume(']'))
            return true;
        expect(',');
        return false;
    }

    /// A quoted string; a view into the input unless an escape forces a copy.
    std::string_view parse_string()
    {
        expect('"');
        size_t start = m_pos;
        while (true) {
            if (at_end())
                fail("unterminated string");
            char c = m_text[m_pos];
            if (c == '"') {
                std::string_view s = m_text.substr(start, m_pos - start);
                ++m_pos;
                return s;
            }
            if (c == '\\')
                break;
            ++m_pos;
        }
        std::string copy(m_text.substr(start, m_pos - start));
        while (true) {
            if (at_end())
                fail("unterminated string");
            char c = m_text[m_pos++];
            if (c == '"')
                return m_drv.own(std::move(copy));
            if (c != '\\') {
                copy += c;
                continue;
            }
            if (at_end())
                fail("unterminated escape sequence");
            char e = m_text[m_pos++];
            switch (e) {
            case 'n': copy += '\n'; break;
            case 'r': copy += '\r'; break;
            case 't': copy += '\t'; break;
            default: copy += e; break; // \" \\ and, as Nix reads them, any other escaped character
            }
        }
    }

    /// A string that must be an absolute store path (optionally a `.drv`).
    std::string_view parse_store_path(const StoreDir& store_dir, bool must_be_drv)
    {
        size_t start = m_pos;
        std::string_view s = parse_string();
        if (std::string why = StorePath::check(s, store_dir); !why.empty()) {
            m_pos = start;
            fail(why);
        }
        if (must_be_drv && !s.ends_with(".drv")) {
            m_pos = start;
            fail(fmt::format("input derivation '{}' does not end in .drv", s));
        }
        return s;
    }

    std::vector<std::string_view> parse_string_list()
    {
        std::vector<std::string_view> list;
        expect('[');
        if (try_consume(']'))
            return list;
        do
            list.push_back(parse_string());
        while (!end_of_list());
        return list;
    }

private:
    std::string_view m_text;
    const std::string& m_file;
    Derivation& m_drv;
    size_t m_pos = 0;
};

void parse_outputs(Cursor& in, Derivation& drv, const StoreDir& store_dir)
{
    in.expect('[');
    if (in.try_consume(']'))
        return;
    do {
        in.expect('(');
        DerivationOutput out;
        size_t name_pos = in.pos();
        out.name = in.parse_string();
        if (out.name.empty())
            throw ParseError("", name_pos, "empty output name"); // replaced below with the file name
        in.expect(',');
        size_t path_pos = in.pos();
        out.path = in.parse_string();
        if (!out.path.empty()) {
            if (std::string why = StorePath::check(out.path, store_dir); !why.empty())
                throw ParseError("", path_pos, why);
        }
        in.expect(',');
        out.hash_algo = in.parse_string();
        in.expect(',');
        out.hash = in.parse_string();
        in.expect(')');
        // Nix's invariant: a fixed output's path is the one its hash gives (a forged path would
        // pass a tampered source off as the pinned one).
        if (!out.path.empty() && !out.hash.empty()) {
            std::string_view base = out.path.substr(store_dir.str().size() + 1);
            std::string expected =
                fixed_output_path(base.substr(StorePath::k_hash_length + 1), out.hash_algo, out.hash, store_dir);
            if (!expected.empty() && expected != out.path)
                throw ParseError("", path_pos,
                                 fmt::format("fixed output '{}' has the path {}, but its {} hash gives {}", out.name,
                                             out.path, out.hash_algo, expected));
        }
        drv.outputs.push_back(out);
    } while (!in.end_of_list());
}

void parse_input_drvs(Cursor& in, Derivation& drv, const StoreDir& store_dir, bool dynamic_allowed)
{
    in.expect('[');
    if (in.try_consume(']'))
        return;
    do {
        in.expect('(');
        InputDerivation input;
        input.path = in.parse_store_path(store_dir, true);
        in.expect(',');
        if (in.peek_is('(')) {
            // Dynamic derivations: (["out",...],[("output",[...]),...]).
            if (!dynamic_allowed)
                in.fail("dynamic derivation outputs need the DrvWithVersion(\"xp-dyn-drv\", ...) form");
            in.expect('(');
            input.outputs = in.parse_string_list();
            in.expect(',');
            in.expect('[');
            if (!in.try_consume(']')) {
                do {
                    in.expect('(');
                    in.parse_string();
                    in.expect(',');
                    in.parse_string_list();
                    in.expect(')');
                } while (!in.end_of_list());
            }
            in.expect(')');
        } else {
            input.outputs = in.parse_string_list();
        }
        in.expect(')');
        drv.input_drvs.push_back(std::move(input));
    } while (!in.end_of_list());
}

void parse_body(Cursor& in, Derivation& drv, const StoreDir& store_dir, bool dynamic_allowed)
{
    parse_outputs(in, drv, store_dir);
    in.expect(',');
    parse_input_drvs(in, drv, store_dir, dynamic_allowed);
    in.expect(',');
    in.expect('[');
    if (!in.try_consume(']')) {
        do
            drv.input_srcs.push_back(in.parse_store_path(store_dir, false));
        while (!in.end_of_list());
    }
    in.expect(',');
    drv.system = in.parse_string();
    in.expect(',');
    drv.builder = in.parse_string();
    in.expect(',');
    drv.args = in.parse_string_list();
    in.expect(',');
    in.expect('[');
    if (!in.try_consume(']')) {
        do {
            in.expect('(');
            std::string_view key = in.parse_string();
            in.expect(',');
            std::string_view value = in.parse_string();
            in.expect(')');
            drv.env.emplace_back(key, value);
        } while (!in.end_of_list());
    }
    in.expect(')');
}

} // namespace

Derivation parse_derivation_aterm(std::string text, const std::string& file, const StoreDir& store_dir)
{
    Derivation drv;
    auto buffer = std::make_unique<std::string>(std::move(text));
    std::string_view view = *buffer;
    drv.adopt_buffer(std::move(buffer));
    Cursor in(view, file, drv);
    try {
        bool dynamic_allowed = false;
        if (in.peek_is("DrvWithVersion(")) {
            in.expect_word("DrvWithVersion(");
            size_t version_pos = in.pos();
            std::string_view version = in.parse_string();
            if (version != "xp-dyn-drv")
                throw ParseError(file, version_pos, fmt::format("unknown derivation version '{}'", version));
            dynamic_allowed = true;
            in.expect(',');
        } else {
            if (!in.peek_is("Derive("))
                in.fail("not a derivation: expected 'Derive(' or 'DrvWithVersion('");
            in.expect_word("Derive(");
        }
        parse_body(in, drv, store_dir, dynamic_allowed);
        in.skip_trailing_whitespace(); // copies of .drv files sometimes gain a final newline
        if (!in.at_end())
            in.fail(fmt::format("unexpected {} after the end of the derivation", in.describe_next()));
    } catch (const ParseError& e) {
        if (!e.file().empty())
            throw;
        // Helpers that know no file name throw with an empty one.
        std::string what = e.what();
        throw ParseError(file, e.offset(), what.substr(what.find(": ") + 2));
    }
    drv.load_structured_attrs(file);
    return drv;
}

Derivation parse_derivation_file(std::string text, const std::string& path, const StoreDir& store_dir)
{
    Derivation drv = parse_derivation_aterm(std::move(text), path, store_dir);
    drv.path = path;
    return drv;
}

Derivation read_derivation(const std::string& path, const StoreDir& store_dir)
{
    return parse_derivation_file(read_file(path, {input_limits().derivation_bytes, Symlinks::follow}), path, store_dir);
}

} // namespace nixvet

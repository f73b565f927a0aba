// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace nixvet {

/// Writes indented JSON into a string; keys and values are escaped, invalid UTF-8 is replaced.
class JsonWriter
{
public:
    /// Writes into a string, kept until str() or finish().
    explicit JsonWriter(int indent = 2) : m_indent(indent) {}

    /// Hands the text to `sink` in pieces of about 1 MiB as it is written, so a large report
    /// never sits whole in memory; finish() hands over the rest.
    using Sink = std::function<void(std::string_view)>;
    JsonWriter(int indent, Sink sink) : m_indent(indent), m_sink(std::move(sink)) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(int64_t n);
    JsonWriter& value(uint64_t n);
    JsonWriter& value(int n) { return value(static_cast<int64_t>(n)); }
    JsonWriter& value(double d);
    JsonWriter& value(bool b);
    JsonWriter& null();

    /// Writes `"k": v`.
    template <typename T>
    JsonWriter& field(std::string_view k, const T& v)
    {
        key(k);
        return value(v);
    }
    /// Writes `"k": [strings...]`.
    JsonWriter& field(std::string_view k, const std::vector<std::string>& list);

    /// The text written so far (complete once every object and array is closed), with a newline.
    [[nodiscard]] std::string str() const { return m_out + "\n"; }

    /// With a sink: hands over what is left, with the final newline.
    void finish();

    /// Appends `s` to `out` as a quoted JSON string.
    static void quote(std::string& out, std::string_view s);

private:
    void before_value();
    JsonWriter& end_object_like(char close);
    void newline();

    void maybe_flush();

    std::string m_out;
    int m_indent;
    Sink m_sink;
    struct Level
    {
        bool is_object;
        bool empty;
    };
    std::vector<Level> m_stack;
    bool m_after_key = false;
};

} // namespace nixvet

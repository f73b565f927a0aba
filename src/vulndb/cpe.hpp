// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace nixvet {

/// A CPE 2.3 formatted string (`cpe:2.3:part:vendor:product:version:update:...`), validated.
class Cpe
{
public:
    enum Field
    {
        part,
        vendor,
        product,
        version,
        update,
        edition,
        language,
        sw_edition,
        target_sw,
        target_hw,
        other,
        field_count
    };

    /// Parses a formatted string; throws Error saying what is wrong (prefix, field count, escapes).
    explicit Cpe(std::string_view formatted);

    /// The field as written (escapes kept), e.g. "node\.js" or "*".
    [[nodiscard]] const std::string& raw(Field f) const { return m_fields[f]; }
    /// The field with CPE escapes removed ("node.js"); "*" and "-" stay as they are.
    [[nodiscard]] std::string value(Field f) const;
    /// True for the logical value ANY ("*").
    [[nodiscard]] bool is_any(Field f) const { return m_fields[f] == "*"; }
    /// True for the logical value NA ("-").
    [[nodiscard]] bool is_na(Field f) const { return m_fields[f] == "-"; }

    [[nodiscard]] std::string str() const;
    bool operator==(const Cpe&) const = default;

private:
    std::array<std::string, field_count> m_fields;
};

/// The fields of a CPE 2.3 formatted string as views into it (escapes kept): validated as `Cpe`
/// is, without allocating. The string must outlive the view.
class CpeView
{
public:
    /// Splits `formatted`; nullopt when it is not a valid CPE 2.3 string (`error` says why).
    static std::optional<CpeView> parse(std::string_view formatted, std::string* error = nullptr);

    [[nodiscard]] std::string_view raw(Cpe::Field f) const { return m_fields[f]; }
    [[nodiscard]] bool is_any(Cpe::Field f) const { return m_fields[f] == "*"; }
    [[nodiscard]] bool is_na(Cpe::Field f) const { return m_fields[f] == "-"; }
    /// The field with escapes removed, in `scratch` when it has any.
    [[nodiscard]] std::string_view value(Cpe::Field f, std::string& scratch) const;

private:
    std::array<std::string_view, Cpe::field_count> m_fields;
};

/// Removes CPE 2.3 escapes ("c\+\+" -> "c++").
std::string cpe_unescape(std::string_view field);

} // namespace nixvet

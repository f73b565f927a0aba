// SPDX-License-Identifier: MIT
#include "report/json_parts.hpp"

namespace nixvet {

void write_report_head(JsonWriter& w, const std::string& schema, const std::string& tool_version,
                       const Inventory& inventory)
{
    w.field("schema", schema);
    w.field("nixvet_version", tool_version);
    w.key("targets").begin_array();
    for (const auto& t : inventory.targets) {
        w.begin_object();
        w.field("argument", t.argument);
        w.field("path", t.path);
        w.field("kind", t.kind);
        w.field("closure", t.closure);
        w.end_object();
    }
    w.end_array();
}

void write_cvss(JsonWriter& w, std::string_view key, const std::optional<CvssMetric>& cvss)
{
    w.key(key);
    if (!cvss) {
        w.null();
        return;
    }
    w.begin_object();
    w.field("version", cvss->version);
    w.field("score", cvss->score);
    w.field("severity", cvss->severity);
    w.field("vector", cvss->vector);
    w.field("source", cvss->source);
    w.field("primary", cvss->primary);
    w.end_object();
}

void write_counts(JsonWriter& w, std::initializer_list<std::pair<std::string_view, size_t>> counts)
{
    w.key("counts").begin_object();
    for (const auto& [name, n] : counts)
        w.field(name, static_cast<uint64_t>(n));
    w.end_object();
}

void write_package_ref(JsonWriter& w, const Package& p)
{
    w.key("package").begin_object();
    w.field("name", p.name);
    w.field("pname", p.pname);
    w.field("version", p.version);
    w.key("drv_path");
    p.drv_path.empty() ? w.null() : w.value(p.drv_path);
    w.end_object();
}

void write_report_tail(JsonWriter& w, const Inventory& inventory)
{
    w.field("notes", inventory.notes);
    w.end_object();
}

} // namespace nixvet

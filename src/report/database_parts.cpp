// SPDX-License-Identifier: MIT
#include "report/database_parts.hpp"

#include "core/clock.hpp"

#include <fmt/format.h>

namespace nixvet {

void write_database_json(JsonWriter& w, std::string_view key, const DatabaseReport& db)
{
    w.key(key).begin_object();
    w.field("path", db.path);
    w.field("schema", static_cast<int64_t>(db.schema));
    w.field("max_age_days", static_cast<double>(db.max_age_seconds) / 86400);
    w.key("sources").begin_array();
    for (const auto& s : db.sources) {
        w.begin_object();
        w.field("source", s.source);
        w.field("records", static_cast<uint64_t>(s.records));
        w.key("updated");
        s.updated > 0 ? w.value(format_utc(s.updated, "%Y-%m-%dT%H:%M:%SZ")) : w.null();
        w.key("data_as_of");
        s.data_as_of.empty() ? w.null() : w.value(s.data_as_of);
        w.key("age_days");
        auto age = db.age_days(s);
        age ? w.value(*age) : w.null();
        w.field("stale", db.is_stale(s));
        w.end_object();
    }
    w.end_array();
    w.field("warnings", db.warnings);
    w.end_object();
}

namespace {

std::string source_text(const DatabaseReport& db, const SourceStatus& s)
{
    if (s.records == 0)
        return s.source + " never loaded";
    std::string out = fmt::format("{} {} records", s.source, s.records);
    auto age = db.age_days(s);
    if (age && !s.data_as_of.empty())
        out += fmt::format(", data as of {} ({} day{} old{})", s.data_as_of.substr(0, 10), *age, *age == 1 ? "" : "s",
                           db.is_stale(s) ? ", stale" : "");
    else if (age)
        out += fmt::format(", no record dates, imported {} day{} ago{}", *age, *age == 1 ? "" : "s",
                           db.is_stale(s) ? ", stale" : "");
    return out;
}

} // namespace

std::string database_text(const DatabaseReport& db)
{
    if (db.path.empty())
        return {};
    std::string out = fmt::format("database {} (schema {}):", db.path, db.schema);
    for (size_t i = 0; i < db.sources.size(); ++i)
        out += (i ? "; " : " ") + source_text(db, db.sources[i]);
    out += '\n';
    for (const auto& w : db.warnings)
        out += "warning: " + w + '\n';
    return out;
}

std::vector<std::pair<std::string, std::string>> database_properties(const DatabaseReport& db)
{
    std::vector<std::pair<std::string, std::string>> out;
    if (db.path.empty())
        return out;
    out.emplace_back("nixvet:database:path", db.path);
    out.emplace_back("nixvet:database:schema", std::to_string(db.schema));
    for (const auto& s : db.sources) {
        std::string prefix = "nixvet:database:" + s.source + ":";
        out.emplace_back(prefix + "records", std::to_string(s.records));
        if (!s.data_as_of.empty())
            out.emplace_back(prefix + "data_as_of", s.data_as_of);
        if (db.is_stale(s))
            out.emplace_back(prefix + "stale", "true");
    }
    for (const auto& w : db.warnings)
        out.emplace_back("nixvet:database:warning", w);
    return out;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "policy/policy.hpp"

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/mini_toml.hpp"
#include "core/terminal_text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace nixvet {

const char* policy_action_name(PolicyAction action)
{
    switch (action) {
    case PolicyAction::fail: return "fail";
    case PolicyAction::warn: return "warn";
    case PolicyAction::allow: return "allow";
    }
    return "?";
}

namespace {

// Reads one table's values, each a ParseError naming the file and line when it is not as expected.
class TableReader
{
public:
    TableReader(const TomlTable& table, const std::string& file) : m_table(table), m_file(file) {}

    /// A ParseError at `at` (a value of the table), else at the table's header.
    [[noreturn]] void fail(const std::string& message, const TomlValue* at = nullptr) const
    {
        size_t line = at ? at->line : m_table.line;
        size_t column = at ? at->column : m_table.column;
        throw ParseError(m_file, 0, std::max<size_t>(line, 1), std::max<size_t>(column, 1),
                         fmt::format("[{}]: {}", excerpt(m_table.name), message));
    }

    void only(std::initializer_list<std::string_view> keys) const
    {
        for (const auto& [k, v] : m_table.entries) {
            if (std::find(keys.begin(), keys.end(), k) == keys.end())
                fail(fmt::format("unknown key '{}' (expected one of: {})", excerpt(k), fmt::join(keys, ", ")), &v);
        }
    }

    [[nodiscard]] const TomlValue* get(std::string_view key) const
    {
        for (const auto& [k, v] : m_table.entries) {
            if (k == key)
                return &v;
        }
        return nullptr;
    }

    [[nodiscard]] std::optional<std::string> string(std::string_view key) const
    {
        const TomlValue* v = get(key);
        if (!v)
            return std::nullopt;
        if (v->kind != TomlValue::Kind::string)
            fail(fmt::format("{}: expected a string", key), v);
        return v->text;
    }

    [[nodiscard]] std::vector<std::string> strings(std::string_view key) const
    {
        const TomlValue* v = get(key);
        if (!v)
            return {};
        if (auto list = toml_strings(*v))
            return *list;
        fail(fmt::format("{}: expected a string or a list of strings", key), v);
    }

    void action(std::string_view key, PolicyAction& into) const
    {
        auto v = string(key);
        if (!v)
            return;
        if (*v == "fail")
            into = PolicyAction::fail;
        else if (*v == "warn")
            into = PolicyAction::warn;
        else if (*v == "allow")
            into = PolicyAction::allow;
        else
            fail(fmt::format("{} = \"{}\": expected \"fail\", \"warn\" or \"allow\"", key, excerpt(*v)), get(key));
    }

    void severity(std::string_view key, std::optional<Severity>& into) const
    {
        auto v = string(key);
        if (!v)
            return;
        if (*v == "none") {
            into.reset();
            return;
        }
        for (Severity s : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
            if (*v == severity_name(s)) {
                into = s;
                return;
            }
        }
        fail(fmt::format("{} = \"{}\": expected \"critical\", \"high\", \"medium\", \"low\" or \"none\"", key,
                         excerpt(*v)),
             get(key));
    }

private:
    const TomlTable& m_table;
    const std::string& m_file;
};

int strictness(PolicyAction a)
{
    return a == PolicyAction::fail ? 2 : a == PolicyAction::warn ? 1 : 0;
}

std::string severity_rule(std::string_view key, Severity s)
{
    return fmt::format("{} = \"{}\"", key, severity_name(s));
}

std::string finding_what(const Finding& f)
{
    std::string sev = severity_label(f.severity);
    const auto& facts = f.about();
    if (facts.cvss && facts.cvss->version != "other") // "other": a CNA's word for the severity, no score
        sev += fmt::format(" ({:.1f})", facts.cvss->score);
    if (facts.known_exploited)
        sev += ", in CISA KEV";
    return sev;
}

} // namespace

Policy Policy::parse(const std::string& toml_text, const std::string& file)
{
    Policy policy;
    policy.file = file;
    for (const auto& table : parse_mini_toml(toml_text, file)) {
        TableReader t(table, file);
        if (table.line == 0)
            throw ParseError(file, 0, table.entries.front().second.line, table.entries.front().second.column,
                             fmt::format("'{}' is outside any table ([vulnerabilities], [provenance], [accept.\"ID\"])",
                                         excerpt(table.entries.front().first)));
        if (table.path == std::vector<std::string>{"vulnerabilities"}) {
            t.only({"fail-on", "warn-on", "kev", "unknown-severity"});
            t.severity("fail-on", policy.fail_on);
            t.severity("warn-on", policy.warn_on);
            t.action("kev", policy.kev);
            t.action("unknown-severity", policy.unknown_severity);
        } else if (table.path == std::vector<std::string>{"provenance"}) {
            t.only({"binary", "possibly-binary", "conflict", "allow"});
            t.action("binary", policy.binary);
            t.action("possibly-binary", policy.possibly_binary);
            t.action("conflict", policy.conflict);
            policy.allow_binary = t.strings("allow");
        } else if (table.path.size() == 2 && table.path[0] == "accept") {
            t.only({"packages", "until", "reason"});
            Acceptance a;
            a.id = table.path[1];
            a.line = table.line;
            a.packages = t.strings("packages");
            const TomlValue* until = t.get("until");
            if (!until || until->kind != TomlValue::Kind::date)
                t.fail("until: required, a date YYYY-MM-DD (an accepted risk expires)", until);
            a.until = until->text;
            auto reason = t.string("reason");
            if (!reason || reason->empty())
                t.fail("reason: required (say why the risk is accepted)", t.get("reason"));
            a.reason = *reason;
            policy.accepted.push_back(std::move(a));
        } else {
            t.fail("unknown table (expected [vulnerabilities], [provenance] or [accept.\"ID\"])");
        }
    }
    return policy;
}

Policy Policy::load(const std::string& path)
{
    return parse(read_file(path), path);
}

PolicyVerdict evaluate_policy(const Policy& policy, const Inventory& inventory, const ScanResult& scan,
                              const ProvenanceReport& provenance, const std::string& today)
{
    PolicyVerdict verdict;
    verdict.database = scan.database;
    auto report = [&](PolicyHit hit) {
        if (hit.action == PolicyAction::fail)
            verdict.failures.push_back(std::move(hit));
        else if (hit.action == PolicyAction::warn)
            verdict.warnings.push_back(std::move(hit));
    };
    for (const auto& a : policy.accepted) {
        if (a.until < today)
            verdict.expired.push_back(fmt::format("{}: [accept.\"{}\"] (line {}) expired on {}; it no longer applies",
                                                  policy.file, a.id, a.line, a.until));
    }

    for (const auto& f : scan.findings) {
        if (!f.suppressed.empty())
            continue;
        const Package& p = inventory.packages.at(f.package);
        PolicyHit hit{PolicyAction::allow, f.package, f.advisory,
                      finding_what(f),     "",        f.decided_by + ": " + f.evidence};
        auto accepted = std::find_if(policy.accepted.begin(), policy.accepted.end(), [&](const Acceptance& a) {
            return a.id == f.advisory && a.until >= today &&
                   (a.packages.empty() || std::find(a.packages.begin(), a.packages.end(), p.pname) != a.packages.end());
        });
        if (accepted != policy.accepted.end()) {
            hit.rule =
                fmt::format("accepted until {} (line {}): {}", accepted->until, accepted->line, accepted->reason);
            verdict.accepted.push_back(std::move(hit));
            continue;
        }
        // Every rule that applies proposes an action; the strictest decides (the first of equals names it).
        auto propose = [&](PolicyAction action, std::string rule) {
            if (strictness(action) > strictness(hit.action)) {
                hit.action = action;
                hit.rule = "[vulnerabilities] " + std::move(rule);
            }
        };
        if (f.about().known_exploited)
            propose(policy.kev, fmt::format("kev = \"{}\"", policy_action_name(policy.kev)));
        if (f.severity == Severity::unknown)
            propose(policy.unknown_severity,
                    fmt::format("unknown-severity = \"{}\"", policy_action_name(policy.unknown_severity)));
        else if (policy.fail_on && f.severity >= *policy.fail_on)
            propose(PolicyAction::fail, severity_rule("fail-on", *policy.fail_on));
        else if (policy.warn_on && f.severity >= *policy.warn_on)
            propose(PolicyAction::warn, severity_rule("warn-on", *policy.warn_on));
        report(std::move(hit));
    }

    for (const auto& r : provenance.packages) {
        const Package& p = inventory.packages.at(r.package);
        bool allowed =
            std::find(policy.allow_binary.begin(), policy.allow_binary.end(), p.pname) != policy.allow_binary.end();
        PolicyAction action = PolicyAction::allow;
        std::string rule;
        std::string what;
        if (r.verdict == ProvenanceVerdict::declared_binary || r.verdict == ProvenanceVerdict::inferred_binary) {
            action = policy.binary;
            rule = fmt::format("binary = \"{}\"", policy_action_name(policy.binary));
            what = r.verdict == ProvenanceVerdict::declared_binary ? "binary (declared)" : "binary (inferred)";
        } else if (r.verdict == ProvenanceVerdict::possibly_binary) {
            action = policy.possibly_binary;
            rule = fmt::format("possibly-binary = \"{}\"", policy_action_name(policy.possibly_binary));
            what = "possibly binary";
        } else if (r.conflict) {
            action = policy.conflict;
            rule = fmt::format("conflict = \"{}\"", policy_action_name(policy.conflict));
            what = "declared fromSource, but a strong clue says prebuilt";
        }
        if (action == PolicyAction::allow)
            continue;
        if (allowed) {
            verdict.accepted.push_back(
                {PolicyAction::allow, r.package, "provenance", what, fmt::format("allowed by [provenance] allow"), ""});
            continue;
        }
        std::vector<std::string> clues;
        for (const auto& c : r.clues)
            clues.push_back(c.what + " (" + c.detail + ")");
        if (!r.declared.empty())
            clues.insert(clues.begin(), "meta.sourceProvenance");
        report(
            {action, r.package, "provenance", what, "[provenance] " + rule, fmt::format("{}", fmt::join(clues, "; "))});
    }
    verdict.pass = verdict.failures.empty();
    return verdict;
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
// nixvet scan: the known vulnerabilities of every package of the targets, in every report format.
#include "cli/cli.hpp"
#include "core/clock.hpp"
#include "match/scan_filter.hpp"
#include "report/html_report.hpp"
#include "report/interchange.hpp"
#include "report/scan_report.hpp"

#include <fmt/format.h>
#include <iostream>

namespace nixvet::cli {

namespace {

class ScanCommand : public Command
{
public:
    void add_to(CLI::App& parent) override
    {
        CLI::App& s = *(m_app = parent.add_subcommand("scan", "find the known vulnerabilities of every package in "
                                                              "the closure"));
        add_store_options(s, m_store);
        add_scan_inputs(s, m_inputs);
        s.add_option("-f,--format", m_format,
                     "text (or table), json (docs/scan-json.md), sarif (SARIF 2.1.0), cyclonedx (CycloneDX 1.6 BOM "
                     "with vulnerabilities; docs/interchange.md), openvex (OpenVEX 0.2.0 statements) or html (one "
                     "self-contained page)")
            ->transform(format_word(k_formats));
        add_output_option(s, m_outputs);
        s.add_option("--fail-on", m_fail_on,
                     "exit 1 (or --exit-code) when a finding at or above this severity is not suppressed "
                     "(critical, high, medium, low, unknown)")
            ->transform(format_word({"unknown", "low", "medium", "high", "critical"}));
        s.add_option("--exit-code", m_exit_code, "the exit code when --fail-on finds something (default 1)")
            ->check(CLI::Range(1, 125));
        s.add_flag("--vulnix-exit-codes", m_vulnix_exit_codes,
                   "exit as vulnix does, for monitoring checks: 0 nothing found, 1 only whitelisted or suppressed "
                   "findings, 2 findings, 3 an error (docs/vulnix-parity.md)");
        s.add_option("--sarif-anchor", m_anchor,
                     "locate SARIF results at this repository file (e.g. flake.lock), the store path as the logical "
                     "location, so that code scanning shows them");
        s.add_option("--write-whitelist", m_write_whitelist,
                     "also write the findings that count as a vulnix whitelist (TOML) to review and pass back with "
                     "--whitelist");
        s.add_flag("--only-fixed", m_filter.only_fixed, "only findings with a known fixed version");
        s.add_flag("--kev-only", m_filter.kev_only, "only findings in CISA's KEV catalog");
        s.add_option("--severity", m_severities, "only these severities, e.g. critical,high");
        s.add_option("--sort-by", m_sort, "severity, epss, kev or package (default: package)")
            ->transform(format_word({"severity", "epss", "kev", "package"}));
        s.add_flag("--show-suppressed", m_show_suppressed, "also list suppressed findings, with the reason");
        s.add_flag("--offline", m_offline, "never touch the network (scan never does; accepted for scripts)");
    }

    [[nodiscard]] int error_exit_code() const override { return m_vulnix_exit_codes ? 3 : 2; }

    int run() override
    {
        std::vector<OutputFile> outputs = output_files(m_outputs, k_formats);
        if (!m_severities.empty())
            m_filter.severities = parse_severity_list(m_severities);
        FindingOrder order = parse_finding_order(m_sort);
        ClosureGraph graph;
        Inventory inv = read_inventory(m_store, &graph);
        bool descriptions = m_format != "text" || !outputs.empty();
        ScanResult result = run_scan(inv, m_inputs, descriptions);
        if (size_t dropped = filter_findings(result, m_filter))
            inv.notes.push_back(
                fmt::format("{} finding(s) left out by --only-fixed, --kev-only or --severity", dropped));
        sort_findings(result, order);
        add_finding_chains(inv, graph, result);
        auto emit = [&](const std::string& format, bool color, const JsonWriter::Sink& out) {
            if (format == "json")
                write_scan_json(inv, result, NIXVET_VERSION, out);
            else if (format == "sarif")
                write_scan_sarif(inv, result, NIXVET_VERSION, out, m_anchor);
            else if (format == "cyclonedx")
                write_scan_cyclonedx(inv, result, NIXVET_VERSION, out);
            else if (format == "openvex")
                write_scan_openvex(inv, result, NIXVET_VERSION, format_utc(now_unix_seconds(), "%Y-%m-%dT%H:%M:%SZ"),
                                   out);
            else if (format == "html")
                write_scan_html(inv, result, NIXVET_VERSION, out);
            else
                out(render_scan_table(inv, result, ScanStyle{color, m_show_suppressed}));
        };
        for (const auto& o : outputs)
            write_output(o, [&](const JsonWriter::Sink& out) { emit(o.format, false, out); });
        if (!m_write_whitelist.empty())
            write_output({"toml", m_write_whitelist}, [&](const JsonWriter::Sink& out) {
                out(render_vulnix_whitelist(inv, result, format_utc(now_unix_seconds(), "%Y-%m-%d")));
            });
        if (m_format == "text")
            emit("text", want_color(), [](std::string_view piece) { print_text(piece); });
        else
            emit(m_format, false, [](std::string_view piece) { std::cout << piece; });
        ScanGate gate = gate_findings(result, m_fail_on.empty() ? std::nullopt
                                                                : std::optional<Severity>(parse_severity(m_fail_on)));
        finish(m_vulnix_exit_codes ? vulnix_exit_code(gate) : gate.tripped ? m_exit_code : 0);
    }

private:
    const std::vector<std::string> k_formats{"text", "json", "sarif", "cyclonedx", "openvex", "html"};
    StoreOptions m_store;
    ScanInputs m_inputs;
    std::string m_format = "text";
    std::vector<std::string> m_outputs;
    FindingFilter m_filter;
    std::string m_severities;
    std::string m_sort = "package";
    int m_exit_code = 1;
    bool m_vulnix_exit_codes = false;
    std::string m_fail_on;
    std::string m_anchor;
    std::string m_write_whitelist;
    bool m_show_suppressed = false;
    bool m_offline = false;
};

} // namespace

std::unique_ptr<Command> make_scan_command()
{
    return std::make_unique<ScanCommand>();
}

} // namespace nixvet::cli

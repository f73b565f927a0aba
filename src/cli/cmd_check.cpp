// SPDX-License-Identifier: MIT
// nixvet check: one pass/fail for CI, the scan and the provenance judged by a threat model.
#include "cli/cli.hpp"
#include "core/clock.hpp"
#include "policy/policy.hpp"
#include "provenance/provenance.hpp"
#include "report/check_report.hpp"
#include "report/html_report.hpp"

#include <iostream>

namespace nixvet::cli {

namespace {

class CheckCommand : public Command
{
public:
    void add_to(CLI::App& parent) override
    {
        m_app = parent.add_subcommand(
            "check", "one pass/fail for CI: the closure's vulnerabilities and provenance against a threat model");
        add_store_options(*m_app, m_store);
        add_scan_inputs(*m_app, m_inputs);
        m_app->add_option("--policy", m_policy, "the threat model (TOML, docs/policy.md)")
            ->required()
            ->check(CLI::ExistingFile);
        m_app
            ->add_option(
                "-f,--format", m_format,
                "text, json (schema: docs/policy.md), sarif (a result per failure, warning and acceptance) or html")
            ->transform(format_word(k_formats));
        add_output_option(*m_app, m_outputs);
        m_app->add_option("--sarif-anchor", m_anchor,
                          "locate SARIF results at this repository file (e.g. flake.lock), the store path as the "
                          "logical location, so that code scanning shows them");
    }

    int run() override
    {
        Policy policy = Policy::load(m_policy); // a bad policy fails before the closure is read
        std::vector<OutputFile> outputs = output_files(m_outputs, k_formats);
        Inventory inv = read_inventory(m_store);
        ScanResult result = run_scan(inv, m_inputs, false);
        ProvenanceReport provenance = assess_provenance(inv);
        PolicyVerdict verdict =
            evaluate_policy(policy, inv, result, provenance, format_utc(now_unix_seconds(), "%Y-%m-%d"));
        auto emit = [&](const std::string& format, bool color, const JsonWriter::Sink& out) {
            if (format == "json")
                out(render_check_json(inv, policy, verdict, NIXVET_VERSION));
            else if (format == "sarif")
                out(render_check_sarif(inv, policy, verdict, NIXVET_VERSION, m_anchor));
            else if (format == "html")
                out(render_check_html(inv, policy, verdict, NIXVET_VERSION));
            else
                out(render_check_text(inv, policy, verdict, color));
        };
        for (const auto& o : outputs)
            write_output(o, [&](const JsonWriter::Sink& out) { emit(o.format, false, out); });
        if (m_format == "text")
            emit("text", want_color(), [](std::string_view piece) { print_text(piece); });
        else
            emit(m_format, false, [](std::string_view piece) { std::cout << piece; });
        finish(verdict.pass ? 0 : 1);
    }

private:
    const std::vector<std::string> k_formats{"text", "json", "sarif", "html"};
    StoreOptions m_store;
    ScanInputs m_inputs;
    std::string m_policy;
    std::string m_format = "text";
    std::vector<std::string> m_outputs;
    std::string m_anchor;
};

} // namespace

std::unique_ptr<Command> make_check_command()
{
    return std::make_unique<CheckCommand>();
}

} // namespace nixvet::cli

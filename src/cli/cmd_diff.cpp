// SPDX-License-Identifier: MIT
// nixvet diff OLD NEW: what an upgrade changed, packages and vulnerabilities.
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "match/scan_diff.hpp"
#include "report/diff_report.hpp"

#include <iostream>

namespace nixvet::cli {

namespace {

class DiffCommand : public Command
{
public:
    void add_to(CLI::App& parent) override
    {
        m_app = parent.add_subcommand("diff", "what an upgrade changed: packages added, removed or upgraded, and the "
                                              "vulnerabilities it fixed or brought (two targets: old, new)");
        add_store_options(*m_app, m_store);
        add_scan_inputs(*m_app, m_inputs);
        m_app->add_option("-f,--format", m_format, "text or json")->transform(format_word({"text", "json"}));
        m_app
            ->add_option("--fail-on-new", m_fail_on,
                         "exit 1 when the new target brings a finding at or above this "
                         "severity")
            ->transform(format_word({"unknown", "low", "medium", "high", "critical"}));
    }

    int run() override
    {
        if (m_store.targets.size() != 2 || m_store.system)
            throw Error("diff takes two targets: the old one, then the new one (e.g. a previous system "
                        "generation and /run/current-system)");
        std::vector<Inventory> sides;
        std::vector<ScanResult> scans;
        for (const auto& target : m_store.targets) {
            StoreOptions one = m_store;
            one.targets = {target};
            sides.push_back(read_inventory(one));
            scans.push_back(run_scan(sides.back(), m_inputs, false));
        }
        ScanDiff d = diff_scans(sides[0], scans[0], sides[1], scans[1]);
        if (m_format == "json")
            std::cout << render_diff_json(sides[0], sides[1], d, NIXVET_VERSION);
        else
            print_text(render_diff_text(sides[0], sides[1], d, want_color()));
        int code = 0;
        if (!m_fail_on.empty()) {
            Severity threshold = parse_severity(m_fail_on);
            for (const auto& c : d.introduced)
                code = c.finding->severity >= threshold ? 1 : code;
        }
        finish(code);
    }

private:
    StoreOptions m_store;
    ScanInputs m_inputs;
    std::string m_format = "text";
    std::string m_fail_on;
};

} // namespace

std::unique_ptr<Command> make_diff_command()
{
    return std::make_unique<DiffCommand>();
}

} // namespace nixvet::cli

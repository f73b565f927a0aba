// SPDX-License-Identifier: MIT
// nixvet provenance: which packages ship prebuilt code rather than what was built from source.
#include "cli/cli.hpp"
#include "provenance/provenance.hpp"
#include "report/provenance_report.hpp"

#include <iostream>

namespace nixvet::cli {

namespace {

class ProvenanceCommand : public Command
{
public:
    void add_to(CLI::App& parent) override
    {
        m_app = parent.add_subcommand(
            "provenance", "which packages ship prebuilt code (binaries, bytecode, firmware) rather than what was "
                          "built from source: nixpkgs' meta.sourceProvenance (--meta) and clues from each derivation");
        add_store_options(*m_app, m_store);
        m_app->add_option("-f,--format", m_format, "text or json (schema: docs/provenance.md)")
            ->transform(format_word({"text", "json"}));
        m_app->add_flag("--all", m_all, "list every package, not only those with binary evidence");
        m_app->add_flag("--fail-on-binary", m_fail,
                        "exit 1 when a package is binary, declared or inferred from a strong clue");
    }

    int run() override
    {
        Inventory inv = read_inventory(m_store);
        ProvenanceReport report = assess_provenance(inv);
        if (m_format == "json")
            std::cout << render_provenance_json(inv, report, NIXVET_VERSION);
        else
            print_text(render_provenance_table(inv, report, ProvenanceStyle{want_color(), m_all}));
        finish(m_fail && report.declared_binary + report.inferred_binary > 0 ? 1 : 0);
    }

private:
    StoreOptions m_store;
    std::string m_format = "text";
    bool m_all = false;
    bool m_fail = false;
};

} // namespace

std::unique_ptr<Command> make_provenance_command()
{
    return std::make_unique<ProvenanceCommand>();
}

} // namespace nixvet::cli

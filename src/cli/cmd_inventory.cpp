// SPDX-License-Identifier: MIT
// nixvet inventory: the packages of the targets' closure, as a table, JSON or an SBOM.
#include "cli/cli.hpp"
#include "core/clock.hpp"
#include "report/interchange.hpp"
#include "report/inventory_report.hpp"

#include <iostream>

namespace nixvet::cli {

namespace {

class InventoryCommand : public Command
{
public:
    void add_to(CLI::App& parent) override
    {
        m_app = parent.add_subcommand("inventory", "list the packages in the closure of the targets");
        add_store_options(*m_app, m_store);
        m_app
            ->add_option("-f,--format", m_format,
                         "text (or table), json (docs/inventory-json.md), or an SBOM: cyclonedx (CycloneDX 1.6) or "
                         "spdx (SPDX 2.3); docs/interchange.md")
            ->transform(format_word({"text", "json", "cyclonedx", "spdx"}));
        m_app->add_flag("--sources", m_sources, "also list sources (fetched tarballs, patches, local files)");
    }

    int run() override
    {
        Inventory inv = read_inventory(m_store);
        auto out = [](std::string_view piece) { std::cout << piece; };
        if (m_format == "json")
            write_inventory_json(inv, NIXVET_VERSION, out);
        else if (m_format == "cyclonedx")
            write_inventory_cyclonedx(inv, NIXVET_VERSION, out);
        else if (m_format == "spdx")
            write_inventory_spdx(inv, NIXVET_VERSION, format_utc(now_unix_seconds(), "%Y-%m-%dT%H:%M:%SZ"), out);
        else
            print_text(render_inventory_table(inv, TableStyle{want_color(), m_sources}));
        finish(0);
    }

private:
    StoreOptions m_store;
    std::string m_format = "text";
    bool m_sources = false;
};

} // namespace

std::unique_ptr<Command> make_inventory_command()
{
    return std::make_unique<InventoryCommand>();
}

} // namespace nixvet::cli

// SPDX-License-Identifier: MIT
// nixvet why: the shortest chains that pull a package into the closure.
#include "cli/cli.hpp"
#include "report/why_report.hpp"

#include <iostream>

namespace nixvet::cli {

namespace {

class WhyCommand : public Command
{
public:
    void add_to(CLI::App& parent) override
    {
        m_app = parent.add_subcommand("why", "why a package is in the closure: the shortest chains of references "
                                             "(runtime) and of input derivations (build) that pull it in");
        m_app
            ->add_option("package", m_query,
                         "a pname, a name-version, or a store path (.drv, output, or a path in one)")
            ->required();
        add_store_options(*m_app, m_store);
        m_app->add_option("-f,--format", m_format, "text or json")->transform(format_word({"text", "json"}));
    }

    int run() override
    {
        ClosureGraph graph;
        graph.required = true;
        Inventory inv = read_closure_inventory(m_store, &graph);
        ClosureChains chains(graph.closure, *graph.drvs);
        std::vector<WhyEntry> entries;
        for (size_t i : find_packages(inv, m_query)) {
            const Package& p = inv.packages[i];
            WhyEntry e;
            e.package = i;
            e.runtime = shortest_runtime_chain(chains, p);
            if (p.in_build && !p.drv_path.empty())
                e.build = chains.build(p.drv_path);
            entries.push_back(std::move(e));
        }
        if (m_format == "json")
            std::cout << render_why_json(inv, m_query, entries, NIXVET_VERSION);
        else
            print_text(render_why_text(inv, m_query, entries));
        finish(entries.empty() ? 1 : 0);
    }

private:
    StoreOptions m_store;
    std::string m_query;
    std::string m_format = "text";
};

} // namespace

std::unique_ptr<Command> make_why_command()
{
    return std::make_unique<WhyCommand>();
}

} // namespace nixvet::cli

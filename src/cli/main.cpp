// SPDX-License-Identifier: MIT
// The nixvet command line: parses the arguments and runs the subcommand they name (src/cli/cmd_*.cpp).
// The CLI is the only code that reads argv and the environment, writes to stdout/stderr and
// chooses exit codes (0 fine, 1 a gate failed, 2 error).
#include "cli/cli.hpp"
#include "core/error.hpp"

#include <new>

using namespace nixvet;
using namespace nixvet::cli;

int main(int argc, char** argv)
{
    CLI::App app{"nixvet: audits what a Nix closure ships (packages, vulnerabilities, provenance, threat model)",
                 "nixvet"};
    app.set_version_flag("--version", std::string("nixvet ") + NIXVET_VERSION);
    app.require_subcommand(1);
    // -q, -v and --color may come before or after the subcommand.
    app.fallthrough();
    app.add_flag("-q,--quiet", g_quiet, "no warnings, notes or progress on stderr (errors still)");
    app.add_flag("-v,--verbose", g_verbose, "also say on stderr which database is used and how old its data is");
    app.add_option("--color", g_color, "colour on a terminal: auto (not with NO_COLOR or TERM=dumb), always, never")
        ->transform(format_word({"auto", "always", "never"}));
    app.footer(k_exit_codes);

    std::unique_ptr<Command> commands[] = {make_inventory_command(), make_provenance_command(), make_why_command(),
                                           make_diff_command(),      make_scan_command(),       make_check_command(),
                                           make_db_command()};
    for (auto& c : commands)
        c->add_to(app);

    try {
        if (std::string unknown = unknown_subcommand(app, argc, argv); !unknown.empty()) {
            diagnostic("error", unknown);
            return 2;
        }
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) // --help, --version
            return app.exit(e);
        diagnostic("error", parse_error_message(app, e));
        return 2;
    }

    Command* chosen = nullptr;
    for (auto& c : commands)
        chosen = c->chosen() ? c.get() : chosen;
    try {
        limits_from_environment();
        finish(chosen->run());
    } catch (const Error& e) {
        diagnostic("error", e.what());
    } catch (const std::bad_alloc&) {
        diagnostic("error", "out of memory (an input larger than this machine can hold; docs/limits.md)");
    } catch (const std::exception& e) {
        diagnostic("error", e.what());
    }
    return chosen->error_exit_code();
}

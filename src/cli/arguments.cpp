// SPDX-License-Identifier: MIT
// Argument errors as nixvet says them (the nearest real subcommand or option), the exit codes for
// --help, and the input limits from the environment.
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/terminal_text.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

namespace nixvet::cli {

const char* const k_exit_codes =
    "Exit codes: 0 success (scan: nothing at or above --fail-on; check: pass); 1 a gate failed (scan --fail-on, "
    "diff --fail-on-new, check's threat model, provenance --fail-on-binary, db status: a source never loaded or "
    "stale; scan --exit-code N chooses it); 2 error, one line on stderr (also: no or stale vulnerability data). "
    "scan --vulnix-exit-codes: 0 none, 1 only whitelisted, 2 found, 3 error.\n";

namespace {

// The number of single-character edits between `a` and `b` (Levenshtein).
size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// " (did you mean 'scan'?)" for the nearest of `candidates` within a third of the word, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
    std::string best;
    size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        size_t d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

} // namespace

// "unknown subcommand 'scna' (did you mean 'scan'?)" when a word where a subcommand belongs
// (nixvet WORD, nixvet db WORD) names none; else empty.
std::string unknown_subcommand(CLI::App& app, int argc, char** argv)
{
    CLI::App* at = &app;
    std::string where = "nixvet";
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        if (at->get_subcommands({}).empty())
            return {};
        if (word.starts_with("-")) {
            // Skip an option's value: `nixvet db --db PATH status`.
            std::string name = word.substr(0, word.find('='));
            const CLI::Option* option = nullptr;
            for (CLI::App* a = at; a && !option; a = a->get_parent())
                option = a->get_option_no_throw(name);
            if (option && word.find('=') == std::string::npos && option->get_items_expected_min() > 0)
                ++i;
            continue;
        }
        std::vector<std::string> names;
        CLI::App* next = nullptr;
        for (auto* sub : at->get_subcommands({})) {
            names.push_back(sub->get_name());
            if (sub->get_name() == word)
                next = sub;
        }
        if (!next)
            return fmt::format("unknown subcommand '{}'{} (run '{} --help')", excerpt(word, 60),
                               did_you_mean(word, names), where);
        at = next;
        where += " " + word;
    }
    return {};
}

// CLI11's parse error as nixvet says things: unknown options named with the nearest real one.
std::string parse_error_message(CLI::App& app, const CLI::ParseError& e)
{
    // The deepest subcommand given, whose options the arguments were meant for.
    CLI::App* sub = &app;
    for (bool deeper = true; deeper;) {
        deeper = false;
        for (auto* s : sub->get_subcommands({})) {
            if (s->parsed()) {
                sub = s;
                deeper = true;
                break;
            }
        }
    }
    std::string where = sub == &app ? "nixvet" : "nixvet " + sub->get_name();
    if (sub->get_parent() && sub->get_parent() != &app)
        where = "nixvet " + sub->get_parent()->get_name() + " " + sub->get_name();
    std::string what = e.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        std::vector<std::string> options;
        for (CLI::App* a = sub; a; a = a->get_parent()) {
            for (const auto* o : a->get_options({})) {
                for (const auto& n : o->get_lnames())
                    options.push_back("--" + n);
            }
        }
        // "The following argument(s) was/were not expected: A B"
        std::vector<std::string> words;
        std::string list = what.substr(what.find(": ") == std::string::npos ? what.size() : what.find(": ") + 2);
        for (size_t at = 0; at < list.size();) {
            size_t space = list.find(' ', at);
            words.push_back(list.substr(at, space == std::string::npos ? std::string::npos : space - at));
            at = space == std::string::npos ? list.size() : space + 1;
        }
        std::reverse(words.begin(), words.end()); // CLI11 lists them last first
        if (!words.empty() && words.front().starts_with("-"))
            return fmt::format("unknown option '{}'{} (run '{} --help')", excerpt(words.front(), 60),
                               did_you_mean(words.front().substr(0, words.front().find('=')), options), where);
        if (!words.empty())
            return fmt::format("unexpected argument '{}' (run '{} --help')", excerpt(words.front(), 60), where);
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e) && what.find("subcommand") != std::string::npos) {
        std::vector<std::string> names;
        for (const auto* s : sub->get_subcommands({}))
            names.push_back(s->get_name());
        for (const auto& word : sub->remaining()) {
            if (!word.starts_with("-"))
                return fmt::format("unknown subcommand '{}'{} (run '{} --help')", excerpt(word, 60),
                                   did_you_mean(word, names), where);
        }
        return fmt::format("name a subcommand: {} (run '{} --help')", fmt::join(names, ", "), where);
    }
    return fmt::format("{} (run '{} --help')", what, where);
}

// The input limits (docs/limits.md) from NIXVET_MAX_FILE_SIZE, NIXVET_MAX_ENTRY_SIZE,
// NIXVET_MAX_INPUT_SIZE and NIXVET_MAX_RATIO, where set.
void limits_from_environment()
{
    InputLimits& limits = input_limits();
    const std::pair<const char*, uint64_t*> settings[] = {
        {"NIXVET_MAX_FILE_SIZE", &limits.file_bytes},
        {"NIXVET_MAX_ENTRY_SIZE", &limits.entry_bytes},
        {"NIXVET_MAX_INPUT_SIZE", &limits.input_bytes},
    };
    for (const auto& [name, value] : settings) {
        if (const char* v = std::getenv(name); v && *v)
            *value = parse_size(v, name);
    }
    if (const char* v = std::getenv("NIXVET_MAX_RATIO"); v && *v) {
        std::string_view text(v);
        if (text.find_first_not_of("0123456789") != std::string_view::npos || text.size() > 12)
            throw Error(fmt::format("NIXVET_MAX_RATIO: '{}' is not a whole number (0: no limit)", excerpt(text, 40)));
        limits.expansion_ratio = std::stoull(std::string(text));
    }
    limits.derivation_bytes = std::min(limits.derivation_bytes, limits.file_bytes);
}

} // namespace nixvet::cli

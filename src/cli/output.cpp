// SPDX-License-Identifier: MIT
// The process-wide options and what nixvet writes where: reports on stdout and in files,
// diagnostics on stderr, every control character of the inputs escaped.
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/terminal_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace nixvet::cli {

std::string env_or(const char* name, const std::string& fallback)
{
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

bool g_quiet = false;
bool g_verbose = false;
std::string g_color = "auto";

// Colour on stdout: --color always|never, else a terminal unless NO_COLOR is set or TERM=dumb.
bool want_color()
{
    if (g_color == "always")
        return true;
    if (g_color == "never")
        return false;
    const char* term = std::getenv("TERM");
    return ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr &&
           !(term && std::string_view(term) == "dumb");
}

// A text report on stdout. Whatever the inputs held (a pname made with nix-instantiate, an NVD
// description, a VEX justification), no control character reaches the terminal: only nixvet's
// own colour codes do, and only when colour is on.
void print_text(std::string_view text)
{
    std::cout << terminal_safe(text, want_color() ? TerminalText::report : TerminalText::multi_line);
}

// One line on stderr: "nixvet: KIND: MESSAGE", the message escaped as a report is. -q keeps
// warnings and notes back, never errors.
void diagnostic(const char* kind, std::string_view message)
{
    if (g_quiet && std::string_view(kind) != "error")
        return;
    std::cerr << "nixvet: " << kind << ": " << terminal_safe(message) << '\n';
}

// --format's value: any case; "table" is "text" (the word of every subcommand).
CLI::Validator format_word(std::vector<std::string> allowed)
{
    return CLI::Validator(
        [allowed](std::string& value) -> std::string {
            std::transform(value.begin(), value.end(), value.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (value == "table")
                value = "text";
            if (std::find(allowed.begin(), allowed.end(), value) != allowed.end())
                return {};
            return fmt::format("'{}' is not one of {}", excerpt(value, 40), fmt::join(allowed, ", "));
        },
        fmt::format("{{{}}}", fmt::join(allowed, ",")));
}

void add_output_option(CLI::App& cmd, std::vector<std::string>& outputs)
{
    cmd.add_option("-o,--output", outputs,
                   "also write the report as FORMAT to FILE (FORMAT=FILE, or FILE named .json, .sarif, .cdx.json, "
                   ".html, .txt); repeatable; each written whole or not at all")
        ->allow_extra_args(false);
}

// The -o values as (format, file): the format before '=', else from the file's name.
std::vector<OutputFile> output_files(const std::vector<std::string>& values, const std::vector<std::string>& formats)
{
    std::vector<OutputFile> out;
    for (const auto& v : values) {
        OutputFile o;
        size_t eq = v.find('=');
        std::string prefix = eq == std::string::npos ? std::string() : v.substr(0, eq);
        std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (prefix == "table")
            prefix = "text";
        if (!prefix.empty() && std::find(formats.begin(), formats.end(), prefix) != formats.end()) {
            o.format = prefix;
            o.path = v.substr(eq + 1);
        } else {
            o.path = v;
            static const std::pair<const char*, const char*> k_suffixes[] = {
                {".sarif", "sarif"},        {".sarif.json", "sarif"},
                {".cdx.json", "cyclonedx"}, {".openvex.json", "openvex"},
                {".vex.json", "openvex"},   {".bom.json", "cyclonedx"},
                {".spdx.json", "spdx"},     {".html", "html"},
                {".htm", "html"},           {".txt", "text"},
                {".json", "json"}};
            for (const auto& [suffix, format] : k_suffixes) {
                if (o.path.ends_with(suffix) && std::find(formats.begin(), formats.end(), format) != formats.end()) {
                    o.format = format;
                    break;
                }
            }
            if (o.format.empty())
                throw Error(fmt::format("-o {}: cannot tell the format from the name; write FORMAT=FILE ({})",
                                        excerpt(v, 80), fmt::join(formats, ", ")));
        }
        if (o.path.empty())
            throw Error(fmt::format("-o {}: no file named", excerpt(v, 80)));
        out.push_back(std::move(o));
    }
    return out;
}

// Writes a report to `path` through a temporary file in the same directory and a rename: the
// file appears whole or not at all. Text reports are escaped as on a terminal.
void write_output(const OutputFile& o, const std::function<void(const JsonWriter::Sink&)>& write)
{
    std::filesystem::path target(o.path);
    std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
    std::string temp = (std::filesystem::path(dir) / ("." + target.filename().string() + ".XXXXXX")).string();
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0)
        throw Error(fmt::format("cannot write {}: {}", o.path, std::strerror(errno)));
    std::FILE* f = ::fdopen(fd, "wb");
    bool text = o.format == "text";
    write([&](std::string_view piece) {
        std::string safe = text ? terminal_safe(piece, TerminalText::multi_line) : std::string();
        std::string_view bytes = text ? std::string_view(safe) : piece;
        std::fwrite(bytes.data(), 1, bytes.size(), f);
    });
    bool ok = std::fflush(f) == 0 && !std::ferror(f);
    ::fchmod(fd, 0644);
    ok = std::fclose(f) == 0 && ok;
    if (!ok || ::rename(temp.c_str(), o.path.c_str()) != 0) {
        int e = errno;
        ::unlink(temp.c_str());
        throw Error(fmt::format("cannot write {}: {}", o.path, std::strerror(e)));
    }
}

// Ends the process once the report is out, without freeing a closure's packages and findings
// one allocation at a time (the system takes the whole address space back at once; with 90,000
// findings the frees alone took a tenth of a second). Exits 2 when the report could not be written.
[[noreturn]] void finish(int code)
{
    std::cout.flush();
    if (!std::cout.good()) {
        std::cerr << "nixvet: error: cannot write the report to standard output\n";
        std::_Exit(2);
    }
    std::_Exit(code);
}

} // namespace nixvet::cli

// SPDX-License-Identifier: MIT
// Path information from the `nix-store` command, for stores whose database this user cannot
// open (a daemon-owned multi-user store). Only Nix's own program is run, never anything from
// an input.
#include "core/error.hpp"
#include "core/process.hpp"
#include "store/path_info.hpp"

#include <string_view>

namespace nixvet {

namespace {

std::vector<std::string_view> split_lines(std::string_view text)
{
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

class NixStoreCli final : public PathInfoStore
{
public:
    std::optional<PathInfo> query(const std::string& path) override
    {
        ProcessOutput out = run_process({"nix-store", "--dump-db", path});
        if (out.exit_code != 0)
            return std::nullopt;
        auto infos = parse_dump(out.out);
        if (infos.size() != 1)
            return std::nullopt;
        return std::move(infos.front());
    }

    std::vector<PathInfo> closure(const std::vector<std::string>& roots) override
    {
        std::vector<std::string> argv{"nix-store", "--query", "--requisites"};
        argv.insert(argv.end(), roots.begin(), roots.end());
        ProcessOutput req = run_process(argv);
        if (req.exit_code != 0)
            throw Error("nix-store --query --requisites failed: " + first_line(req.err));
        std::vector<std::string> dump{"nix-store", "--dump-db"};
        for (auto line : split_lines(req.out)) {
            if (!line.empty())
                dump.emplace_back(line);
        }
        ProcessOutput out = run_process(dump);
        if (out.exit_code != 0)
            throw Error("nix-store --dump-db failed: " + first_line(out.err));
        return parse_dump(out.out);
    }

    [[nodiscard]] std::string description() const override { return "the nix-store command"; }

private:
    static std::string first_line(const std::string& s)
    {
        auto end = s.find('\n');
        return end == std::string::npos ? s : s.substr(0, end);
    }

    // `nix-store --dump-db` prints per path: path, nar hash, nar size, deriver, reference count,
    // then the references, one a line.
    static std::vector<PathInfo> parse_dump(const std::string& text)
    {
        std::vector<PathInfo> infos;
        auto lines = split_lines(text);
        size_t i = 0;
        auto next = [&]() -> std::string_view {
            if (i >= lines.size())
                throw Error("unexpected end of 'nix-store --dump-db' output");
            return lines[i++];
        };
        while (i < lines.size()) {
            if (lines[i].empty()) {
                ++i;
                continue;
            }
            PathInfo info;
            info.path = std::string(next());
            next(); // nar hash
            next(); // nar size
            info.deriver = std::string(next());
            std::string count(next());
            size_t n = 0;
            try {
                n = std::stoul(count);
            } catch (const std::exception&) {
                throw Error("unexpected reference count '" + count + "' in 'nix-store --dump-db' output");
            }
            for (size_t r = 0; r < n; ++r)
                info.references.emplace_back(next());
            infos.push_back(std::move(info));
        }
        return infos;
    }
};

} // namespace

std::unique_ptr<PathInfoStore> open_nix_store_cli()
{
    return std::make_unique<NixStoreCli>();
}

} // namespace nixvet

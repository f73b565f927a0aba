// SPDX-License-Identifier: MIT
// Path information from the `nix-store` command, for stores whose database this user cannot
// open (a daemon-owned multi-user store). Only Nix's own program is run, never anything from
// an input.
#include "core/error.hpp"
#include "core/process.hpp"
#include "store/path_info.hpp"
#include "store/store_path.hpp"

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
    explicit NixStoreCli(const StoreDir& store_dir) : m_store_dir(store_dir) {}

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

    std::vector<std::pair<std::string, std::string>> derivation_outputs(const std::string& drv_path) override
    {
        ProcessOutput out = run_process({"nix-store", "--query", "--outputs", drv_path});
        std::vector<std::pair<std::string, std::string>> outputs;
        if (out.exit_code != 0)
            return outputs;
        // The command lists paths only; the output name is the suffix after the derivation name.
        std::string drv_name(StorePath(drv_path, m_store_dir).name());
        drv_name.resize(drv_name.size() - 4);
        for (auto line : split_lines(out.out)) {
            if (line.empty())
                continue;
            StorePath p(line, m_store_dir);
            std::string_view name = p.name();
            std::string id = "out";
            if (name.size() > drv_name.size() + 1 && name.starts_with(drv_name) && name[drv_name.size()] == '-')
                id = std::string(name.substr(drv_name.size() + 1));
            outputs.emplace_back(id, std::string(line));
        }
        return outputs;
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

    StoreDir m_store_dir;
};

} // namespace

std::unique_ptr<PathInfoStore> open_nix_store_cli(const StoreDir& store_dir)
{
    return std::make_unique<NixStoreCli>(store_dir);
}

} // namespace nixvet

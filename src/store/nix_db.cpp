// SPDX-License-Identifier: MIT
// The Nix database (/nix/var/nix/db/db.sqlite) read directly. Opened read-only with a busy
// timeout, never with immutable=1: the store may be live and Nix may write while we read.
#include "core/error.hpp"
#include "core/process.hpp"
#include "core/sqlite.hpp"
#include "store/path_info.hpp"

#include <deque>
#include <unordered_set>

namespace nixvet {

namespace {

class NixDb final : public PathInfoStore
{
public:
    explicit NixDb(const std::string& path)
        : m_db(path, sqlite::OpenMode::read_only),
          m_path_info(m_db, "SELECT id, deriver FROM ValidPaths WHERE path = ?"),
          m_refs(m_db, "SELECT v.path FROM Refs r JOIN ValidPaths v ON v.id = r.reference WHERE r.referrer = ?")
    {
        // Opening is lazy in SQLite: touch the schema now so an unreadable file fails here.
        sqlite::Statement probe(m_db, "SELECT count(*) FROM sqlite_master WHERE name = 'ValidPaths'");
        if (!probe.step() || probe.column_int(0) != 1)
            throw Error("'" + path + "' is not a Nix database (it has no ValidPaths table)");
    }

    std::optional<PathInfo> query(const std::string& path) override
    {
        m_path_info.reset().bind(1, path);
        if (!m_path_info.step())
            return std::nullopt;
        PathInfo info;
        info.path = path;
        int64_t id = m_path_info.column_int(0);
        info.deriver = std::string(m_path_info.column_text(1));
        m_refs.reset().bind(1, id);
        while (m_refs.step())
            info.references.emplace_back(m_refs.column_text(0));
        return info;
    }

    std::vector<PathInfo> closure(const std::vector<std::string>& roots) override
    {
        std::vector<PathInfo> result;
        std::unordered_set<std::string> seen;
        std::deque<std::string> queue;
        for (const auto& root : roots) {
            if (seen.insert(root).second)
                queue.push_back(root);
        }
        while (!queue.empty()) {
            std::string path = std::move(queue.front());
            queue.pop_front();
            auto info = query(path);
            if (!info)
                throw Error("'" + path + "' is not a valid path in the Nix database '" + m_db.path() + "'");
            for (const auto& ref : info->references) {
                if (seen.insert(ref).second)
                    queue.push_back(ref);
            }
            result.push_back(std::move(*info));
        }
        return result;
    }

    [[nodiscard]] std::string description() const override { return "Nix database " + m_db.path(); }

private:
    sqlite::Database m_db;
    sqlite::Statement m_path_info;
    sqlite::Statement m_refs;
};

} // namespace

std::unique_ptr<PathInfoStore> open_nix_db(const std::string& db_path)
{
    try {
        return std::make_unique<NixDb>(db_path);
    } catch (const Error& e) {
        throw e.with_context("while opening the Nix database");
    }
}

std::unique_ptr<PathInfoStore> open_path_info_store(const std::string& db_path, std::string& warning)
{
    warning.clear();
    try {
        return open_nix_db(db_path);
    } catch (const Error& e) {
        std::string why = e.what();
        try {
            ProcessOutput version = run_process({"nix-store", "--version"});
            if (version.exit_code != 0)
                throw Error("'nix-store --version' failed: " + version.err.substr(0, version.err.find('\n')));
        } catch (const Error& cli) {
            throw Error(why + "; and the nix-store command cannot be used instead: " + cli.what());
        }
        warning = why + "; asking the nix-store command instead";
        return open_nix_store_cli();
    }
}

} // namespace nixvet

// SPDX-License-Identifier: MIT
#include "core/sqlite.hpp"

#include "core/error.hpp"

#include <mutex>
#include <sqlite3.h>

namespace nixvet::sqlite {

namespace {

// SQLite counts every allocation under one global mutex unless told not to: with a connection
// per thread, that lock is where the threads of a scan would wait for each other.
void configure_sqlite_once()
{
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); // fails harmlessly when SQLite is already initialised
        sqlite3_initialize();
    });
}

} // namespace

Database::Database(const std::string& path, OpenMode mode, int busy_timeout_ms) : m_path(path)
{
    configure_sqlite_once();
    int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    flags |= mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // A URI keeps a path with '?' or '#' from being read as URI parameters.
    std::string uri = "file:";
    for (char c : path) {
        if (c == '?' || c == '#' || c == '%')
            uri += fmt_percent(c);
        else
            uri += c;
    }
    int rc = sqlite3_open_v2(uri.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error("cannot open SQLite database '" + path + "': " + message);
    }
    sqlite3_busy_timeout(m_db, busy_timeout_ms);
    sqlite3_extended_result_codes(m_db, 1);
}

std::string Database::fmt_percent(char c)
{
    static const char* hex = "0123456789ABCDEF";
    auto u = static_cast<unsigned char>(c);
    return std::string{'%', hex[u >> 4], hex[u & 15]};
}

Database::~Database()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

Database::Database(Database&& other) noexcept : m_db(other.m_db), m_path(std::move(other.m_path))
{
    other.m_db = nullptr;
}

void Database::exec(const std::string& sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw Error("SQLite error in '" + m_path + "': " + text);
    }
}

bool Database::try_exec(const std::string& sql)
{
    char* message = nullptr;
    int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message ? message : "";
    sqlite3_free(message);
    if (rc == SQLITE_OK)
        return true;
    if ((rc & 0xff) == SQLITE_BUSY)
        return false;
    throw Error("SQLite error in '" + m_path + "': " + (text.empty() ? sqlite3_errstr(rc) : text));
}

void Database::set_busy_timeout(int milliseconds)
{
    sqlite3_busy_timeout(m_db, milliseconds);
}

int64_t Database::changes() const
{
    return sqlite3_changes64(m_db);
}

Statement::Statement(Database& db, std::string_view sql) : m_db(db)
{
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
        throw Error("SQLite error in '" + db.path() + "': " + sqlite3_errmsg(db.handle()));
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    // An empty view may have no data pointer, which SQLite would bind as NULL rather than ''.
    sqlite3_bind_text(m_stmt, index, value.data() ? value.data() : "", static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

bool Statement::step()
{
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throw Error("SQLite error in '" + m_db.path() + "': " + sqlite3_errmsg(m_db.handle()));
}

std::string_view Statement::column_text(int index) const
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, index));
    if (!text)
        return {};
    return {text, static_cast<size_t>(sqlite3_column_bytes(m_stmt, index))};
}

int64_t Statement::column_int(int index) const
{
    return sqlite3_column_int64(m_stmt, index);
}

double Statement::column_double(int index) const
{
    return sqlite3_column_double(m_stmt, index);
}

Transaction::Transaction(Database& db, bool immediate) : m_db(db)
{
    m_db.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) { // NOLINT(bugprone-empty-catch): a failed rollback leaves SQLite to roll back on close
        }
    }
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace nixvet::sqlite

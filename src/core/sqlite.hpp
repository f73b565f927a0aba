// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace nixvet::sqlite {

enum class OpenMode
{
    read_only,
    read_write_create,
};

/// An open SQLite connection; closes on destruction.
class Database
{
public:
    /// Opens `path`; throws Error naming the file when it cannot be opened.
    Database(const std::string& path, OpenMode mode, int busy_timeout_ms = 10000);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&&) = delete;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more statements without results; throws Error with SQLite's message.
    void exec(const std::string& sql);

    /// Runs `sql`; returns false when the database is locked by another connection (SQLITE_BUSY),
    /// throws Error for any other failure.
    bool try_exec(const std::string& sql);

    /// Sets how long SQLite waits for a lock before it reports SQLITE_BUSY.
    void set_busy_timeout(int milliseconds);

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    [[nodiscard]] int64_t changes() const;

    [[nodiscard]] sqlite3* handle() const { return m_db; }
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    static std::string fmt_percent(char c);
    sqlite3* m_db = nullptr;
    std::string m_path;
};

/// A prepared statement; resets before each new binding round.
class Statement
{
public:
    /// Prepares `sql`; throws Error with SQLite's message.
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Resets the statement and clears its bindings.
    Statement& reset();
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);

    /// Advances to the next row; false when done. Throws Error on failure.
    bool step();

    [[nodiscard]] std::string_view column_text(int index) const;
    [[nodiscard]] int64_t column_int(int index) const;
    [[nodiscard]] double column_double(int index) const;

private:
    Database& m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

/// A transaction that rolls back unless committed.
class Transaction
{
public:
    enum AlreadyBegun
    {
        already_begun
    };
    explicit Transaction(Database& db, bool immediate = true);
    /// Adopts a transaction the caller began with BEGIN.
    Transaction(Database& db, AlreadyBegun) : m_db(db) {}
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace nixvet::sqlite

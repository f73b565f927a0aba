// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace nixvet {

/// A run-level failure: caught once in the CLI, printed as one line, exit code 2.
class Error : public std::runtime_error
{
public:
    explicit Error(std::string message) : std::runtime_error(std::move(message)) {}

    /// Returns a copy whose message is prefixed with `context` ("while reading X: ...").
    [[nodiscard]] Error with_context(const std::string& context) const { return Error(context + ": " + what()); }
};

/// A malformed input: names the file and the byte offset where parsing stopped.
class ParseError : public Error
{
public:
    ParseError(std::string file, size_t offset, const std::string& message)
        : Error(file + ":" + std::to_string(offset) + ": " + message), m_file(std::move(file)), m_offset(offset)
    {
    }

    /// A malformed text file: names the file, the line and the column (both from 1), as
    /// compilers do ("policy.toml:12:9: ..."); `offset` is kept for callers that want it.
    ParseError(std::string file, size_t offset, size_t line, size_t column, const std::string& message)
        : Error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message),
          m_file(std::move(file)), m_offset(offset), m_line(line)
    {
    }

    [[nodiscard]] const std::string& file() const { return m_file; }
    [[nodiscard]] size_t offset() const { return m_offset; }
    /// The line, from 1; 0 when the error names a byte offset only.
    [[nodiscard]] size_t line() const { return m_line; }

private:
    std::string m_file;
    size_t m_offset;
    size_t m_line = 0;
};

/// One item's failure as a value: either a T or the message saying why there is none.
template <typename T>
class Result
{
public:
    Result(T value) : m_value(std::move(value)) {} // NOLINT(google-explicit-constructor)

    static Result failure(std::string message) { return Result(Failure{std::move(message)}); }

    [[nodiscard]] bool ok() const { return m_value.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T& value()
    {
        if (!ok())
            throw Error(error());
        return std::get<0>(m_value);
    }
    [[nodiscard]] const T& value() const
    {
        if (!ok())
            throw Error(error());
        return std::get<0>(m_value);
    }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    /// The failure message; empty when the result holds a value.
    [[nodiscard]] const std::string& error() const
    {
        static const std::string none;
        return ok() ? none : std::get<1>(m_value).message;
    }

private:
    struct Failure
    {
        std::string message;
    };
    explicit Result(Failure failure) : m_value(std::move(failure)) {}

    std::variant<T, Failure> m_value;
};

} // namespace nixvet

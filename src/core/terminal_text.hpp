// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace nixvet {

/// What terminal_safe() leaves as it is.
enum class TerminalText
{
    one_line,   ///< everything escaped, newlines and tabs too (a table cell, a diagnostic)
    multi_line, ///< newlines and tabs kept (a whole report)
    report,     ///< as multi_line, and nixvet's own colour codes (ESC [ digits and ';' m) kept
};

/// `text` safe to print on a terminal: C0 and C1 control characters, DEL, Unicode bidirectional
/// overrides and isolates, and bytes that are not UTF-8 written as visible escapes (`\x1b`,
/// `\u202e`), so that no input can move the cursor, clear the screen or reorder what is shown.
std::string terminal_safe(std::string_view text, TerminalText mode = TerminalText::one_line);

/// True when terminal_safe(text, mode) would change nothing (the common case: no copy needed).
bool is_terminal_safe(std::string_view text, TerminalText mode = TerminalText::one_line);

/// `text` cut to at most `max` bytes (at a UTF-8 boundary) with "…" when cut: input echoed in a
/// message.
std::string excerpt(std::string_view text, size_t max = 80);

} // namespace nixvet

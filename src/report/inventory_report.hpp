// SPDX-License-Identifier: MIT
#pragma once

#include "core/json_writer.hpp"
#include "inventory/inventory.hpp"

#include <string>

namespace nixvet {

/// How the table looks.
struct TableStyle
{
    bool color = false;        ///< ANSI colours (only on a terminal, never with NO_COLOR)
    bool show_sources = false; ///< also list the sources (fetched tarballs, patches, local files)
};

/// The inventory as an aligned text table with a summary line.
std::string render_inventory_table(const Inventory& inventory, const TableStyle& style);

/// The inventory as JSON in the schema documented in docs/inventory-json.md ("nixvet.inventory/1").
std::string render_inventory_json(const Inventory& inventory, const std::string& tool_version);
/// The same, handed to `sink` in pieces of about 1 MiB as it is written.
void write_inventory_json(const Inventory& inventory, const std::string& tool_version, const JsonWriter::Sink& sink);

} // namespace nixvet

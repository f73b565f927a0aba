// SPDX-License-Identifier: MIT
#pragma once

#include "core/json_writer.hpp"
#include "provenance/provenance.hpp"

#include <string>

namespace nixvet {

/// How the provenance table looks.
struct ProvenanceStyle
{
    bool color = false;
    bool all = false; ///< every package, not only those with binary evidence or a conflict
};

/// The provenance as a text table (packages with binary evidence first) and a summary line.
std::string render_provenance_table(const Inventory& inventory, const ProvenanceReport& report,
                                    const ProvenanceStyle& style);

/// The provenance as JSON in the schema of docs/provenance.md ("nixvet.provenance/1").
std::string render_provenance_json(const Inventory& inventory, const ProvenanceReport& report,
                                   const std::string& tool_version);

} // namespace nixvet

// SPDX-License-Identifier: MIT
#pragma once

#include "core/file.hpp"

#include <string>
#include <vector>

// Reads a tab-separated oracle fixture written from the real Nix (tests/tools/gen_nix_oracle_fixtures.py).
inline std::vector<std::vector<std::string>> read_oracle(const std::string& name)
{
    std::string text = nixvet::read_file(std::string(NIXVET_FIXTURES) + "/oracle/" + name);
    std::vector<std::vector<std::string>> rows;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.starts_with("#"))
            continue;
        std::vector<std::string> fields;
        size_t f = 0;
        while (true) {
            size_t tab = line.find('\t', f);
            fields.push_back(line.substr(f, tab == std::string::npos ? std::string::npos : tab - f));
            if (tab == std::string::npos)
                break;
            f = tab + 1;
        }
        rows.push_back(std::move(fields));
    }
    return rows;
}

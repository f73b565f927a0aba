// SPDX-License-Identifier: MIT
#include "match/scan_filter.hpp"

#include "core/error.hpp"
#include "core/terminal_text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

namespace nixvet {

std::vector<Severity> parse_severity_list(const std::string& text)
{
    std::vector<Severity> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string word = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        word.erase(0, word.find_first_not_of(' '));
        word.erase(word.find_last_not_of(' ') + 1);
        try {
            out.push_back(parse_severity(word));
        } catch (const Error&) {
            throw Error(fmt::format("--severity: '{}' is not a severity (critical, high, medium, low, unknown; "
                                    "separated by commas)",
                                    excerpt(word, 40)));
        }
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

FindingOrder parse_finding_order(const std::string& text)
{
    if (text == "package")
        return FindingOrder::package;
    if (text == "severity")
        return FindingOrder::severity;
    if (text == "epss")
        return FindingOrder::epss;
    if (text == "kev")
        return FindingOrder::kev;
    throw Error(fmt::format("--sort-by: '{}' is not one of severity, epss, kev, package", excerpt(text, 40)));
}

size_t filter_findings(ScanResult& scan, const FindingFilter& filter)
{
    size_t before = scan.findings.size();
    std::erase_if(scan.findings, [&](const Finding& f) {
        if (filter.only_fixed && f.fixed_version.empty())
            return true;
        if (filter.kev_only && !f.about().known_exploited)
            return true;
        return !filter.severities.empty() &&
               std::find(filter.severities.begin(), filter.severities.end(), f.severity) == filter.severities.end();
    });
    return before - scan.findings.size();
}

ScanGate gate_findings(const ScanResult& scan, std::optional<Severity> threshold)
{
    ScanGate gate;
    for (const auto& f : scan.findings) {
        (f.suppressed.empty() ? gate.counted : gate.suppressed) += 1;
        gate.tripped |= threshold && f.suppressed.empty() && f.severity >= *threshold;
    }
    return gate;
}

int vulnix_exit_code(const ScanGate& gate)
{
    return gate.counted > 0 ? 2 : gate.suppressed > 0 ? 1 : 0;
}

void sort_findings(ScanResult& scan, FindingOrder order)
{
    auto by = [&](auto key) {
        std::stable_sort(scan.findings.begin(), scan.findings.end(),
                         [&](const Finding& a, const Finding& b) { return key(a) > key(b); });
    };
    switch (order) {
    case FindingOrder::package: break; // the matcher's order
    case FindingOrder::severity: by([](const Finding& f) { return static_cast<int>(f.severity); }); break;
    case FindingOrder::epss:
        by([](const Finding& f) {
            return std::make_pair(f.about().epss.value_or(-1.0), static_cast<int>(f.severity));
        });
        break;
    case FindingOrder::kev:
        by([](const Finding& f) { return std::make_pair(f.about().known_exploited, static_cast<int>(f.severity)); });
        break;
    }
}

} // namespace nixvet

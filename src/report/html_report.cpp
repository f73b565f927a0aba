// SPDX-License-Identifier: MIT
#include "report/html_report.hpp"

#include "report/database_parts.hpp"
#include "report/interchange.hpp"
#include "report/text_table.hpp"

#include <array>
#include <fmt/format.h>

namespace nixvet {

std::string html_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

namespace {

constexpr std::string_view k_style = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin: 1.5em 0 .2em; }
table { border-collapse: collapse; margin: .3em 0 1em; } td, th { padding: .2em .6em; text-align: left; vertical-align: top; }
thead th { border-bottom: 1px solid #999; } tbody tr:nth-child(even) { background: #f4f4f4; }
.via, .target, .note, .evidence { color: #555; } .evidence { font-size: .9em; }
.sev { font-weight: bold; } .sev-critical { color: #8b0000; } .sev-high { color: #c00; }
.sev-medium { color: #b36b00; } .sev-low { color: #06c; } .sev-unknown { color: #777; }
.kev { background: #c00; color: #fff; padding: 0 .3em; border-radius: 3px; }
)";

class HtmlOut
{
public:
    explicit HtmlOut(const JsonWriter::Sink& sink) : m_sink(sink) {}
    HtmlOut& operator<<(std::string_view s)
    {
        m_out += s;
        if (m_out.size() >= (1U << 20)) {
            m_sink(m_out);
            m_out.clear();
        }
        return *this;
    }
    void finish()
    {
        m_sink(m_out);
        m_out.clear();
    }

private:
    const JsonWriter::Sink& m_sink;
    std::string m_out;
};

std::string advisory_link(const std::string& id)
{
    std::string url = advisory_url(id);
    if (url.empty())
        return html_escape(id);
    return fmt::format("<a href=\"{}\">{}</a>", html_escape(url), html_escape(id));
}

void finding_row(HtmlOut& out, const Finding& f, size_t index)
{
    const AdvisoryFacts& about = f.about();
    std::string score = about.cvss && about.cvss->version != "other" ? fmt::format("{:.1f}", about.cvss->score) : "";
    out << fmt::format("<tr class=\"finding{}\" id=\"finding-{}\">", f.suppressed.empty() ? "" : " suppressed", index);
    out << fmt::format("<td class=\"sev sev-{}\">{}</td>", severity_name(f.severity), severity_label(f.severity));
    out << "<td>" << score << "</td>";
    out << "<td>" << advisory_link(f.advisory) << (about.known_exploited ? " <span class=\"kev\">KEV</span>" : "")
        << "</td>";
    out << "<td>" << html_escape(f.fixed_version) << "</td>";
    out << "<td>" << html_escape(f.suppressed.empty() ? f.decided_by : f.suppressed) << "<div class=\"evidence\">"
        << html_escape(f.evidence) << "</div>";
    if (!about.description.empty())
        out << "<div class=\"evidence\">" << html_escape(about.description) << "</div>";
    out << "</td></tr>\n";
}

void table_head(HtmlOut& out, std::string_view last)
{
    out << "<table><thead><tr><th>Severity</th><th>CVSS</th><th>Advisory</th><th>Fixed in</th><th>" << last
        << "</th></tr></thead><tbody>\n";
}

// The head of a page: no script and nothing remote (the CSP), the inline style, the title.
void page_head(HtmlOut& out, const std::string& title)
{
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        << "<title>" << html_escape(title) << "</title>\n<style>" << k_style << "</style></head>\n<body>\n";
    out << "<h1>" << html_escape(title) << "</h1>\n";
}

// The notes, then the footer: the database the report was made with (its warnings in bold) and
// the version; the end of the page.
void page_tail(HtmlOut& out, const Inventory& inv, const DatabaseReport& database, const std::string& tool_version)
{
    for (const auto& note : inv.notes)
        out << "<p class=\"note\">note: " << html_escape(note) << "</p>\n";
    out << "<footer class=\"note\">";
    if (std::string db = database_text(database); !db.empty()) {
        out << "<p class=\"database\">";
        for (size_t start = 0, end; start < db.size(); start = end + 1) {
            end = db.find('\n', start);
            std::string line = db.substr(start, end - start);
            out << (line.starts_with("warning: ") ? "<strong class=\"warning\">" + html_escape(line) + "</strong>"
                                                  : html_escape(line))
                << "<br>";
        }
        out << "</p>";
    }
    out << "nixvet " << html_escape(tool_version) << "</footer>\n</body></html>\n";
    out.finish();
}

} // namespace

void write_scan_html(const Inventory& inv, const ScanResult& scan, const std::string& tool_version,
                     const JsonWriter::Sink& sink)
{
    HtmlOut out(sink);
    std::string title = "nixvet scan";
    for (const auto& t : inv.targets)
        title += " " + t.argument;
    page_head(out, title);
    for (const auto& t : inv.targets)
        out << "<p class=\"target\">" << html_escape(t.argument) << " → " << html_escape(t.path) << " ("
            << html_escape(t.closure) << " closure)</p>\n";

    std::array<size_t, 5> counts{};
    size_t suppressed = 0;
    for (const auto& f : scan.findings)
        f.suppressed.empty() ? ++counts[static_cast<size_t>(f.severity)] : ++suppressed;
    out << "<table class=\"summary\"><thead><tr>";
    for (int s = 4; s >= 0; --s)
        out << fmt::format("<th class=\"sev sev-{}\">{}</th>", severity_name(static_cast<Severity>(s)),
                           severity_label(static_cast<Severity>(s)));
    out << "<th>suppressed</th><th>packages scanned</th><th>identified</th></tr></thead><tbody><tr>";
    for (int s = 4; s >= 0; --s)
        out << fmt::format("<td id=\"count-{}\">{}</td>", severity_name(static_cast<Severity>(s)), counts[s]);
    out << fmt::format("<td id=\"count-suppressed\">{}</td><td>{}</td><td>{}</td></tr></tbody></table>\n", suppressed,
                       scan.packages_scanned, scan.packages_identified);

    // Findings come grouped by package.
    size_t current = static_cast<size_t>(-1);
    for (size_t i = 0; i < scan.findings.size(); ++i) {
        const Finding& f = scan.findings[i];
        if (!f.suppressed.empty())
            continue;
        if (f.package != current) {
            if (current != static_cast<size_t>(-1))
                out << "</tbody></table></section>\n";
            current = f.package;
            const Package& p = inv.packages.at(f.package);
            out << fmt::format("<section class=\"package\" id=\"package-{}\"><h2>", f.package) << html_escape(p.pname)
                << " " << html_escape(p.version) << "</h2>\n";
            if (!p.drv_path.empty())
                out << "<p class=\"via\">" << html_escape(p.drv_path) << "</p>\n";
            if (p.via.size() > 1)
                out << "<p class=\"via\">via " << html_escape(chain_text(p.via, p.via_omitted)) << "</p>\n";
            table_head(out, "Decided by");
        }
        finding_row(out, f, i);
    }
    if (current != static_cast<size_t>(-1))
        out << "</tbody></table></section>\n";
    if (suppressed > 0) {
        out << fmt::format("<details><summary>Suppressed findings ({})</summary>\n", suppressed);
        table_head(out, "Why it does not count");
        for (size_t i = 0; i < scan.findings.size(); ++i) {
            if (!scan.findings[i].suppressed.empty())
                finding_row(out, scan.findings[i], i);
        }
        out << "</tbody></table></details>\n";
    }
    page_tail(out, inv, scan.database, tool_version);
}

std::string render_check_html(const Inventory& inv, const Policy& policy, const PolicyVerdict& verdict,
                              const std::string& tool_version)
{
    std::string page;
    JsonWriter::Sink sink = [&](std::string_view piece) { page += piece; };
    HtmlOut out(sink);
    std::string title = "nixvet check";
    for (const auto& t : inv.targets)
        title += " " + t.argument;
    page_head(out, title);
    out << fmt::format("<p class=\"verdict {}\"><strong>{}</strong> against {}: {} failure(s), {} warning(s), {} "
                       "accepted</p>\n",
                       verdict.pass ? "pass" : "fail", verdict.pass ? "PASS" : "FAIL", html_escape(policy.file),
                       verdict.failures.size(), verdict.warnings.size(), verdict.accepted.size());
    out << "<table><thead><tr><th>Verdict</th><th>Package</th><th>Subject</th><th>What</th><th>Rule</th></tr>"
           "</thead><tbody>\n";
    auto rows = [&](const std::vector<PolicyHit>& hits, const char* label) {
        for (const auto& h : hits) {
            const Package& p = inv.packages.at(h.package);
            out << fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td class=\"id\">{}</td><td>{}</td><td>{}",
                               label, label, html_escape(p.version.empty() ? p.pname : p.pname + " " + p.version),
                               advisory_link(h.subject), html_escape(h.what), html_escape(h.rule));
            if (!h.detail.empty())
                out << "<div class=\"evidence\">" << html_escape(h.detail) << "</div>";
            out << "</td></tr>\n";
        }
    };
    rows(verdict.failures, "FAIL");
    rows(verdict.warnings, "WARN");
    rows(verdict.accepted, "ACCEPTED");
    out << "</tbody></table>\n";
    for (const auto& e : verdict.expired)
        out << "<p class=\"note\">note: " << html_escape(e) << "</p>\n";
    page_tail(out, inv, verdict.database, tool_version);
    return page;
}

} // namespace nixvet

import Foundation

/// A printable HTML page from the plain Markdown the reports write (headings, paragraphs, pipe tables,
/// `>` notes, `- ` lists), escaped once, with A4 print styles.
///
/// The reports built in Swift (monitoring, champion–challenger, the yearly account) write Markdown first;
/// the page shows exactly the same sentences, so the two never drift apart.
enum MarkdownPage {
    static func html(_ markdown: String, title: String, language: String) -> String {
        var body: [String] = []
        var table: [String] = [], list: [String] = []
        func inline(_ text: String) -> String {
            var out = HTMLEscaping.escape(text)
            for (mark, tag) in [("**", "strong"), ("`", "code")] {
                let parts = out.components(separatedBy: mark)
                guard parts.count >= 3, parts.count % 2 == 1 else { continue }
                out = parts.enumerated().map { i, p in i % 2 == 1 ? "<\(tag)>\(p)</\(tag)>" : p }.joined()
            }
            return out
        }
        func cells(_ line: String) -> [String] {
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
        }
        func flush() {
            if !table.isEmpty {
                let alignments = table.first { $0.hasPrefix("|---") || $0.hasPrefix("|:--") || $0.hasPrefix("|--") }.map(cells) ?? []
                var rows = table.filter { !($0.hasPrefix("|---") || $0.hasPrefix("|--") || $0.hasPrefix("|:--")) }
                let head = rows.removeFirst()
                func cls(_ i: Int) -> String { i < alignments.count && alignments[i].hasSuffix(":") ? " class=\"num\"" : "" }
                // Dates and date ranges stay on one line (a browser would break them at their hyphens, or a
                // Danish range `16.11.2021 – 13.11.2026` at its spaces).
                func dateClass(_ text: String) -> String {
                    let dated = text.contains("-") || text.filter { $0 == "." }.count >= 2
                    return !text.isEmpty && dated && text.allSatisfy({ $0.isNumber || "-–. ".contains($0) }) ? " class=\"date\"" : ""
                }
                body.append("<table><thead><tr>" + cells(head).enumerated().map { "<th\(cls($0))>\(inline($1))</th>" }.joined() + "</tr></thead><tbody>")
                for r in rows {
                    body.append("<tr>" + cells(r).enumerated().map { i, c in
                        let c2 = cls(i).isEmpty ? dateClass(c) : cls(i)
                        return "<td\(c2)>\(inline(c))</td>"
                    }.joined() + "</tr>")
                }
                body.append("</tbody></table>")
                table = []
            }
            if !list.isEmpty {
                body.append("<ul>" + list.map { "<li>\(inline($0))</li>" }.joined() + "</ul>")
                list = []
            }
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("|") { table.append(line); continue }
            if line.hasPrefix("- ") { list.append(String(line.dropFirst(2))); continue }
            flush()
            if line.hasPrefix("# ") { body.append("<h1>\(inline(String(line.dropFirst(2))))</h1>") }
            else if line.hasPrefix("## ") { body.append("<h2>\(inline(String(line.dropFirst(3))))</h2>") }
            else if line.hasPrefix("### ") { body.append("<h3>\(inline(String(line.dropFirst(4))))</h3>") }
            else if line.hasPrefix("> ") { body.append("<p class=\"note\">\(inline(String(line.dropFirst(2))))</p>") }
            else if !line.isEmpty { body.append("<p>\(inline(line))</p>") }
        }
        flush()
        return """
            <!doctype html>
            <html lang="\(language == "da" ? "da" : "en")"><head><meta charset="utf-8"><title>\(HTMLEscaping.escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; color: #111; line-height: 1.4; }
            h1 { font-size: 1.45em; margin-bottom: 0.3em; } h2 { font-size: 1.15em; margin: 1.1em 0 0.3em; border-bottom: 1px solid #ccc; }
            h3 { font-size: 1em; margin: 0.8em 0 0.2em; }
            table { border-collapse: collapse; margin: 0.4rem 0 0.8rem; } th, td { border: 1px solid #bbb; padding: 0.15rem 0.45rem; text-align: left; vertical-align: top; }
            th { background: #f1f3f6; } .num { text-align: right; white-space: nowrap; } .date { white-space: nowrap; }
            p { margin: 0.3em 0; } ul { margin: 0.3em 0; padding-left: 1.3em; } code { font-size: 0.9em; word-break: break-all; } td code { word-break: normal; white-space: nowrap; }
            .note { border-left: 4px solid #c60; padding: 0.2em 0.7em; background: #fff4e5; }
            @page { size: A4; margin: 14mm; }
            @media print { body { margin: 0; max-width: none; font-size: 9pt; } h2 { break-after: avoid; } table, tr { break-inside: avoid; } }
            </style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }
}

import Foundation

/// The method note (`Explain/METHOD.md`) as the service's `/method` page, so the link on every card the
/// service shows leads to a page that exists.
///
/// The note uses a small part of Markdown — headings, paragraphs, bullet lists, tables, fenced code,
/// `code`, **bold** and *italic* — and this renders exactly that part, escaping everything else. The
/// note is written in English; the Danish card says so next to its link.
public enum MethodPage {
    /// The page, or `nil` when the note was not embedded.
    public static func html() -> String? {
        guard let text = ExplainResources.text("METHOD.md") else { return nil }
        var out: [String] = []
        var paragraph: [String] = [], list: [String] = [], table: [[String]] = []
        var code: [String]?
        func flush() {
            if !paragraph.isEmpty { out.append("<p>" + inline(paragraph.joined(separator: " ")) + "</p>"); paragraph = [] }
            if !list.isEmpty { out.append("<ul>" + list.map { "<li>" + inline($0) + "</li>" }.joined() + "</ul>"); list = [] }
            if !table.isEmpty {
                let rows = table.filter { !$0.allSatisfy { $0.allSatisfy { "-: ".contains($0) } } }
                let head = rows.first.map { "<tr>" + $0.map { "<th>" + inline($0) + "</th>" }.joined() + "</tr>" } ?? ""
                let body = rows.dropFirst().map { "<tr>" + $0.map { "<td>" + inline($0) + "</td>" }.joined() + "</tr>" }.joined()
                out.append("<table>" + head + body + "</table>")
                table = []
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let block = code { out.append("<pre><code>" + HTMLEscaping.escape(block.joined(separator: "\n")) + "</code></pre>"); code = nil } else { flush(); code = [] }
                continue
            }
            if code != nil { code?.append(line); continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { flush(); continue }
            if let level = ["### ": 3, "## ": 2, "# ": 1].first(where: { line.hasPrefix($0.key) }) {
                flush()
                out.append("<h\(level.value)>" + inline(String(line.dropFirst(level.key.count))) + "</h\(level.value)>")
            } else if line.hasPrefix("- ") {
                if !paragraph.isEmpty { flush() }
                list.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("  "), !list.isEmpty {
                list[list.count - 1] += " " + trimmed
            } else if trimmed.hasPrefix("|") {
                if !paragraph.isEmpty || !list.isEmpty { flush() }
                table.append(trimmed.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) })
            } else {
                paragraph.append(trimmed)
            }
        }
        flush()
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>How an explanation card is calculated</title>
            <style>
              body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1c1c1c; max-width: 50rem; margin: 1.5rem auto; padding: 0 1.25rem; }
              h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.75rem; border-bottom: 1px solid #d9d9d9; }
              pre { background: #f5f5f5; padding: .6rem .8rem; overflow-x: auto; } code { font-size: .9em; }
              table { border-collapse: collapse; font-size: .88rem; } th, td { border-bottom: 1px solid #d9d9d9; padding: .3rem .5rem; text-align: left; vertical-align: top; }
            </style>
            </head>
            <body>
            \(out.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// Escapes, then marks up `code`, **bold** and *italic*.
    static func inline(_ text: String) -> String {
        var s = HTMLEscaping.escape(text)
        for (marker, tag) in [("`", "code"), ("**", "strong"), ("*", "em")] {
            var parts = s.components(separatedBy: marker)
            guard parts.count >= 3 else { continue }
            var result = parts.removeFirst()
            var open = true
            while !parts.isEmpty {
                let part = parts.removeFirst()
                // An unpaired marker at the end stays as it was.
                if open && parts.isEmpty { result += marker + part; break }
                result += (open ? "<\(tag)>" : "</\(tag)>") + part
                open.toggle()
            }
            s = result
        }
        return s
    }
}

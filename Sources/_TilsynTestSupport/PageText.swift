import Foundation

/// The text a reader sees on an HTML page, read the way a browser builds it, for tests of rendered pages.
///
/// A small tokenizer (tags, text, `<style>` skipped, entities decoded), not a full HTML parser: enough for
/// the pages Tilsyn writes, which are well-formed by construction. The point is the rule every page must
/// keep: no element whose text is a programming language's empty value (`nil`, `null`, `undefined`), which
/// is what a template shows when a value it expected is absent.
public enum PageText {
    /// The words a programming language prints for an absent value.
    public static let emptyValueWords: Set<String> = ["nil", "null", "undefined", "nan", "optional(nil)"]

    /// The page's visible text, tags replaced by spaces, whitespace collapsed, entities decoded.
    public static func plain(_ html: String) -> String {
        var out = ""
        for token in tokens(html) {
            switch token {
            case .text(let t): out += t
            case .open, .close: out += " "
            }
        }
        return collapse(out)
    }

    /// Every element's text content (its own and its descendants' text, whitespace collapsed), and the
    /// shown values of form fields (`value` of inputs, `placeholder`, `aria-label`, `title`), each as
    /// `tag: text`.
    public static func elementTexts(_ html: String) -> [(tag: String, text: String)] {
        var stack: [(tag: String, text: String)] = []
        var out: [(tag: String, text: String)] = []
        for token in tokens(html) {
            switch token {
            case .text(let t):
                for i in stack.indices { stack[i].text += t }
            case .open(let tag, let attributes, let selfClosing):
                for name in ["value", "placeholder", "aria-label", "title", "alt"] {
                    if let value = attributes[name] { out.append(("\(tag)[\(name)]", collapse(value))) }
                }
                if !selfClosing && !voidElements.contains(tag) { stack.append((tag, "")) }
            case .close(let tag):
                // Close up to the matching element (tolerates an unclosed `<p>` or `<li>`).
                guard let k = stack.lastIndex(where: { $0.tag == tag }) else { continue }
                while stack.count > k {
                    let element = stack.removeLast()
                    out.append((element.tag, collapse(element.text)))
                    // A text is counted once per enclosing element, which already holds it.
                }
            }
        }
        return out
    }

    /// The elements whose whole text is an empty-value word (case-insensitive), as `tag: text`.
    public static func emptyValueElements(_ html: String) -> [String] {
        elementTexts(html).filter { emptyValueWords.contains($0.text.lowercased()) }.map { "\($0.tag): \($0.text)" }
    }

    // MARK: Tokens

    enum Token { case text(String), open(String, [String: String], Bool), close(String) }

    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
                                            "line", "rect", "path", "circle"]

    static func tokens(_ html: String) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(html)
        while !rest.isEmpty {
            guard let lt = rest.firstIndex(of: "<") else { tokens.append(.text(decode(String(rest)))); break }
            if lt > rest.startIndex { tokens.append(.text(decode(String(rest[..<lt])))) }
            rest = rest[lt...]
            if rest.hasPrefix("<!--") {
                rest = rest.range(of: "-->").map { rest[$0.upperBound...] } ?? ""
                continue
            }
            guard let gt = rest.firstIndex(of: ">") else { tokens.append(.text(decode(String(rest)))); break }
            let inside = rest[rest.index(after: rest.startIndex)..<gt]
            rest = rest[rest.index(after: gt)...]
            if inside.hasPrefix("!") || inside.hasPrefix("?") { continue }
            if inside.hasPrefix("/") {
                tokens.append(.close(String(inside.dropFirst()).trimmingCharacters(in: .whitespaces).lowercased()))
                continue
            }
            let selfClosing = inside.hasSuffix("/")
            let body = selfClosing ? inside.dropLast() : inside
            let name = String(body.prefix { !$0.isWhitespace }).lowercased()
            tokens.append(.open(name, attributes(String(body.dropFirst(name.count))), selfClosing))
            if name == "style" || name == "script" {
                // Their content is not text a reader sees.
                let end = "</\(name)>"
                if let r = rest.range(of: end) { rest = rest[r.upperBound...]; tokens.append(.close(name)) } else { rest = "" }
            }
        }
        return tokens
    }

    static func attributes(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            let name = rest.prefix { !$0.isWhitespace && $0 != "=" }
            guard !name.isEmpty else { break }
            rest = rest.dropFirst(name.count).drop { $0.isWhitespace }
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst().drop { $0.isWhitespace }
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    rest = rest.dropFirst()
                    value = String(rest.prefix { $0 != quote })
                    rest = rest.dropFirst(value.count + 1)
                } else {
                    value = String(rest.prefix { !$0.isWhitespace })
                    rest = rest.dropFirst(value.count)
                }
            }
            out[name.lowercased()] = decode(value)
        }
        return out
    }

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            if let semi = rest.prefix(12).firstIndex(of: ";") {
                let entity = rest[rest.index(after: rest.startIndex)..<semi]
                var decoded: String?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    decoded = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if entity.hasPrefix("#") {
                    decoded = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    decoded = named[String(entity)]
                }
                if let decoded {
                    out += decoded
                    rest = rest[rest.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = rest.dropFirst()
        }
        return out + rest
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

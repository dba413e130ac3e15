import Foundation

/// A Mustache template of the subset the cards use, parsed once and rendered without the Mustache
/// library: the card templates (`card.html.mustache`, `card.md.mustache`) and the sentences of
/// `Explain/texts.<lang>.json`.
///
/// Why a hand-written renderer: the service must answer 800 HTML cards a second on two cores it shares
/// with its clients (issue 16), about 2.5 ms of CPU per card for everything. With swift-mustache 2
/// (templates parsed once) rendering one card took about 5.9 ms of CPU in `perf` on the project's
/// machine (49 % of the 12.1 ms per HTML card request, 2026-12-01, release build): every `{{name}}` is
/// split at its dots and looked up through protocol casts, and every value is escaped character by
/// character. This renderer does the same work in a small fraction of that (BENCHMARKS.md).
///
/// It is meant to give Mustache's output byte for byte, for the subset it accepts:
/// variables (`{{a.b}}`, `{{.}}`, escaped per the content type; `{{{a}}}` and `{{&a}}` unescaped),
/// sections and inverted sections, comments, and the `CONTENT_TYPE` pragma (`HTML` or `TEXT`), with
/// Mustache's rules for standalone lines, for climbing the context stack and for what counts as false.
/// The parser is a port of swift-mustache's own (`Template+Parser.swift`), quirks included; templates
/// using partials, blocks, inheritance, transforms or new delimiters are refused, not approximated.
/// `CardTemplateTests` compares the two on random templates and contexts and on real cards.
struct CardTemplate: Sendable {
    /// A value the template can show: text (a string, or a number as Swift prints it), a yes/no,
    /// a list, or an object of named values.
    enum Value: Sendable {
        case text(String)
        case bool(Bool)
        /// Elements, and for a context given as `Any` the list itself, for when it is named as a variable
        /// (Mustache prints it as Swift describes it; no template does that).
        case list([Value], original: Original? = nil)
        case object([String: Value], original: Original? = nil)

        /// A context built as for Mustache (`[String: Any]` of strings, booleans, numbers, arrays and
        /// dictionaries).
        init(_ any: Any) {
            if let s = any as? String { self = .text(s); return }
            if let b = any as? Bool { self = .bool(b); return }
            if let d = any as? [String: Any] {
                self = .object(d.mapValues { Value($0) }, original: Original(any))
                return
            }
            if let a = any as? [Any] {
                self = .list(a.map { Value($0) }, original: Original(any))
                return
            }
            if let optional = any as? any OptionalValue {
                // Mustache looks through an optional; an empty one is a value that prints as "nil".
                if let wrapped = optional.wrapped { self = Value(wrapped) } else { self = .text("nil") }
                return
            }
            self = .text(String(describing: any))
        }

        /// The value as Mustache takes a context (strings, booleans, arrays and dictionaries), so a typed
        /// context (``CardContext``) can be checked against Mustache and a list or object printed as it would.
        var any: Any {
            switch self {
            case .text(let s): s
            case .bool(let b): b
            case .list(let elements, let original): original?.value ?? elements.map(\.any)
            case .object(let d, let original): original?.value ?? d.mapValues(\.any)
            }
        }

        func child(_ name: String) -> Value? {
            if case .object(let d, _) = self { return d[name] }
            return nil
        }
    }

    enum ContentType: Sendable { case html, text }

    /// What a variable tag names: `.` (the current value), a name looked up from the current value only
    /// (a leading dot), or a name whose first part is looked up through the context stack.
    struct Name: Sendable {
        var parts: [String]
        var current: Bool
        var isDot: Bool

        init(_ text: String) {
            isDot = text == "."
            current = text.first == "."
            parts = text.split(separator: ".").map(String.init)
        }
    }

    indirect enum Token: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, [Token])
        case inverted(Name, [Token])
        case contentType(ContentType)
    }

    /// Why a template was refused.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    let tokens: [Token]

    /// Parses `text`.
    /// - Throws: ``ParseError`` where Mustache would not parse it, or for a feature outside the subset.
    init(_ text: String) throws(ParseError) {
        var parser = Parser(Array(text))
        tokens = try parser.parse(sectionName: nil, newLine: true)
    }

    /// The template rendered with `context`, HTML-escaped until a `CONTENT_TYPE: TEXT` pragma says otherwise.
    func render(_ context: Value) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 12)
        var stack = [context]
        Self.render(tokens, stack: &stack, contentType: .html, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func render(_ context: [String: Any]) -> String { render(Value(context)) }

    private static func render(_ tokens: [Token], stack: inout [Value], contentType: ContentType, into out: inout [UInt8]) {
        var contentType = contentType
        for token in tokens {
            switch token {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let name, let escaped):
                guard let value = lookup(name, in: stack) else { continue }
                let text: String
                switch value {
                case .text(let s): text = s
                case .bool(let b): text = b ? "true" : "false"
                case .list, .object: text = String(describing: value.any)
                }
                if escaped && contentType == .html { escapeHTML(text, into: &out) } else { out.append(contentsOf: text.utf8) }
            case .section(let name, let body):
                switch lookup(name, in: stack) {
                case nil, .bool(false)?: break
                case .bool(true)?: render(body, stack: &stack, contentType: contentType, into: &out)
                case .list(let elements, _)?:
                    for element in elements {
                        stack.append(element)
                        render(body, stack: &stack, contentType: contentType, into: &out)
                        stack.removeLast()
                    }
                case let value?:
                    stack.append(value)
                    render(body, stack: &stack, contentType: contentType, into: &out)
                    stack.removeLast()
                }
            case .inverted(let name, let body):
                switch lookup(name, in: stack) {
                case nil, .bool(false)?: render(body, stack: &stack, contentType: contentType, into: &out)
                case .list(let elements, let original)? where elements.isEmpty:
                    // Mustache renders an empty list's inverted section with the list as the current value.
                    stack.append(.list([], original: original))
                    render(body, stack: &stack, contentType: contentType, into: &out)
                    stack.removeLast()
                default: break
                }
            case .contentType(let type):
                contentType = type
            }
        }
    }

    private static func lookup(_ name: Name, in stack: [Value]) -> Value? {
        guard let top = stack.last else { return nil }
        if name.isDot { return top }
        if name.current { return resolve(name.parts[...], from: top) }
        guard let first = name.parts.first else { return top }
        for value in stack.reversed() {
            if let child = value.child(first) { return resolve(name.parts.dropFirst(), from: child) }
        }
        return nil
    }

    private static func resolve(_ parts: ArraySlice<String>, from value: Value) -> Value? {
        var value = value
        for part in parts {
            guard let child = value.child(part) else { return nil }
            value = child
        }
        return value
    }

    /// Mustache's HTML escaping (`<`, `>`, `&`, `"`, `'`), on bytes. Mustache escapes whole characters, so a
    /// special byte joined to a neighbour into one character (a combining mark after it, say) is not
    /// escaped there; such text, which the card texts never hold, takes the character-wise path.
    static func escapeHTML(_ text: String, into out: inout [UInt8]) {
        var utf8 = text
        utf8.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b == 0x3C || b == 0x3E || b == 0x26 || b == 0x22 || b == 0x27 else { continue }
                if (i > 0 && bytes[i - 1] >= 0x80) || (i + 1 < bytes.count && bytes[i + 1] >= 0x80) {
                    escapeCharacters(text, into: &out, from: start, bytes: bytes)
                    return
                }
                out.append(contentsOf: bytes[start..<i])
                switch b {
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                default: out.append(contentsOf: "&#39;".utf8)
                }
                start = i + 1
            }
            out.append(contentsOf: bytes[start..<bytes.count])
        }
    }

    /// The character-wise escaping for the rest of `text` from byte `start` (a character boundary: the
    /// byte after an escaped ASCII character, or 0).
    private static func escapeCharacters(_ text: String, into out: inout [UInt8], from start: Int, bytes: UnsafeBufferPointer<UInt8>) {
        let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)
        for c in rest {
            switch c {
            case "<": out.append(contentsOf: "&lt;".utf8)
            case ">": out.append(contentsOf: "&gt;".utf8)
            case "&": out.append(contentsOf: "&amp;".utf8)
            case "\"": out.append(contentsOf: "&quot;".utf8)
            case "'": out.append(contentsOf: "&#39;".utf8)
            default: out.append(contentsOf: String(c).utf8)
            }
        }
    }
}

/// A context value kept as given, for printing (see ``CardTemplate/Value/any``).
final class Original: @unchecked Sendable {
    /// Never mutated after creation; only printed.
    let value: Any
    init(_ value: Any) { self.value = value }
}

/// An optional seen through `Any` (how Mustache looks through optionals).
protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? { self.map { $0 as Any } }
}

extension CardTemplate {
    /// swift-mustache's parser (`MustacheTemplate.parse`), ported step for step over the same
    /// `Character`s, so that lines, whitespace and standalone tags come out as Mustache's do.
    struct Parser {
        let chars: [Character]
        var position = 0

        init(_ chars: [Character]) { self.chars = chars }

        private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
        private static let nameCharactersWithBrackets = nameCharacters.union("()")

        private var reachedEnd: Bool { position == chars.count }
        /// The current character, or NUL at the end (as Mustache's parser gives).
        private var current: Character { reachedEnd ? "\0" : chars[position] }

        private func failure(_ what: String) -> ParseError {
            let line = chars[..<position].reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
            return ParseError(description: "\(what) (line \(line))")
        }

        private mutating func read(while set: Set<Character>) -> String {
            var out = ""
            while !reachedEnd, set.contains(chars[position]) {
                out.append(chars[position])
                position += 1
            }
            return out
        }

        private mutating func skipWhitespace() {
            while !reachedEnd, chars[position].isWhitespace { position += 1 }
        }

        /// `string` next (then read past it); Mustache fails when fewer characters than that are left.
        private mutating func read(string: [Character]) throws(ParseError) -> Bool {
            guard chars.count - position >= string.count else { throw failure("the template ends inside a tag") }
            guard Array(chars[position..<position + string.count]) == string else { return false }
            position += string.count
            return true
        }

        private mutating func read(_ c: Character) throws(ParseError) -> Bool {
            guard !reachedEnd else { throw failure("the template ends inside a tag") }
            guard chars[position] == c else { return false }
            position += 1
            return true
        }

        mutating func parse(sectionName: String?, newLine startsOnNewLine: Bool) throws(ParseError) -> [Token] {
            var tokens: [Token] = []
            var newLine = startsOnNewLine
            var whiteSpaceBefore = ""
            func text(_ s: String) -> Token { .text(Array(s.utf8)) }
            while !reachedEnd {
                if newLine { whiteSpaceBefore = read(while: [" ", "\t"]) }
                let before = try readUntilTagOrNewline()
                if current.isNewline {
                    tokens.append(text(whiteSpaceBefore + before + String(current)))
                    newLine = true
                    position += 1
                    continue
                }
                if !before.isEmpty {
                    tokens.append(text(whiteSpaceBefore + before))
                    whiteSpaceBefore = ""
                    newLine = false
                }
                if reachedEnd { break }
                var setNewLine = false
                switch current {
                case "#", "^":
                    let inverted = current == "^"
                    position += 1
                    let name = try parseName()
                    if isStandalone(newLine) {
                        setNewLine = true
                    } else if !whiteSpaceBefore.isEmpty {
                        tokens.append(text(whiteSpaceBefore))
                        whiteSpaceBefore = ""
                    }
                    let body = try parse(sectionName: name, newLine: newLine && setNewLine)
                    tokens.append(inverted ? .inverted(Name(name), body) : .section(Name(name), body))
                case "/":
                    position += 1
                    let name = try parseName()
                    guard name == sectionName else { throw failure("{{/\(name)}} closes no open section of that name") }
                    if !isStandalone(newLine), !whiteSpaceBefore.isEmpty { tokens.append(text(whiteSpaceBefore)) }
                    return tokens
                case "!":
                    position += 1
                    try skipComment()
                    setNewLine = isStandalone(newLine)
                case "{":
                    if !whiteSpaceBefore.isEmpty {
                        tokens.append(text(whiteSpaceBefore))
                        whiteSpaceBefore = ""
                    }
                    position += 1
                    let name = try parseName()
                    guard try read("}") else { throw failure("{{{\(name)}} is not closed by }}}") }
                    tokens.append(.variable(Name(name), escaped: false))
                case "&":
                    if !whiteSpaceBefore.isEmpty {
                        tokens.append(text(whiteSpaceBefore))
                        whiteSpaceBefore = ""
                    }
                    position += 1
                    tokens.append(.variable(Name(try parseName()), escaped: false))
                case ">", "<", "$", "=":
                    throw failure("partials, blocks and new delimiters ({{\(current)…}}) are not supported")
                case "%":
                    position += 1
                    tokens.append(.contentType(try parseContentType()))
                    setNewLine = isStandalone(newLine)
                default:
                    if !whiteSpaceBefore.isEmpty {
                        tokens.append(text(whiteSpaceBefore))
                        whiteSpaceBefore = ""
                    }
                    tokens.append(.variable(Name(try parseName()), escaped: true))
                }
                newLine = setNewLine
            }
            if let sectionName { throw failure("{{#\(sectionName)}} is not closed") }
            return tokens
        }

        /// Text up to a newline (not read) or a `{{` (read past).
        private mutating func readUntilTagOrNewline() throws(ParseError) -> String {
            var out = ""
            while !reachedEnd {
                while !reachedEnd, chars[position] != "\n", chars[position] != "\r\n", chars[position] != "{" {
                    out.append(chars[position])
                    position += 1
                }
                if current.isNewline { break }
                if current == "{" {
                    if try read(string: ["{", "{"]) { break }
                    out.append("{")
                    position += 1
                }
            }
            return out
        }

        private mutating func parseName() throws(ParseError) -> String {
            skipWhitespace()
            let name = read(while: Self.nameCharactersWithBrackets)
            skipWhitespace()
            guard try read(string: ["}", "}"]) else { throw failure("a tag is not closed by }}") }
            guard !name.contains("("), !name.contains(")") else { throw failure("transforms ({{\(name)}}) are not supported") }
            return name
        }

        /// Past the comment's `}}`, as Mustache's `read(untilString:skipToEnd:)` finds it.
        private mutating func skipComment() throws(ParseError) {
            let start = position
            let end: [Character] = ["}", "}"]
            var matched = 0
            while !reachedEnd {
                if chars[position] == end[matched] {
                    matched += 1
                    if matched == end.count {
                        position += 1
                        return
                    }
                } else {
                    matched = 0
                }
                position += 1
            }
            position = start
            throw failure("a comment is not closed by }}")
        }

        private mutating func parseContentType() throws(ParseError) -> ContentType {
            skipWhitespace()
            let variable = read(while: Self.nameCharacters)
            skipWhitespace()
            guard try read(":") else { throw failure("a pragma is not NAME: VALUE") }
            skipWhitespace()
            let value = read(while: Self.nameCharacters)
            skipWhitespace()
            guard try read(string: ["}", "}"]) else { throw failure("a pragma is not closed by }}") }
            guard variable == "CONTENT_TYPE" else { throw failure("the only pragma is CONTENT_TYPE") }
            switch value {
            case "HTML": return .html
            case "TEXT": return .text
            default: throw failure("the content type is HTML or TEXT")
            }
        }

        /// A tag alone on its line (Mustache's `isStandalone`): then the rest of the line, its newline
        /// included, is read.
        private mutating func isStandalone(_ newLine: Bool) -> Bool {
            guard newLine else { return false }
            if reachedEnd { return true }
            var p = position
            while p < chars.count, chars[p] == " " || chars[p] == "\t" { p += 1 }
            guard p < chars.count, chars[p].isNewline else { return false }
            position = p + 1
            return true
        }
    }
}

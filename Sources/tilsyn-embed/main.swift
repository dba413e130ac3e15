import Foundation

// tilsyn-embed --type NAME [--public] --output FILE.swift INPUT...
//
// Turns text files into one Swift source file: an extension of the enum NAME with
// `static let embedded: [String: String]` (public with --public), each input's file name → its exact text. The EmbedFiles build-tool
// plugin runs it at build time, so templates, texts, the default spec and the OpenAPI document are compiled
// into the binary (which then works from any directory) while the files stay the only copy in the repository.

/// A bad invocation or an input that cannot be embedded; printed as one sentence, exit status 1.
struct EmbedError: Error, CustomStringConvertible {
    var description: String
}

/// The parsed command line.
struct Invocation {
    var typeName = ""
    var output = ""
    var isPublic = false
    var inputs: [String] = []

    init(_ arguments: [String]) throws(EmbedError) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--type": typeName = rest.popFirst() ?? ""
            case "--output": output = rest.popFirst() ?? ""
            case "--public": isPublic = true
            default: inputs.append(argument)
            }
        }
        guard !typeName.isEmpty, !output.isEmpty else {
            throw EmbedError(description: "usage: tilsyn-embed --type NAME [--public] --output FILE.swift INPUT...")
        }
    }
}

/// A Swift string literal whose value is exactly `text`.
///
/// Normally a multi-line raw string, readable in the generated file: its `#` count exceeds every run of `#`
/// after a quote or backslash in the text, so nothing inside ends it or starts an escape. A multi-line literal
/// normalises line breaks and the lexer rejects some control characters, so text holding a carriage return or
/// a control character other than tab and line feed is written as an escaped one-line literal instead.
func literal(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { $0 == "\n" || $0 == "\t" || !($0.properties.generalCategory == .control) }
    guard plain else { return escapedLiteral(text) }
    var longest = 0
    var run: Int?
    for scalar in text.unicodeScalars {
        if scalar == "#", let count = run {
            run = count + 1
            longest = max(longest, count + 1)
        } else {
            run = (scalar == "\"" || scalar == "\\") ? 0 : nil
        }
    }
    let hashes = String(repeating: "#", count: longest + 1)
    // The line break before the closing delimiter is not part of the value, so the text is kept whole.
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}

func escapedLiteral(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

func run() throws(EmbedError) {
    let invocation = try Invocation(Array(CommandLine.arguments.dropFirst()))
    var entries: [(name: String, text: String)] = []
    for path in invocation.inputs {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard !entries.contains(where: { $0.name == name }) else {
            throw EmbedError(description: "\(path): a second file named \(name); embedded files are keyed by file name")
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw EmbedError(description: "\(path): cannot be read")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw EmbedError(description: "\(path): is not UTF-8 text")
        }
        entries.append((name, text))
    }
    var swift = """
        // Generated at build time by the EmbedFiles plugin (Sources/tilsyn-embed) — do not edit;
        // edit the files it was made from: \(invocation.inputs.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")).
        extension \(invocation.typeName) {
            /// File name → its exact text.
            \(invocation.isPublic ? "public " : "")static let embedded: [String: String] = [

        """
    for entry in entries.sorted(by: { $0.name < $1.name }) {
        swift += "        \(escapedLiteral(entry.name)): \(literal(entry.text)),\n"
    }
    swift += entries.isEmpty ? "        :\n    ]\n}\n" : "    ]\n}\n"
    do {
        try Data(swift.utf8).write(to: URL(fileURLWithPath: invocation.output), options: .atomic)
    } catch {
        throw EmbedError(description: "\(invocation.output): cannot be written (\(error.localizedDescription))")
    }
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("tilsyn-embed: \(error.description)\n".utf8))
    exit(1)
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Responses in the service's formats: JSON with sorted keys, UTF-8 HTML, Markdown.
enum Reply {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Records hold dates; the API writes them as the store does: ISO 8601, UTC, whole seconds.
        encoder.dateEncodingStrategy = .iso8601
        return bytes(try encoder.encode(value), contentType: "application/json; charset=utf-8", status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var response = bytes(Data(text.utf8), contentType: "text/html; charset=utf-8", status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        // Straight into the buffer: a card is tens of kilobytes, copied once rather than twice.
        let buffer = ByteBuffer(string: text)
        return Response(status: status, headers: [.contentType: contentType, .contentLength: String(buffer.readableBytes)],
                        body: .init(byteBuffer: buffer))
    }

    /// A card as it was rendered, UTF-8 already: copied once, into the response's buffer.
    static func utf8(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType, .contentLength: String(bytes.count)],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func bytes(_ data: Data, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType, .contentLength: String(data.count)],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The media type of a report or card format.
    static func contentType(_ format: String) -> String {
        switch format {
        case "html": "text/html; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        default: "application/json; charset=utf-8"
        }
    }
}

/// Query parameters with a fixed set of values.
enum Query {
    /// The value of `name` if it is one of `allowed`, the default when absent, 400 otherwise.
    static func choice(_ request: Request, _ name: String, _ allowed: [String], default value: String) throws -> String {
        guard let given = request.uri.queryParameters[name[...]].map(String.init) else { return value }
        guard allowed.contains(given) else {
            throw HTTPError(.badRequest, message: "The query parameter '\(name)' must be one of \(allowed.joined(separator: ", ")).")
        }
        return given
    }

    /// Access codes travel in bodies only: an address with one is refused before anything else happens,
    /// so the code is not acted on (and never logged, since logs carry route patterns, not queries).
    static func refuseCode(_ request: Request) throws {
        let parameters = request.uri.queryParameters
        if parameters["code"] != nil || parameters["access_code"] != nil {
            throw HTTPError(.badRequest, message: "Send the access code in the request body, never in the address.")
        }
    }
}

import Foundation
import Hummingbird
import NIOCore

/// Decodes a request body as JSON or as an HTML form, whichever its `Content-Type` says, and turns every
/// way a body can be wrong into a 400 with one sentence naming the field.
///
/// The body was already read (up to the size limit) by ``BodyLimitMiddleware``; the sentence never
/// repeats the body, which may hold an access code.
public struct BodyDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        do {
            if contentType.hasPrefix("application/x-www-form-urlencoded") {
                do {
                    return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
                } catch is URLEncodedFormError {
                    // A field given twice, a malformed key: the form, not the service, is wrong.
                    throw HTTPError(.badRequest, message: "The form could not be read; send each field once.")
                }
            }
            guard contentType.isEmpty || contentType.hasPrefix("application/json") else {
                throw HTTPError(.unsupportedMediaType, message: "Send the body as application/json (or an HTML form), not \(Self.quoted(contentType)).")
            }
            guard buffer.readableBytes > 0 else { throw HTTPError(.badRequest, message: "The request body is empty; expected a JSON object.") }
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: Self.sentence(error))
        }
    }

    /// One sentence for a decoding failure: the field and what was expected, never the value sent.
    static func sentence(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return "The request body lacks the field '\(field)'."
        case .typeMismatch(let type, let context):
            return context.codingPath.isEmpty
                ? "The request body must be a JSON object."
                : "The field '\(path(context.codingPath))' must be \(Self.describe(type))."
        case .valueNotFound(let type, let context):
            return "The field '\(path(context.codingPath))' must be \(Self.describe(type)), not null."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "The request body is not valid JSON."
                : "The field '\(path(context.codingPath))' has a value that cannot be read."
        @unknown default:
            return "The request body could not be read."
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is UInt64.Type: "a whole number from 0 to 18446744073709551615"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "of the documented type"
        }
    }

    static func quoted(_ s: String) -> String { "'" + String(s.prefix(60)) + "'" }
}

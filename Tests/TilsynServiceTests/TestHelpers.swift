import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import _TilsynTestSupport

/// A JSON body from a dictionary literal.
func jsonBody(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
}

/// A body from raw text (for malformed JSON and forms).
func rawBody(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

func bearer(_ secret: String, json: Bool = true) -> HTTPFields {
    var headers: HTTPFields = [.authorization: "Bearer \(secret)"]
    if json { headers[.contentType] = "application/json" }
    return headers
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The error sentence of a JSON error response.
    var errorMessage: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let error = object["error"] as? [String: Any] else { return nil }
        return error["message"] as? String
    }

    var jsonObject: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] }
    var jsonArray: [[String: Any]]? { try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [[String: Any]] }
}

/// The headers every response must carry (checked on successes and failures alike).
func expectSecurityHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, sourceLocation: sourceLocation)
    #expect(response.headers[.xContentTypeOptions] == "nosniff", sourceLocation: sourceLocation)
    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", sourceLocation: sourceLocation)
    #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil, sourceLocation: sourceLocation)
}

func form(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
}

extension TestResponse {
    /// The sentence an HTML page shows in its alert (`<p class="notice" role="alert">`), as a reader sees it.
    var alertMessage: String? {
        let html = text
        guard let start = html.range(of: "role=\"alert\">"), let end = html.range(of: "</p>", range: start.upperBound..<html.endIndex) else { return nil }
        return PageText.plain(String(html[start.upperBound..<end.lowerBound]))
    }

    /// The error sentence of any error response: a JSON error's `message`, an HTML page's alert, or else
    /// the whole body.
    var refusal: String? {
        let type = headers[.contentType] ?? ""
        if type.hasPrefix("application/json") || type.hasPrefix("application/problem+json") { return errorMessage }
        if type.hasPrefix("text/html") { return alertMessage }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// An error answer checked whole (issue 11): its status and the whole sentence it says — the JSON
/// error's `message`, or the alert of an HTML page, in the request's language — so the check fails when
/// the request succeeds, when another error comes, and when the sentence changes.
func expectError(_ response: TestResponse, _ status: HTTPResponse.Status, _ sentence: String, _ comment: Comment? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    if ProcessInfo.processInfo.environment["TILSYN_CAPTURE_ERRORS"] != nil {
        print("CAPTURE\t\(sourceLocation.fileName):\(sourceLocation.line)\t\(response.status.code)\t\(response.refusal ?? "<nil>")")
    }
    #expect(response.status == status, comment, sourceLocation: sourceLocation)
    #expect(response.refusal == sentence, comment, sourceLocation: sourceLocation)
}

/// The error sentence of a JSON error body kept as text.
func errorMessage(ofJSON text: String) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
          let error = object["error"] as? [String: Any] else { return nil }
    return error["message"] as? String
}

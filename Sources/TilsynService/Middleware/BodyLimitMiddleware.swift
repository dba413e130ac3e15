import Hummingbird
import NIOCore
import NIOHTTP1

/// Refuses bodies over the limit with 413 before they are held in memory, and reads the rest once so
/// handlers decode from memory.
///
/// A declared `Content-Length` over the limit is refused without reading a byte; a chunked body is read
/// only up to the limit. A body that cannot be read because it is not valid HTTP (a malformed chunk size,
/// say) is the client's fault: 400 with a sentence, not a 500 and an error in the log.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw Self.tooLarge(limit)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limit)
        } catch let error as HTTPParserError {
            throw HTTPError(.badRequest, message: "The request body is not valid HTTP (\(Self.reason(error))).")
        }
        return try await next(request, context)
    }

    /// What was wrong, in words (the parser's own names are for programmers).
    static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidChunkSize: "a chunk size that is not a hexadecimal number"
        case .invalidContentLength: "an invalid Content-Length"
        case .unexpectedContentLength: "a Content-Length where none is allowed"
        case .closedConnection: "the connection closed before the body ended"
        default: "it cannot be parsed"
        }
    }

    static func tooLarge(_ limit: Int) -> HTTPError {
        HTTPError(.contentTooLarge, message: "The request body is larger than the \(limit) bytes this service accepts.")
    }
}

import Hummingbird
import NIOCore

/// Refuses bodies over the limit with 413 before they are held in memory, and reads the rest once so
/// handlers decode from memory.
///
/// A declared `Content-Length` over the limit is refused without reading a byte; a chunked body is read
/// only up to the limit.
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
        }
        return try await next(request, context)
    }

    static func tooLarge(_ limit: Int) -> HTTPError {
        HTTPError(.contentTooLarge, message: "The request body is larger than the \(limit) bytes this service accepts.")
    }
}

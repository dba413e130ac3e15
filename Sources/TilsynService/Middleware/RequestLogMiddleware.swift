import HTTPTypes
import Hummingbird
import Logging

/// One structured log line per request: request id, method, route pattern, status and duration.
///
/// The route is the pattern (`/api/v1/inspector/lists/{id}`), never the path or the query, and no header
/// or body is logged: paths may hold ids, bodies hold access codes, headers hold tokens, and responses
/// hold cards. The request id is returned in `X-Request-Id` so a user can quote it.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let id = context.id
        response.headers[HTTPField.Name("X-Request-Id")!] = id
        logger.info("request", metadata: [
            "request_id": .string(id),
            "method": .string(request.method.rawValue),
            "route": .string(context.endpointPath ?? "(none)"),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible((ms * 100).rounded() / 100),
        ])
        return response
    }
}

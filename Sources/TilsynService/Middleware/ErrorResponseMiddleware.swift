import Hummingbird
import Logging

/// Turns every failure into a response with one sentence, and nothing else.
///
/// Errors the service raises on purpose are ``HTTPError``s that already carry their sentence. Hummingbird's
/// own (no such route, body too large) get one here. Anything else is a fault: it is logged with its
/// type and the request id, and the client learns only that, never the message, which could name a file,
/// a path or a value.
struct ErrorResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var error = error
            if error.body == nil { error.body = Self.sentence(for: error.status) }
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try HTTPError(error.status, message: Self.sentence(for: error.status)).response(from: request, context: context)
        } catch let error where ServicePhrasing.httpError(for: error) != nil {
            // A job's refusal that a route did not answer itself: the same sentence it would have given.
            return try (ServicePhrasing.httpError(for: error) ?? HTTPError(.badRequest)).response(from: request, context: context)
        } catch {
            let type = String(reflecting: Swift.type(of: error))
            var metadata: Logger.Metadata = [
                "request_id": .string(context.id), "route": .string(context.endpointPath ?? "(none)"), "error_type": .string(type),
            ]
            // The store's errors name files and SQL, never a secret; any other error's text may quote the
            // request (a form field, a value), so only its type is logged.
            if type.hasPrefix("GRDB.") || type.hasPrefix("TilsynStore.") { metadata["error"] = .string("\(error)") }
            logger.error("unhandled error", metadata: metadata)
            let message = "The service could not answer this request; quote request id \(context.id) to the operator."
            return try HTTPError(.internalServerError, message: message).response(from: request, context: context)
        }
    }

    static func sentence(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "The request is malformed."
        case 401: "This endpoint needs a valid role token in an 'Authorization: Bearer' header."
        case 403: "Your token does not allow this."
        case 404: "There is nothing at this address."
        case 405: "This address does not accept that method."
        case 413: "The request body is larger than this service accepts."
        case 415: "Send the body as application/json."
        case 429: "Too many requests; wait and try again."
        default: "The request could not be answered (\(status.code))."
        }
    }
}

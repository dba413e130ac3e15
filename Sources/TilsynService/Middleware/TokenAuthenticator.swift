import Foundation
import Hummingbird
import HummingbirdAuth
import TilsynStore

/// Reads `Authorization: Bearer …` and, when the store knows the token (not revoked, not expired), makes
/// its holder the request's ``Caller``. A request without a valid token goes on without one; the role
/// middleware in front of each group then refuses it.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = ServiceContext
    let store: TilsynDatabase
    let clock: ServiceClock

    func authenticate(request: Request, context: ServiceContext) async throws -> Caller? {
        guard let bearer = request.headers.bearer, !bearer.token.isEmpty, bearer.token.count <= 512 else { return nil }
        guard let record = try await store.authenticate(token: bearer.token, now: clock.now()) else { return nil }
        return Caller(tokenID: record.id, name: record.name, role: record.role)
    }
}

/// Lets only callers holding `role` through: 401 (with `WWW-Authenticate`) without a valid token, 403
/// with one of another role. Both sentences are the same whatever was wrong with the token, so a caller
/// cannot tell an unknown token from a revoked or expired one.
struct RequireRoleMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let role: Role

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard let caller = context.identity else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: #"Bearer realm="tilsyn""#],
                            message: "This endpoint needs a valid \(role.rawValue) token in an 'Authorization: Bearer' header.")
        }
        guard caller.role == role else {
            throw HTTPError(.forbidden, message: "This endpoint is for the \(role.rawValue) role; your token is for the \(caller.role.rawValue) role.")
        }
        return try await next(request, context)
    }
}

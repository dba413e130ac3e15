import HTTPTypes
import Hummingbird

/// Answers 405 with `Allow` when the path exists but not for this method.
///
/// Hummingbird's router answers a known path with an unknown method as it answers an unknown path (404).
/// Added after every route, this middleware wraps only the not-found responder, so it runs exactly when
/// nothing matched; it compares the path with the route patterns (`{id}` matches one segment).
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route pattern's segments and the methods it accepts.
    let routes: [(segments: [Substring], methods: [String])]

    init(routes: [(method: String, path: String)]) {
        var byPath: [String: [String]] = [:]
        for route in routes { byPath[route.path, default: []].append(route.method) }
        self.routes = byPath.map { (segments: $0.key.split(separator: "/"), methods: $0.value.sorted()) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path.split(separator: "/")
        let allowed = routes.filter { route in
            route.segments.count == path.count && zip(route.segments, path).allSatisfy { $0.first == "{" || $0 == $1 }
        }.flatMap(\.methods)
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { return try await next(request, context) }
        let list = Set(allowed).sorted().joined(separator: ", ")
        throw HTTPError(.methodNotAllowed, headers: [.allow: list], message: "This address accepts \(list) only.")
    }
}

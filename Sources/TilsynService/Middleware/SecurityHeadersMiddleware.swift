import HTTPTypes
import Hummingbird

/// Headers every response carries, error responses included.
///
/// The card HTML is self-contained (inline CSS and SVG, no scripts, fonts or images), so the policy can
/// forbid everything else: no script runs, nothing is fetched, no other site may frame the page or
/// receive a form. `no-store` keeps cards, lists and codes out of browser and proxy caches; a response
/// may set its own `Cache-Control` (the OpenAPI document does).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

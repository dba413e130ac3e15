import Hummingbird
import TilsynCore
import TilsynReports

/// What anyone may read: liveness, the API's description and the model card.
///
/// The model card is public by design (its first part is written for the public, and a company's card
/// points to it); only the board's copy is behind a token, because reading it there is audited as the
/// board's review.
struct PublicRoutes {
    let parts: ServiceParts

    func register(on router: Router<ServiceContext>) {
        router.get("/healthz") { _, _ in
            // Nothing about the model, the register or the store: a probe needs only to know we answer.
            var response = try Reply.json(["status": "ok"])
            response.headers[.cacheControl] = "no-cache"
            return response
        }
        router.get("/openapi.json") { _, _ in
            var response = Reply.text(OpenAPIDocument.text, contentType: "application/json; charset=utf-8")
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
        router.get("/method") { _, _ in
            guard let html = MethodPage.html() else { throw HTTPError(.notFound, message: "The method note is not part of this build.") }
            var response = Reply.html(html)
            response.headers[.cacheControl] = "public, max-age=300"
            return response
        }
        // What every JSON card of this model would otherwise repeat (each line's correction route, unit,
        // source and text), once; public like the model card it comes from, and cacheable until the model changes.
        let texts = CardTextsDocument.text(model: parts.served.model)
        // The tag names the document's form too (`-2`: `source` and `text` added for the summary card), so a
        // copy cached before it changed is fetched again.
        let tag = "\"\(parts.served.model.fingerprint.prefix(32))-2\""
        router.get(RouterPath(ServiceConfiguration.cardTextsPath)) { request, _ in
            var response = request.headers[.ifNoneMatch] == tag
                ? Response(status: .notModified)
                : Reply.text(texts, contentType: "application/json; charset=utf-8")
            response.headers[.eTag] = tag
            response.headers[.cacheControl] = "public, max-age=3600"
            return response
        }
        router.get("/model-card") { request, _ in
            let language = try Query.choice(request, "lang", CardTexts.languages, default: "da")
            return Reply.html(try await ModelCardPage.render(parts, format: "html", language: language))
        }
    }
}

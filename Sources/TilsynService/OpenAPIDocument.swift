/// The service's OpenAPI 3.1 document, served at `/openapi.json`.
///
/// The file `Sources/TilsynService/openapi.json` is the only copy: the EmbedFiles build-tool plugin compiles
/// it in at build time (`OpenAPIDocument+Embedded.swift` under `.build`), and a test checks that it
/// documents exactly the router's routes.
public enum OpenAPIDocument {
    /// The document's exact text.
    public static var text: String { embedded["openapi.json"] ?? "" }
}

import _TilsynTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynReports
import TilsynService
@testable import TilsynStore

/// Health, the OpenAPI document (served, committed and matching the routes), the public model card, and
/// what an unknown address gets.
@Suite struct PublicEndpointTests {
    @Test func healthSaysOkAndNothingElse() async throws {
        let service = try await TestService()
        try await service.test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == #"{"status":"ok"}"#)
                expectSecurityHeaders(response)
            }
        }
    }

    @Test func theOpenAPIDocumentIsServedAndIsTheCommittedFile() async throws {
        let service = try await TestService()
        let committed = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Sources/TilsynService/openapi.json"), encoding: .utf8)
        try await service.test { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.text == committed)
                #expect(response.jsonObject?["openapi"] as? String == "3.1.0")
            }
        }
    }

    /// Every route the router has is documented, and every documented operation exists.
    @Test func theOpenAPIDocumentMatchesTheRoutes() async throws {
        let service = try await TestService()
        let router = try ServiceApplication.router(served: service.served, database: service.database, configuration: service.configuration,
                                                   clock: service.clock.clock, logger: service.logs.logger)
        let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let text = OpenAPIDocument.text
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        #expect(routes == documented, "router only: \(routes.subtracting(documented)); document only: \(documented.subtracting(routes))")
    }

    @Test(arguments: ["da", "en"]) func theModelCardIsPublic(lang: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            try await client.execute(uri: "/model-card?lang=\(lang)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<html"))
                #expect(!response.text.contains("<script"))
            }
        }
    }

    @Test(arguments: ["/nothing", "/api/v1/company/card/../../etc/passwd", "/api/v2/company/card", "/%2e%2e/%2e%2e/etc/passwd", "/Explain/openapi.json"])
    func unknownAddressesAre404WithASentence(uri: String) async throws {
        let service = try await TestService()
        try await service.test { client in
            try await client.execute(uri: uri, method: .get) { response in
                expectError(response, .notFound, "There is nothing at this address.")
                #expect(!response.text.contains("root:") && !response.text.contains("/work"))
                expectSecurityHeaders(response)
            }
        }
    }

    @Test func aKnownAddressWithAnotherMethodIs405WithAllow() async throws {
        let service = try await TestService()
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .get) { response in
                expectError(response, .methodNotAllowed, "This address accepts POST only.")
                #expect(response.headers[.allow] == "POST")
                expectSecurityHeaders(response)
            }
            try await client.execute(uri: "/healthz", method: .delete) { expectError($0, .methodNotAllowed, "This address accepts GET only.") }
            try await client.execute(uri: "/company/correction", method: .put) { #expect($0.headers[.allow] == "GET, POST") }
            try await client.execute(uri: "/api/v1/inspector/lists/7", method: .delete) { #expect($0.headers[.allow] == "GET") }
            try await client.execute(uri: "/", method: .init("TRACE")!) { expectError($0, .methodNotAllowed, "This address accepts GET only.") }
            try await client.execute(uri: "/api/v1/inspector/lists/7/rows", method: .get) { expectError($0, .notFound, "There is nothing at this address.") }
        }
    }
}

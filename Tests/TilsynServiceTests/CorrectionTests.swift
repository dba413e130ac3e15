import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynService
@testable import TilsynStore

/// Correction requests: companies submit behind their code; inspectors see and resolve them.
@Suite struct CorrectionTests {
    @Test func aCompanySubmitsAndAnInspectorResolves() async throws {
        let service = try await TestService()
        let a = service.a, inspector = service.inspector
        let field = try #require(service.served.correctableFields.first)
        try await service.test { client in
            let id = try await client.execute(uri: "/api/v1/company/corrections", method: .post, headers: jsonHeaders, body: jsonBody([
                "unit": a.unit, "code": a.code, "field": field, "claimed_value": "0", "message": "withdrawn on appeal", "contact": "hr@example.dk",
            ])) { response in
                #expect(response.status == .created)
                let receipt = try #require(response.jsonObject)
                #expect(receipt["status"] as? String == "open")
                #expect(!response.text.contains(a.code))
                return try #require(receipt["id"] as? Int)
            }
            try await client.execute(uri: "/api/v1/inspector/corrections", method: .get, headers: bearer(inspector.secret)) { response in
                #expect(response.status == .ok)
                let rows = try #require(response.jsonArray)
                #expect(rows.count == 1)
                #expect(rows.first?["unit"] as? String == a.unit)
                #expect(rows.first?["field"] as? String == field)
            }
            try await client.execute(uri: "/api/v1/inspector/corrections/\(id)/resolve", method: .post, headers: bearer(inspector.secret),
                                     body: jsonBody(["status": "accepted", "note": "register corrected at source"])) { response in
                #expect(response.status == .ok)
                #expect(response.jsonObject?["status"] as? String == "accepted")
                #expect(response.jsonObject?["status_by"] as? String == "Inspector Hansen")
            }
            try await client.execute(uri: "/api/v1/inspector/corrections?status=open", method: .get, headers: bearer(inspector.secret)) { response in
                #expect(response.jsonArray?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/inspector/corrections?status=all", method: .get, headers: bearer(inspector.secret)) { response in
                #expect(response.jsonArray?.count == 1)
            }
        }
        #expect(try await service.database.verifyAuditChain().isIntact)
    }

    @Test func aCorrectionNeedsTheCodeAndPlainText() async throws {
        let service = try await TestService()
        let a = service.a, b = service.b
        try await service.test { client in
            let base: [String: Any] = ["unit": a.unit, "code": a.code, "field": "industry", "claimed_value": "x", "message": "m", "contact": "x"]
            var wrong = base; wrong["code"] = b.code
            try await client.execute(uri: "/api/v1/company/corrections", method: .post, headers: jsonHeaders, body: jsonBody(wrong)) {
                expectError($0, .notFound, "No card matches this unit id and access code.")
            }
            // Any short text names the item (a register value the card does not show, say); blank does not.
            var other = base; other["field"] = "registered address"
            try await client.execute(uri: "/api/v1/company/corrections", method: .post, headers: jsonHeaders, body: jsonBody(other)) {
                #expect($0.status == .created)
            }
            var blank = base; blank["field"] = " \u{3000}\u{FEFF}"
            try await client.execute(uri: "/api/v1/company/corrections", method: .post, headers: jsonHeaders, body: jsonBody(blank)) {
                expectError($0, .badRequest, "field must not be empty.")
            }
            var c1 = base; c1["message"] = "line\u{85}break"
            try await client.execute(uri: "/api/v1/company/corrections", method: .post, headers: jsonHeaders, body: jsonBody(c1)) {
                expectError($0, .badRequest, "message must not contain control characters.")
            }
            var lines = base; lines["message"] = "first line\r\nsecond\tline"
            try await client.execute(uri: "/api/v1/company/corrections", method: .post, headers: jsonHeaders, body: jsonBody(lines)) {
                #expect($0.status == .created)
            }
            var control = base; control["contact"] = "a\u{1b}[31mred"
            try await client.execute(uri: "/api/v1/company/corrections", method: .post, headers: jsonHeaders, body: jsonBody(control)) {
                expectError($0, .badRequest, "contact must not contain control characters.")
            }
            var long = base; long["claimed_value"] = String(repeating: "x", count: 201)
            try await client.execute(uri: "/api/v1/company/corrections", method: .post, headers: jsonHeaders, body: jsonBody(long)) {
                expectError($0, .badRequest, "claimed_value must be at most 200 characters.")
            }
        }
    }

    @Test(arguments: ["abc", "0", "-1", "..", "1.5", "99999999999999999999"])
    func resolvingNeedsANumericId(id: String) async throws {
        let service = try await TestService()
        let inspector = service.inspector
        try await service.test { client in
            try await client.execute(uri: "/api/v1/inspector/corrections/\(id)/resolve", method: .post, headers: bearer(inspector.secret),
                                     body: jsonBody(["status": "accepted", "note": "x"])) { response in
                expectError(response, .badRequest, "A correction id is a positive whole number.", "\(id)")
            }
        }
    }

    @Test func resolvingAnUnknownRequestIs404AndABadStatusIs400() async throws {
        let service = try await TestService()
        let inspector = service.inspector
        try await service.test { client in
            try await client.execute(uri: "/api/v1/inspector/corrections/42/resolve", method: .post, headers: bearer(inspector.secret),
                                     body: jsonBody(["status": "accepted", "note": "x"])) { expectError($0, .notFound, "There is no correction request with this id.") }
            try await client.execute(uri: "/api/v1/inspector/corrections/1/resolve", method: .post, headers: bearer(inspector.secret),
                                     body: jsonBody(["status": "maybe", "note": "x"])) { expectError($0, .badRequest, "status must be one of in_review, accepted, rejected.") }
        }
    }
}

import _TilsynTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynService
@testable import TilsynStore

/// Role tokens: every inspector and board endpoint refuses a missing, unknown, expired or revoked token
/// (401, the same sentence) and a token of the other role (403), and never echoes a token.
@Suite struct RoleTokenTests {
    /// Every protected endpoint, with the role it needs.
    static let endpoints: [(HTTPRequest.Method, String, Role)] = [
        (.post, "/api/v1/inspector/lists", .inspector),
        (.get, "/api/v1/inspector/lists", .inspector),
        (.get, "/api/v1/inspector/lists/1", .inspector),
        (.get, "/api/v1/inspector/corrections", .inspector),
        (.post, "/api/v1/inspector/corrections/1/resolve", .inspector),
        (.get, "/api/v1/board/model-card", .board),
        (.get, "/api/v1/board/reports/validation", .board),
        (.get, "/api/v1/board/reports/fairness", .board),
        (.get, "/api/v1/board/reports/drift", .board),
        (.get, "/api/v1/board/approvals", .board),
        (.post, "/api/v1/board/approvals", .board),
    ]

    @Test func withoutAValidTokenEveryProtectedEndpointIs401() async throws {
        let service = try await TestService()
        let expired = try await service.database.issueToken(role: .inspector, name: "Expired", expires: isoTime("2026-01-01T00:00:00Z"), at: isoTime("2025-01-01T00:00:00Z"))
        let revoked = try await service.database.issueToken(role: .board, name: "Revoked", expires: nil, at: isoTime("2026-11-16T08:00:00Z"))
        try await service.database.revokeToken(id: revoked.id, at: isoTime("2026-11-17T08:00:00Z"))
        let headerSets: [HTTPFields] = [
            [:],
            [.authorization: "Bearer"],
            [.authorization: "Bearer not-a-token"],
            [.authorization: "Basic \(Data("inspector:secret".utf8).base64EncodedString())"],
            [.authorization: "Bearer \(expired.secret)"],
            [.authorization: "Bearer \(revoked.secret)"],
        ]
        try await service.test { client in
            for (method, uri, role) in Self.endpoints {
                var bodies: [String] = []
                for headers in headerSets {
                    try await client.execute(uri: uri, method: method, headers: headers, body: jsonBody([:])) { response in
                        expectError(response, .unauthorized, "This endpoint needs a valid \(role.rawValue) token in an 'Authorization: Bearer' header.", "\(method) \(uri)")
                        #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                        #expect(!response.text.contains(expired.secret) && !response.text.contains(revoked.secret))
                        expectSecurityHeaders(response)
                        bodies.append(response.text)
                    }
                }
                #expect(Set(bodies).count == 1, "the same answer whatever is wrong with the token: \(uri)")
            }
        }
    }

    @Test func aTokenOfTheOtherRoleIs403() async throws {
        let service = try await TestService()
        let inspector = service.inspector, board = service.board
        try await service.test { client in
            for (method, uri, role) in Self.endpoints {
                let wrong = role == .inspector ? board.secret : inspector.secret
                try await client.execute(uri: uri, method: method, headers: bearer(wrong), body: jsonBody([:])) { response in
                    expectError(response, .forbidden, "This endpoint is for the \(role.rawValue) role; your token is for the \(role == .inspector ? "board" : "inspector") role.", "\(method) \(uri)")
                    #expect(!response.text.contains(wrong))
                }
            }
        }
    }

    @Test func tokensAndCodesNeverReachTheLog() async throws {
        let service = try await TestService()
        let a = service.a, inspector = service.inspector, board = service.board
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders, body: jsonBody(["unit": a.unit, "code": a.code])) { _ in }
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders, body: jsonBody(["unit": a.unit, "code": "WRONG-GUESS"])) { _ in }
            try await client.execute(uri: "/api/v1/inspector/lists", method: .get, headers: bearer(inspector.secret)) { _ in }
            try await client.execute(uri: "/api/v1/board/model-card", method: .get, headers: bearer(board.secret)) { _ in }
            try await client.execute(uri: "/api/v1/board/model-card", method: .get, headers: bearer("made-up-token")) { _ in }
        }
        let log = service.logs.all
        let requests = log.filter { $0.contains("\"message\":\"request\"") }
        #expect(requests.count == 5)
        for line in requests {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["request_id"] is String && object["route"] is String && object["status"] is Int && object["duration_ms"] is Double)
        }
        let all = log.joined()
        for secret in [a.code, "WRONG-GUESS", inspector.secret, board.secret, "made-up-token"] {
            #expect(!all.contains(secret), "a secret reached the log")
        }
        #expect(!all.contains("probability") && !all.contains("log_odds"))
        #expect(all.contains("/api/v1/company/card") && all.contains("\"status\":404"))
    }
}

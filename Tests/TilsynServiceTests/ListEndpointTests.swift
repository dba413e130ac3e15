import _TilsynTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynService
@testable import TilsynStore

/// Inspectors' lists: the same selection as `tilsyn list`, recorded and fetched back.
@Suite struct ListEndpointTests {
    static var request: [String: Any] {
        ["as_of": "2026-11-16", "capacity": 40, "random_share": 0.25, "seed": 7, "exclude_days": 365,
         "exclude_if": ["certified", "private_household"]]
    }

    @Test func anIssuedListIsRecordedAndCanBeFetched() async throws {
        let service = try await TestService()
        let inspector = service.inspector
        try await service.test { client in
            let (id, sha) = try await client.execute(uri: "/api/v1/inspector/lists", method: .post, headers: bearer(inspector.secret),
                                                     body: jsonBody(Self.request)) { response -> (Int, String) in
                #expect(response.status == .created)
                let body = try #require(response.jsonObject)
                let list = try #require(body["list"] as? [String: Any])
                let rows = try #require(body["rows"] as? [[String: Any]])
                #expect(rows.count == 40)
                #expect(rows.filter { $0["channel"] as? String == "random" }.count == 10)
                #expect(rows.allSatisfy { ($0["top_reasons"] as? String)?.isEmpty == false })
                #expect(list["issued_by"] as? String == "Inspector Hansen")
                let manifest = try #require(body["manifest"] as? [String: Any])
                #expect(manifest["format"] as? String == "tilsyn.list-manifest/1")
                let parameters = try #require(manifest["parameters"] as? [String: Any])
                #expect(parameters["seed"] as? Int == 7)
                return (try #require(list["id"] as? Int), try #require(list["sha256"] as? String))
            }
            try await client.execute(uri: "/api/v1/inspector/lists", method: .get, headers: bearer(inspector.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.jsonArray?.map { $0["id"] as? Int } == [id])
            }
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)", method: .get, headers: bearer(inspector.secret)) { response in
                #expect(response.status == .ok)
                let body = try #require(response.jsonObject)
                #expect((body["rows"] as? [[String: Any]])?.count == 40)
                #expect((body["list"] as? [String: Any])?["sha256"] as? String == sha)
                #expect((body["manifest"] as? [String: Any])?["outputs"] != nil)
            }
        }
        #expect(try await service.database.verifyAuditChain().isIntact)
    }

    @Test(arguments: ["999", "..", "..%2F..%2Fetc%2Fpasswd", "abc", "1%00", "-3"])
    func unknownAndMalformedListIdsLeakNothing(id: String) async throws {
        let service = try await TestService()
        let inspector = service.inspector
        try await service.test { client in
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)", method: .get, headers: bearer(inspector.secret)) { response in
                #expect(response.status == (id == "999" ? .notFound : .badRequest))
                let message = try #require(response.errorMessage)
                #expect(!message.contains("passwd") && !message.contains("/") && !message.contains("sqlite"))
                expectSecurityHeaders(response)
            }
        }
    }

    @Test(arguments: [
        (#"{"random_share": 1.5}"#, "random_share"),
        (#"{"as_of": "16/11/2026"}"#, "as_of"),
        (#"{"exclude_days": -1}"#, "exclude_days"),
        (#"{"exclude_if": ["vip"]}"#, "exclude_if"),
        (#"{"capacity": -2}"#, "capacity"),
        (#"{"capacity": 10, "capacity_per_region": [{"region": "Hovedstaden", "capacity": 5}]}"#, "does not match"),
        (#"{"capacity": null, "capacity_per_region": [{"region": "Atlantis", "capacity": 5}]}"#, "not in the register"),
        (#"{"capacity": null}"#, "capacity"),
        (#"{"language": "de"}"#, "language"),
        (#"{"seed": -1}"#, "seed"),
        (#"{"capacity": 1000000001}"#, "capacity"),
    ])
    func badListRequestsAreRefusedWithTheirField(change: String, field: String) async throws {
        let service = try await TestService()
        let inspector = service.inspector
        var body = Self.request
        let patch = try #require(try JSONSerialization.jsonObject(with: Data(change.utf8)) as? [String: Any])
        for (k, v) in patch { body[k] = v is NSNull ? nil : v }
        let request = jsonBody(body)
        try await service.test { client in
            try await client.execute(uri: "/api/v1/inspector/lists", method: .post, headers: bearer(inspector.secret), body: request) { response in
                expectError(response, .badRequest, "")
                #expect(response.errorMessage?.contains(field) == true, "\(response.errorMessage ?? "")")
            }
        }
    }

    /// A capacity beyond the register (here a billion) is refused before any work, naming the bound
    /// (issue 17, finding 10: it took 55 s and returned 285,887 rows).
    @Test func aCapacityBeyondTheRegisterIsRefusedBeforeAnyWork() async throws {
        let service = try await TestService()
        let inspector = service.inspector
        var request = Self.request
        request["capacity"] = 1_000_000_000
        request["random_share"] = 1.0
        let body = jsonBody(request)
        try await service.test { client in
            try await client.execute(uri: "/api/v1/inspector/lists", method: .post, headers: bearer(inspector.secret), body: body) { response in
                expectError(response, .badRequest, "")
                let message = try #require(response.errorMessage)
                #expect(message.hasPrefix("The requested capacity, 1000000000, is more than a list can hold: the register has only "), "\(message)")
            }
        }
    }

    /// The service's list is the list `tilsyn list` writes for the same register, model and options:
    /// the SHA-256 the service records equals the CLI's CSV file's.
    @Test(arguments: [false, true])
    func theServiceDrawsTheSameListAsTheCLI(byRegion: Bool) async throws {
        let fixture = try ServiceFixture.loaded.get()
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try fixture.modelJSON.write(to: dir.appendingPathComponent("model.json"))
        try Data(fixture.registerCSV).write(to: dir.appendingPathComponent("register.csv"))
        var arguments = ["list", "--model", "model.json", "--data", "register.csv", "--as-of", "2026-11-16", "--random-share", "0.25",
                         "--seed", "7", "--exclude-days", "365", "--exclude-if", "certified", "--exclude-if", "private_household",
                         "--out", "list.csv", "--allow-unapproved", "--quiet"]
        var request = Self.request
        if byRegion {
            try "region,capacity\nHovedstaden,12\nSjælland,5\nSyddanmark,9\n".write(to: dir.appendingPathComponent("regions.csv"), atomically: true, encoding: .utf8)
            arguments += ["--capacity-file", "regions.csv"]
            request["capacity"] = nil
            request["capacity_per_region"] = [["region": "Hovedstaden", "capacity": 12], ["region": "Sjælland", "capacity": 5], ["region": "Syddanmark", "capacity": 9]]
        } else {
            arguments += ["--capacity", "40"]
        }
        let cli = try CommandRunner.run(arguments, in: dir)
        try #require(cli.status == 0, "\(cli.stderr)")
        let expected = try FileDigest.sha256(path: dir.appendingPathComponent("list.csv").path)

        let service = try await TestService()
        let inspector = service.inspector, body = jsonBody(request)
        let sha = try await service.test { client in
            try await client.execute(uri: "/api/v1/inspector/lists", method: .post, headers: bearer(inspector.secret), body: body) { response in
                #expect(response.status == .created, "\(response.text)")
                return (response.jsonObject?["list"] as? [String: Any])?["sha256"] as? String
            }
        }
        #expect(sha == expected)
    }
}

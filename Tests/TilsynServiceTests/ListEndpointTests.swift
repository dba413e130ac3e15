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
        let sentence = id == "999" ? "There is no list with this id." : "A list id is a positive whole number."
        let service = try await TestService()
        let inspector = service.inspector
        try await service.test { client in
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)", method: .get, headers: bearer(inspector.secret)) { response in
                expectError(response, id == "999" ? .notFound : .badRequest, sentence)
                let message = try #require(response.errorMessage)
                #expect(!message.contains("passwd") && !message.contains("/") && !message.contains("sqlite"))
                expectSecurityHeaders(response)
            }
        }
    }

    @Test(arguments: [
        (#"{"random_share": 1.5}"#, "The list cannot be drawn: random_share must be a number from 0 to 1."),
        (#"{"as_of": "16/11/2026"}"#, "as_of must be a calendar date YYYY-MM-DD."),
        (#"{"exclude_days": -1}"#, "The list cannot be drawn: exclude_days must be a whole number of days from 0 to 36500."),
        (#"{"exclude_if": ["vip"]}"#, "exclude_if names a value, which is not in the flag columns loaded (certified, private_household)."),
        (#"{"capacity": -2}"#, "The list cannot be drawn: capacity must be a whole number of inspections from 0 to 1000000000."),
        (#"{"capacity": 10, "capacity_per_region": [{"region": "Hovedstaden", "capacity": 5}]}"#,
         "capacity 10 does not match the total 5 of capacity_per_region; give one or make them agree."),
        (#"{"capacity": null, "capacity_per_region": [{"region": "Atlantis", "capacity": 5}]}"#,
         "capacity_per_region names a value, which is not in the register's regions (Hovedstaden, Midtjylland, Nordjylland, Sjælland, Syddanmark)."),
        (#"{"capacity": null}"#, "give capacity or capacity_per_region."),
        (#"{"language": "de"}"#, "language must be da or en."),
        (#"{"seed": -1}"#, "The field 'seed' must be a whole number from 0 to 18446744073709551615."),
        (#"{"capacity": 1000000001}"#, "The requested capacity, 1000000001, is more than a list can hold: the register has only 20000 units; ask for 20000 or fewer."),
    ])
    func badListRequestsAreRefusedWithTheirField(change: String, sentence: String) async throws {
        let service = try await TestService()
        let inspector = service.inspector
        var body = Self.request
        let patch = try #require(try JSONSerialization.jsonObject(with: Data(change.utf8)) as? [String: Any])
        for (k, v) in patch { body[k] = v is NSNull ? nil : v }
        let request = jsonBody(body)
        try await service.test { client in
            try await client.execute(uri: "/api/v1/inspector/lists", method: .post, headers: bearer(inspector.secret), body: request) { response in
                expectError(response, .badRequest, sentence)
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
                expectError(response, .badRequest, "The requested capacity, 1000000000, is more than a list can hold: the register has only 20000 units; ask for 20000 or fewer.")
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

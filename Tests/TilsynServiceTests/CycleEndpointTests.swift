import _TilsynTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynApplication
import TilsynCore
import TilsynReports
import TilsynService
import TilsynStore

/// Inspectors report decisions and outcomes on a list through the service; the board reads monitoring.
@Suite struct CycleEndpointTests {
    @Test func decisionsAndOutcomesAreRecordedAndRefusedWithOneSentence() async throws {
        let service = try await TestService()
        let inspector = service.inspector, board = service.board
        try await service.test { client in
            let (id, units) = try await client.execute(uri: "/api/v1/inspector/lists", method: .post, headers: bearer(inspector.secret),
                                                       body: jsonBody(ListEndpointTests.request)) { response -> (Int, [String]) in
                let body = try #require(response.jsonObject)
                let rows = try #require(body["rows"] as? [[String: Any]])
                return (try #require((body["list"] as? [String: Any])?["id"] as? Int), rows.prefix(2).compactMap { $0["unit"] as? String })
            }
            let decisions: [String: Any] = ["decisions": [
                ["unit": units[0], "status": "visited", "date": "2026-11-17", "inspector": "insp-1"],
                ["unit": units[1], "status": "not_visited", "reason": "moved", "date": "2026-11-17", "inspector": "insp-1"],
            ]]
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)/visits", method: .post, headers: bearer(inspector.secret), body: jsonBody(decisions)) { response in
                #expect(response.status == .created)
                #expect(response.jsonObject?["recorded"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)/visits", method: .post, headers: bearer(inspector.secret), body: jsonBody(decisions)) { response in
                expectError(response, .conflict, "decisions[0]: unit '\(units[0])' on list \(id) already has the decision visited (2026-11-17); a visit is decided once.")
            }
            try await client.execute(uri: "/api/v1/inspector/lists/999/visits", method: .post, headers: bearer(inspector.secret), body: jsonBody(decisions)) { response in
                expectError(response, .notFound, "There is no list 999 in the store; give the id of an issued list (tilsyn audit shows them).")
            }
            let stranger: [String: Any] = ["decisions": [["unit": "nobody", "status": "visited", "date": "2026-11-17", "inspector": "insp-1"]]]
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)/visits", method: .post, headers: bearer(inspector.secret), body: jsonBody(stranger)) { response in
                expectError(response, .badRequest, "decisions[0]: unit 'nobody' is not on list \(id); record a swap or an addition as status manual with its reason.")
            }
            let outcome: [String: Any] = ["outcomes": [["unit": units[0], "violation_found": 1, "reactions": ["påbud"], "date": "2026-11-17", "inspector": "insp-1"]]]
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)/outcomes", method: .post, headers: bearer(inspector.secret), body: jsonBody(outcome)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)/outcomes", method: .post, headers: bearer(board.secret), body: jsonBody(outcome)) { response in
                expectError(response, .forbidden, "This endpoint is for the inspector role; your token is for the board role.", "only inspectors record outcomes")
            }
            try await client.execute(uri: "/api/v1/board/monitor", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                let channels = try #require(response.jsonObject?["channels"] as? [[String: Any]])
                #expect(channels.first { $0["group"] as? String == "risk" }?["visits"] as? Int == 1)
            }
        }
        let events = try await service.database.auditEntries().map(\.event)
        #expect(events.filter { $0 == "visit.recorded" }.count == 2 && events.filter { $0 == "outcome.recorded" }.count == 1)
        #expect(try await service.database.verifyAuditChain().isIntact)
    }

    /// A manual addition recorded through the service keeps the unit's features from the loaded register,
    /// so the history export trains on it as it was; a unit the register lacks is refused in one sentence.
    @Test func aManualAdditionKeepsItsFeaturesFromTheLoadedRegister() async throws {
        let service = try await TestService()
        let secret = service.inspector.secret
        let register = service.served.register
        let row = try await service.test { client -> Int in
            let (id, listed) = try await client.execute(uri: "/api/v1/inspector/lists", method: .post, headers: bearer(secret),
                                                        body: jsonBody(ListEndpointTests.request)) { response -> (Int, Set<String>) in
                let body = try #require(response.jsonObject)
                let rows = try #require(body["rows"] as? [[String: Any]])
                return (try #require((body["list"] as? [String: Any])?["id"] as? Int), Set(rows.compactMap { $0["unit"] as? String }))
            }
            let row = try #require(register.scores.units.indices.first { !listed.contains(register.scores.units[$0]) })
            let unit = register.scores.units[row]
            let decisions: [String: Any] = ["decisions": [["unit": unit, "status": "manual", "text": "complaint from an employee", "date": "2026-11-18", "inspector": "insp-2"]]]
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)/visits", method: .post, headers: bearer(secret), body: jsonBody(decisions)) { response in
                #expect(response.status == .created)
            }
            let ghost: [String: Any] = ["decisions": [["unit": "nobody", "status": "manual", "text": "tip-off", "date": "2026-11-18", "inspector": "insp-2"]]]
            try await client.execute(uri: "/api/v1/inspector/lists/\(id)/visits", method: .post, headers: bearer(secret), body: jsonBody(ghost)) { response in
                expectError(response, .badRequest, "decisions[0]: unit 'nobody' is a manual row but is not in the register file register.csv (sha256 \(register.registerFile.sha256)), so its features as of the visit cannot be kept; check the unit id, or record it with the register that holds it.")
            }
            return row
        }
        let history = try await service.database.visitHistory()
        let manual = try #require(history.first { $0.status == .manual })
        #expect(manual.channel == "manual" && manual.inclusionProbability == nil)
        #expect(manual.featuresSource == "the register file register.csv (sha256 \(register.registerFile.sha256))")
        let employees = try register.table.numeric("employees")[row]
        #expect(manual.features?["employees"] == FeatureEncoding.formatNumber(employees))
    }
}

import TilsynApplication
import _TilsynTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynCore
@testable import TilsynService
@testable import TilsynStore
import TilsynSynthetic

/// The board's endpoints: model card, reports (404 with a sentence when not given) and decisions.
@Suite struct BoardEndpointTests {
    /// Real validation and fairness reports on the fixture's history, written by the `tilsyn` binary.
    typealias Reports = (ServedModel.LoadedReport<ValidationReport>, ServedModel.LoadedReport<FairnessReport>, ServedModel.LoadedReport<DriftReport>)
    static let reports: Result<Reports, ServiceFixtureError> = {
        do {
            let dir = try CommandRunner.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let data = SyntheticGenerator.generate(SyntheticOptions(units: 20_000, seed: 2026))
            try AtomicFile.write(CSVWriter.bytes(of: data.history), to: dir.appendingPathComponent("history.csv").path)
            try AtomicFile.write(DefaultSpec.json, to: dir.appendingPathComponent("spec.json").path)
            try ServiceFixture.loaded.get().modelJSON.write(to: dir.appendingPathComponent("model.json"))
            try AtomicFile.write(ServiceFixture.loaded.get().registerCSV, to: dir.appendingPathComponent("register.csv").path)
            for arguments in [
                ["validate", "--spec", "spec.json", "--data", "history.csv", "--split-date", "2025-11-16", "--out", "validation.json", "--quiet"],
                ["fairness", "--model", "model.json", "--data", "history.csv", "--by", "size_band", "--top-fraction", "0.2",
                 "--bootstrap", "20", "--format", "json", "--out", "fairness.json", "--quiet"],
                ["drift", "--model", "model.json", "--baseline", "history.csv", "--data", "register.csv", "--format", "json", "--out", "drift.json"],
            ] {
                let run = try CommandRunner.run(arguments, in: dir)
                guard run.status == 0 else { throw ServiceFixtureError(run.stderr) }
            }
            let v = try Data(contentsOf: dir.appendingPathComponent("validation.json"))
            let f = try Data(contentsOf: dir.appendingPathComponent("fairness.json"))
            let d = try Data(contentsOf: dir.appendingPathComponent("drift.json"))
            return .success((.init(bytes: v, report: try JSONDecoder().decode(ValidationReport.self, from: v)),
                             .init(bytes: f, report: try JSONDecoder().decode(FairnessReport.self, from: f)),
                             .init(bytes: d, report: try JSONDecoder().decode(DriftReport.self, from: d))))
        } catch {
            return .failure(ServiceFixtureError("\(error)"))
        }
    }()

    @Test(arguments: [("json", "application/json", "\"technical\""), ("md", "text/markdown", "# "), ("html", "text/html", "<table")])
    func theModelCardInEachFormat(format: String, contentType: String, marker: String) async throws {
        let service = try await TestService()
        let board = service.board, fingerprint = service.served.model.fingerprint
        try await service.test { client in
            try await client.execute(uri: "/api/v1/board/model-card?format=\(format)&lang=en", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix(contentType) == true)
                #expect(response.text.contains(marker))
                #expect(response.text.contains(fingerprint.prefix(16)))
            }
            try await client.execute(uri: "/api/v1/board/model-card?format=pdf", method: .get, headers: bearer(board.secret)) {
                expectError($0, .badRequest, "The query parameter 'format' must be one of json, md, html.")
            }
        }
    }

    @Test func reportsNotGivenAtStartAre404WithASentence() async throws {
        let service = try await TestService()
        let board = service.board
        try await service.test { client in
            for (report, option) in [("validation", "--validation"), ("fairness", "--fairness"), ("drift", "--drift")] {
                try await client.execute(uri: "/api/v1/board/reports/\(report)", method: .get, headers: bearer(board.secret)) { response in
                    expectError(response, .notFound, "The service was started without a \(report) report (\(option)).")
                }
            }
        }
    }

    @Test func reportsGivenAtStartAreServedInEachFormat() async throws {
        let (validation, fairness, drift) = try Self.reports.get()
        let base = try ServiceFixture.served
        let driftBytes = drift.bytes
        let served = try ServedModel(
            model: base.model, register: try await Self.register(), modelFile: base.modelFile, registerFile: base.registerFile,
            listColumns: ServiceFixture.listColumns, validation: validation, fairness: fairness, drift: drift)
        let service = try await TestService(served: served)
        let board = service.board
        try await service.test { client in
            try await client.execute(uri: "/api/v1/board/reports/validation", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(Data(response.body.readableBytesView) == validation.bytes)
            }
            for report in ["validation", "fairness"] {
                try await client.execute(uri: "/api/v1/board/reports/\(report)?format=html", method: .get, headers: bearer(board.secret)) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.hasPrefix("<!DOCTYPE html>"))
                    #expect(response.text.contains("<html lang=\"da\""), "Danish unless lang=en")
                }
                try await client.execute(uri: "/api/v1/board/reports/\(report)?format=html&lang=en", method: .get, headers: bearer(board.secret)) { response in
                    #expect(response.text.contains("<html lang=\"en\""))
                }
                try await client.execute(uri: "/api/v1/board/reports/\(report)?format=md", method: .get, headers: bearer(board.secret)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/markdown") == true)
                }
            }
            try await client.execute(uri: "/api/v1/board/reports/fairness", method: .get, headers: bearer(board.secret)) { response in
                #expect(Data(response.body.readableBytesView) == fairness.bytes)
            }
            try await client.execute(uri: "/api/v1/board/reports/drift", method: .get, headers: bearer(board.secret)) { response in
                #expect(Data(response.body.readableBytesView) == driftBytes)
            }
            try await client.execute(uri: "/api/v1/board/reports/drift?format=md", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/markdown") == true)
                #expect(response.text.hasPrefix("# Datadrift: "))
            }
            try await client.execute(uri: "/api/v1/board/reports/drift?format=md&lang=en", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.text.hasPrefix("# Drift: "))
            }
            try await client.execute(uri: "/api/v1/board/reports/fairness?format=md&lang=de", method: .get, headers: bearer(board.secret)) {
                expectError($0, .badRequest, "The query parameter 'lang' must be one of da, en.")
            }
            try await client.execute(uri: "/api/v1/board/reports/drift?format=html", method: .get, headers: bearer(board.secret)) {
                expectError($0, .badRequest, "The query parameter 'format' must be one of json, md.")
            }
            // The model card now carries the validation and fairness summaries.
            try await client.execute(uri: "/api/v1/board/model-card?format=json", method: .get, headers: bearer(board.secret)) { response in
                let card = try #require(response.jsonObject)
                let technical = try #require(card["technical"] as? [String: Any])
                #expect(technical["validation"] is [String: Any])
                #expect(technical["drift"] is [String: Any])
                #expect((card["approval"] as? [String: Any])?["decision"] as? String == "approved")
            }
        }
    }

    @Test func aReportAboutAnotherModelStopsTheStart() async throws {
        // The drift report published with the 300,000-unit demo model is about another fingerprint.
        let bytes = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Models/grundtilsyn.drift.json"))
        let other = ServedModel.LoadedReport(bytes: bytes, report: try JSONDecoder().decode(DriftReport.self, from: bytes))
        let base = try ServiceFixture.served
        let error = await #expect(throws: ServiceSetupError.self) {
            try ServedModel(model: base.model, register: try await Self.register(), modelFile: base.modelFile, registerFile: base.registerFile,
                            listColumns: ServiceFixture.listColumns, drift: other)
        }
        #expect(error?.description == "model card: the drift report is for model \(other.report.model.fingerprint.prefix(12))…, not \(base.model.fingerprint.prefix(12))…; run tilsyn drift with this model.")
    }

    @Test func theBoardRecordsDecisionsAsApproveDoes() async throws {
        let service = try await TestService(approved: false) { $0.allowUnapproved = false }
        let board = service.board, a = service.a, fingerprint = service.served.model.fingerprint
        try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code])) { expectError($0, .serviceUnavailable, "The model in use does not have the board's approval at present, so no cards or lists are issued.") }
            try await client.execute(uri: "/api/v1/board/approvals", method: .post, headers: bearer(board.secret),
                                     body: jsonBody(["decision": "approved", "note": "minutes 2026-11, item 2"])) { response in
                #expect(response.status == .created)
                let decision = try #require(response.jsonObject)
                #expect(decision["decided_by"] as? String == "Ethics board (chair A. Jensen)")
                #expect(decision["fingerprint"] as? String == fingerprint)
            }
            // Approved now, so the card is shown.
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": a.unit, "code": a.code])) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/board/approvals", method: .get, headers: bearer(board.secret)) { response in
                #expect(response.jsonArray?.count == 1)
            }
            for (bad, sentence) in [(["decision": "maybe", "note": "x"], "decision must be approved or rejected."),
                                    (["decision": "approved", "note": " "], "note must not be empty."),
                                    (["decision": "approved"], "The request body lacks the field 'note'.")] {
                try await client.execute(uri: "/api/v1/board/approvals", method: .post, headers: bearer(board.secret), body: jsonBody(bad)) {
                    expectError($0, .badRequest, sentence)
                }
            }
        }
        #expect(try await service.database.latestDecision(fingerprint: fingerprint)?.decision == .approved)
        #expect(try await service.database.verifyAuditChain().isIntact)
    }

    /// A decision through the service is the token holder's, refused without a board token, recorded by
    /// the same job as `tilsyn approve` with the same audit entry.
    @Test func aDecisionIsTheBoardTokenHoldersAndRefusedWithoutOne() async throws {
        let service = try await TestService(approved: false)
        let board = service.board, inspector = service.inspector, fingerprint = service.served.model.fingerprint
        let body = ["decision": "approved", "note": "minutes 2026-11, item 2"]
        try await service.test { client in
            try await client.execute(uri: "/api/v1/board/approvals", method: .post, headers: jsonHeaders, body: jsonBody(body)) { response in
                expectError(response, .unauthorized, "This endpoint needs a valid board token in an 'Authorization: Bearer' header.")
            }
            try await client.execute(uri: "/api/v1/board/approvals", method: .post, headers: bearer("tilsyn_" + String(repeating: "0", count: 64)), body: jsonBody(body)) {
                expectError($0, .unauthorized, "This endpoint needs a valid board token in an 'Authorization: Bearer' header.")
            }
            try await client.execute(uri: "/api/v1/board/approvals", method: .post, headers: bearer(inspector.secret), body: jsonBody(body)) { response in
                expectError(response, .forbidden, "This endpoint is for the board role; your token is for the inspector role.")
            }
            try await client.execute(uri: "/api/v1/board/approvals", method: .post, headers: bearer(board.secret),
                                     body: jsonBody(body.merging(["decided_by": "Someone else"]) { $1 })) { response in
                expectError(response, .badRequest, "decided_by is not accepted: a decision is recorded under the name of the bearer token's holder.")
            }
        }
        #expect(try await service.database.decisions(fingerprint: fingerprint).isEmpty, "nothing refused is recorded")

        try await service.test { client in
            try await client.execute(uri: "/api/v1/board/approvals", method: .post, headers: bearer(board.secret), body: jsonBody(body)) { response in
                #expect(response.status == .created)
                #expect(response.jsonObject?["decided_by"] as? String == "Ethics board (chair A. Jensen)")
            }
        }
        let decisions = try await service.database.decisions(fingerprint: fingerprint)
        #expect(decisions.map(\.decidedBy) == ["Ethics board (chair A. Jensen)"])
        let entry = try #require(try await service.database.auditEntries().last { $0.event == "approval.recorded" })
        #expect(entry.actor == "Ethics board (chair A. Jensen)")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(entry.detail.utf8)) as? [String: Any])
        #expect(detail["token_id"] as? Int == Int(board.id))
        #expect(detail["decision"] as? String == "approved")
    }

    /// The job refuses on its own what the service's door already refuses, in the service's words.
    @Test func theJobsTokenRefusalsAreTheServicesAnswers() throws {
        let missing = try #require(ServicePhrasing.httpError(for: JobError.boardTokenMissing))
        #expect(missing.status == .unauthorized)
        #expect(missing.headers[.wwwAuthenticate] == #"Bearer realm="tilsyn""#)
        #expect(missing.body == "A board decision needs the board token of the member who records it, in the 'Authorization: Bearer' header; a board member gets one from `tilsyn tokens issue --role board --name NAME`.")
        let wrong = try #require(ServicePhrasing.httpError(for: JobError.boardTokenWrongRole("inspector")))
        #expect(wrong.status == .forbidden)
        #expect(wrong.body == "The token in the 'Authorization: Bearer' header is an inspector token; a board decision needs a board token, so none was recorded.")
    }

    static func register() async throws -> DataTable {
        let fixture = try ServiceFixture.loaded.get()
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("register.csv").path
        try AtomicFile.write(fixture.registerCSV, to: path)
        return try CSVReader.read(path: path, columns: ServedModel.columnRequests(model: fixture.served.model, listColumns: ServiceFixture.listColumns), threads: 2)
    }
}

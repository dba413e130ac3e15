import _TilsynTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TilsynService
import TilsynStore

/// A store held by another process's write past the busy timeout: the service answers 503 with
/// `Retry-After` and one sentence, not 500, and a card it could not record is not shown. The store's
/// async write (GRDB's own) reports `SQLITE_BUSY` as the synchronous one did.
@Suite struct BusyStoreTests {
    @Test func aCardWhoseRecordWaitsOnAnotherWriterIsAnswered503WithRetryAfter() async throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tilsyn.sqlite").path
        let service = try await TestService(store: try TilsynDatabase(path: file))
        let cardsBefore = try await service.database.cardsIssued(unit: service.a.unit).count

        // Another process's long write: an IMMEDIATE transaction held open on a thread of its own.
        let other = try DatabaseQueue(path: file)
        let release = DispatchSemaphore(value: 0)
        let held = DispatchSemaphore(value: 0)
        await withCheckedContinuation { (locked: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                try? other.inTransaction(.immediate) { _ in
                    locked.resume()
                    release.wait()
                    return .rollback
                }
                held.signal()
            }
        }
        let (status, retryAfter, text) = try await service.test { client in
            try await client.execute(uri: "/api/v1/company/card", method: .post, headers: jsonHeaders,
                                     body: jsonBody(["unit": service.a.unit, "code": service.a.code])) {
                ($0.status, $0.headers[.retryAfter], $0.text)
            }
        }
        release.signal()
        held.wait()
        #expect(status == .serviceUnavailable)
        #expect(retryAfter == "2")
        #expect(errorMessage(ofJSON: text) == "The store is busy with another write; try again in a few seconds.", "\(text)")
        #expect(!text.contains("probability"), "a card that could not be recorded is not shown")
        #expect(try await service.database.cardsIssued(unit: service.a.unit).count == cardsBefore)
    }
}

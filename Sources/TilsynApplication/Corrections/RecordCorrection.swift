import Foundation
import TilsynStore

/// Records a company's request to correct data behind its score, after the same proof of its access
/// code a card needs (``AccessCheck``); the request and its audit entry are one transaction in the store.
public struct RecordCorrection: Sendable {
    public var access: AccessCheck

    public init(access: AccessCheck) { self.access = access }

    public struct Request: Sendable {
        public var unit: String
        public var code: String
        public var client: String
        public var field: String
        public var claimedValue: String
        public var message: String
        public var contact: String?

        public init(unit: String, code: String, client: String, field: String, claimedValue: String, message: String, contact: String?) {
            self.unit = unit
            self.code = code
            self.client = client
            self.field = field
            self.claimedValue = claimedValue
            self.message = message
            self.contact = contact
        }
    }

    /// - Throws: ``CardRefusal``; the store's ``StoreError`` naming a field it refuses.
    public func run(_ request: Request, at: Date) async throws -> CorrectionRecord {
        _ = try await access.verify(unit: request.unit, code: request.code, client: request.client, at: at)
        return try await access.store.submitCorrection(
            unit: request.unit, field: request.field, claimedValue: request.claimedValue, message: request.message,
            contact: request.contact.flatMap { $0.isEmpty ? nil : $0 }, at: at)
    }
}

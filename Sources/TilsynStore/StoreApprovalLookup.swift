import TilsynCore

/// The selection core's approval seam backed by the store.
///
/// A model is approved exactly when the latest decision on its fingerprint is `approved`: a later
/// rejection revokes an approval, and an edited or refitted model has a new fingerprint and so needs its
/// own approval.
public struct StoreApprovalLookup: ApprovalLookup {
    public let database: TilsynDatabase

    public init(database: TilsynDatabase) { self.database = database }

    public func approval(fingerprint: String) throws -> ApprovalRecord? {
        guard let latest = try database.latestDecision(fingerprint: fingerprint), latest.decision == .approved else { return nil }
        return ApprovalRecord(fingerprint: latest.fingerprint, approvedBy: latest.decidedBy, date: latest.decidedAt, reference: latest.note)
    }
}

// TEMPORARY (serve7 only): the store API promised by branch store7, stubbed so TilsynService compiles
// before store7 lands. Deleted when store7 is merged; nothing here is meant to run.
import GRDB

public enum Role: String, Codable, Sendable, CaseIterable, Hashable { case inspector, board }
public struct IssuedAccessCode: Sendable { public var unit: String; public var code: String }
public struct IssuedToken: Sendable { public var id: String; public var secret: String }
public struct TokenRecord: Sendable { public var id: String; public var role: Role; public var name: String; public var expires: String?; public var revokedAt: String? }
public struct AuditVerification: Sendable { public var ok: Bool; public var entries: Int; public var firstBroken: Int64? }
public struct ListDraft: Sendable {
    public struct Row: Sendable { public var unit: String; public var rank: Int; public var channel: String; public var probability: Double; public var region: String?
        public init(unit: String, rank: Int, channel: String, probability: Double, region: String?) { self.unit = unit; self.rank = rank; self.channel = channel; self.probability = probability; self.region = region } }
    public var manifest: String; public var sha256: String; public var fingerprint: String; public var asOf: String; public var issuedBy: String; public var rows: [Row]
    public init(manifest: String, sha256: String, fingerprint: String, asOf: String, issuedBy: String, rows: [Row]) { self.manifest = manifest; self.sha256 = sha256; self.fingerprint = fingerprint; self.asOf = asOf; self.issuedBy = issuedBy; self.rows = rows }
}
public struct ListRecord: Sendable { public var id: Int64; public var manifest: String; public var sha256: String; public var fingerprint: String; public var asOf: String; public var issuedBy: String; public var issuedAt: String; public var rowCount: Int }
public struct ListRowRecord: Sendable { public var listId: Int64; public var unit: String; public var rank: Int; public var channel: String; public var probability: Double; public var region: String? }
public struct CorrectionRecord: Sendable { public var id: Int64; public var unit: String; public var field: String; public var claimedValue: String; public var message: String; public var contact: String; public var status: String; public var submittedAt: String; public var resolvedBy: String?; public var resolvedAt: String?; public var note: String? }

extension TilsynDatabase {
    public var writer: any DatabaseWriter { queue }
    @discardableResult public func audit(event: String, actor: String, subject: String, detail: String, at: String) throws -> Int64 { fatalError("pending store7") }
    public func verifyAuditChain() throws -> AuditVerification { fatalError("pending store7") }
    public func issueAccessCodes(units: [String], at: String) throws -> [IssuedAccessCode] { fatalError("pending store7") }
    public func verifyAccessCode(unit: String, code: String) throws -> Bool { fatalError("pending store7") }
    public func issueToken(role: Role, name: String, expires: String?, at: String) throws -> IssuedToken { fatalError("pending store7") }
    public func authenticate(token: String, now: String) throws -> TokenRecord? { fatalError("pending store7") }
    public func revokeToken(id: String, at: String) throws { fatalError("pending store7") }
    public func tokens() throws -> [TokenRecord] { fatalError("pending store7") }
    public func recordList(_ draft: ListDraft, at: String) throws -> ListRecord { fatalError("pending store7") }
    public func lists() throws -> [ListRecord] { fatalError("pending store7") }
    public func list(id: Int64) throws -> ListRecord? { fatalError("pending store7") }
    public func listRows(id: Int64) throws -> [ListRowRecord] { fatalError("pending store7") }
    public func recordCardIssued(unit: String, fingerprint: String, channel: String, language: String, format: String, actor: String, at: String) throws { fatalError("pending store7") }
    public func recordFailedLookup(unit: String, client: String, reason: String, at: String) throws { fatalError("pending store7") }
    public func submitCorrection(unit: String, field: String, claimedValue: String, message: String, contact: String, at: String) throws -> CorrectionRecord { fatalError("pending store7") }
    public func corrections(status: String?) throws -> [CorrectionRecord] { fatalError("pending store7") }
    public func resolveCorrection(id: Int64, status: String, by: String, note: String, at: String) throws -> CorrectionRecord { fatalError("pending store7") }
}

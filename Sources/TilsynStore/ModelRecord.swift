import Foundation
import GRDB

/// One registered model version, keyed by its fingerprint: the registry's entry.
///
/// The spec is kept as JSON so the registry can say what a fingerprint was, even when its model.json is gone.
public struct ModelRecord: Codable, Sendable, Equatable {
    public var fingerprint: String
    public var name: String
    public var version: String
    /// When the model file was written: the model's own `created`, as it says it.
    public var created: String
    /// When the model was first registered in this store.
    public var registeredAt: Date
    /// The model's spec as canonical JSON (sorted keys).
    public var spec: String

    public init(fingerprint: String, name: String, version: String, created: String, registeredAt: Date, spec: String) {
        self.fingerprint = fingerprint
        self.name = name
        self.version = version
        self.created = created
        self.registeredAt = registeredAt
        self.spec = spec
    }
}

/// A row of table `model`.
struct ModelRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "model"

    var fingerprint: String
    var name: String
    var version: String
    var created: String
    var registeredAt: String
    var spec: String

    enum CodingKeys: String, CodingKey {
        case fingerprint, name, version, created, spec
        case registeredAt = "registered_at"
    }

    func value() throws -> ModelRecord {
        ModelRecord(fingerprint: fingerprint, name: name, version: version, created: created,
                    registeredAt: try StoreTime.date(registeredAt, field: "model.registered_at"), spec: spec)
    }
}

import GRDB

/// One registered model version, keyed by its fingerprint: the registry's row in table `model`.
///
/// The spec is kept as JSON so the registry can say what a fingerprint was, even when its model.json is gone.
public struct ModelRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "model"

    public var fingerprint: String
    public var name: String
    public var version: String
    /// When the model file was written (the model's own `created`).
    public var created: String
    /// When the model was first registered in this store.
    public var registeredAt: String
    /// The model's spec as canonical JSON (sorted keys).
    public var spec: String

    enum CodingKeys: String, CodingKey {
        case fingerprint, name, version, created, spec
        case registeredAt = "registered_at"
    }

    public init(fingerprint: String, name: String, version: String, created: String, registeredAt: String, spec: String) {
        self.fingerprint = fingerprint
        self.name = name
        self.version = version
        self.created = created
        self.registeredAt = registeredAt
        self.spec = spec
    }
}

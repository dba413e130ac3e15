import TilsynCore
import TilsynIO
import TilsynReports

/// Builds the list manifest ⚖ (DESIGN §7): the one place its fields are filled, for lists issued from
/// files and through the service alike.
struct ListManifestBuilder {
    var register: ScoredRegister
    var order: ListOrder
    var policy: SelectionPolicy
    var approval: ApprovalStatus
    var list: WeeklyList
    var useRegion: Bool
    var capacityFile: InputFile?
    var created: String
    private(set) var outputs: [ListManifest.FileRecord] = []

    init(register: ScoredRegister, order: ListOrder, policy: SelectionPolicy, approval: ApprovalStatus, list: WeeklyList,
         useRegion: Bool, capacityFile: InputFile?, created: String) {
        self.register = register
        self.order = order
        self.policy = policy
        self.approval = approval
        self.list = list
        self.useRegion = useRegion
        self.capacityFile = capacityFile
        self.created = created
    }

    /// The inputs, each with the SHA-256 of the bytes read: model, register, and the capacity file.
    var inputs: [ListManifest.FileRecord] {
        [register.modelFile, register.registerFile] + (capacityFile.map { [$0.record(role: "capacity_file")] } ?? [])
    }

    /// Adds an output file with the digest of the bytes written.
    mutating func output(role: String, file: String, bytes: [UInt8]) {
        outputs.append(.init(role: role, file: file, sha256: FileDigest.sha256(bytes)))
    }

    var manifest: ListManifest {
        let model = register.model
        let regionCapacities: [RegionCapacity]? = if case .perRegion(let r) = policy.capacity { r } else { nil }
        var parameters = ListManifest.Parameters(
            asOf: isoDate(policy.asOf), capacity: policy.capacity.total, capacityFile: capacityFile?.path,
            regionCapacities: regionCapacities, randomShare: policy.randomShare, seed: policy.seed,
            excludeDays: policy.excludeDays, excludeIf: order.excludeIf, lastInspectionColumn: register.columns.lastInspection,
            regionColumn: useRegion ? register.columns.region : nil, language: order.language.rawValue)
        parameters.floorProbability = policy.floorProbability
        parameters.shownColumns = register.columns.shown
        return ListManifest(
            created: created, inputs: inputs,
            model: .init(name: model.name, version: model.version, fingerprint: model.fingerprint), approval: approval,
            parameters: parameters,
            counts: list.total, regions: list.regions, warnings: list.warnings, outputs: outputs)
    }
}

import TilsynCore

/// The register columns lists use besides the model's: the last inspection date, the region and the
/// exclusion flags.
public struct ListColumns: Sendable, Equatable {
    /// Day of each unit's last inspection (YYYY-MM-DD; empty = never inspected).
    public var lastInspection: String
    /// Each unit's region, or `nil` when lists do not use regions.
    public var region: String?
    /// 0/1 columns a list may exclude by.
    public var flags: [String]
    /// Whether the last-inspection and region columns must be in the register (a list asked for them),
    /// or are used when present (the service, which loads once for any later list). Flags are always
    /// required: a missing one would silently exclude nobody.
    public var required: Bool

    public init(lastInspection: String = "last_inspection_date", region: String? = "region", flags: [String] = [], required: Bool = false) {
        self.lastInspection = lastInspection
        self.region = region
        self.flags = flags
        self.required = required
    }

    /// No list columns: only the model's are read (`tilsyn explain`, which draws no list).
    public static let modelOnly = ListColumns(lastInspection: "", region: nil, flags: [], required: false)

    /// The columns to read: the model's, then these, each once.
    ///
    /// A list column the model already reads as another kind cannot serve both: the last inspection must
    /// be dates, so a model feature or the unit column named as it is refused here, in one sentence,
    /// before anything is read. Flags and regions may share a model feature's column (a 0/1 feature as a
    /// flag, a categorical region feature), as they read any kind.
    /// - Throws: ``JobError/columnInUse(_:column:role:expected:)``.
    public func requests(for model: FittedModel) throws(JobError) -> [ColumnRequest] {
        var requests = Scorer.columnRequests(for: model)
        if !lastInspection.isEmpty, let used = requests.first(where: { $0.name == lastInspection }), used.kind != .date {
            throw .columnInUse(.lastInspectionColumn, column: lastInspection, role: Self.role(of: used, model: model),
                               expected: "a column of dates (YYYY-MM-DD)")
        }
        for flag in flags where !lastInspection.isEmpty && flag == lastInspection {
            throw .columnInUse(.excludeIf, column: flag, role: "the last-inspection date column", expected: "a 0/1 column")
        }
        func add(_ r: ColumnRequest) { if !requests.contains(where: { $0.name == r.name }) { requests.append(r) } }
        if !lastInspection.isEmpty { add(ColumnRequest(lastInspection, .date, required: required)) }
        for flag in flags { add(ColumnRequest(flag, .categorical, required: true)) }
        if let region { add(ColumnRequest(region, .categorical, required: required)) }
        return requests
    }

    /// What a column the model reads is, in words.
    static func role(of request: ColumnRequest, model: FittedModel) -> String {
        if request.name == model.spec.unit { return "the unit column" }
        switch request.kind {
        case .numeric: return "the model's numeric feature"
        case .categorical: return "the model's categorical feature"
        case .string: return "a text column of the model"
        case .date: return "a date column of the model"
        }
    }
}

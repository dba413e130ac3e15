import TilsynCore

/// The I/O-free middle of a weekly list, shared by `tilsyn list` and the service's list endpoint so the
/// selection is written once: candidates from a register already read, the draw, and each row's reasons.
///
/// Reading files, the capacity file and writing outputs stay with the callers; everything between the
/// read register and the list rows happens here, so the same register, model and policy give the same
/// rows whichever door the request came through.
public enum ListDraw {
    /// The register columns a list reads besides the model's: the last inspection date, every flag the
    /// list may exclude by, and the region when regions are used; each requested once.
    public static func columnRequests(
        model: FittedModel, lastInspectionColumn: String, excludeIf: [String], regionColumn: String?, required: Bool = true
    ) -> [ColumnRequest] {
        var requests = Scorer.columnRequests(for: model)
        func request(_ r: ColumnRequest) { if !requests.contains(where: { $0.name == r.name }) { requests.append(r) } }
        request(ColumnRequest(lastInspectionColumn, .date, required: required))
        for flag in excludeIf { request(ColumnRequest(flag, .categorical, required: required)) }
        if let regionColumn { request(ColumnRequest(regionColumn, .categorical, required: required)) }
        return requests
    }

    /// Every unit with what the draw needs: its score, last inspection, parsed exclusion flags and region.
    /// - Parameters:
    ///   - regionColumn: the register's region column, or `nil` when the list does not use regions.
    /// - Throws: ``SelectionError/badFlag(file:line:column:value:)`` and ``DataError`` for unreadable columns.
    public static func candidates(
        table: DataTable, scores: Scores, lastInspectionColumn: String, excludeIf: [String], regionColumn: String?
    ) throws -> SelectionCandidates {
        let flags = try excludeIf.map { name in (name: name, excludes: try ExclusionFlag.parse(table, column: name)) }
        let region = try regionColumn.map { try table.text($0) }
        return SelectionCandidates(scores: scores, lastInspection: try table.numeric(lastInspectionColumn), flags: flags, region: region)
    }

    /// Draws the list and gives each row its top reasons, in list order.
    /// - Parameters:
    ///   - prepared: the register prepared by the explainer's model encoder (the same rows as the scores).
    ///   - shown: the register's columns to pass through to the printed list, as text, one array per column.
    /// - Throws: ``SelectionError`` for a policy that cannot be used; ``DataError`` when a row cannot be explained.
    public static func draw(
        _ candidates: SelectionCandidates, policy: SelectionPolicy, explainer: Explainer, prepared: DesignEncoder.Prepared,
        language: ListReasons.Language, shown: [[String]] = []
    ) throws -> (list: WeeklyList, rows: [ListSummary.Row]) {
        let list = try WeeklyList.select(candidates, policy: policy)
        let scores = candidates.scores
        var rows: [ListSummary.Row] = []
        rows.reserveCapacity(list.entries.count)
        for (i, entry) in list.entries.enumerated() {
            let unit = scores.units[entry.row]
            // The one place lists take reasons from explanations (see ``ListReasons``).
            let explanation = try explainer.explain(prepared, row: entry.row, unit: unit)
            rows.append(ListSummary.Row(rank: i + 1, unit: unit, probability: scores.probability[entry.row],
                                        channel: entry.channel.rawValue, region: entry.region,
                                        reasons: ListReasons.text(explanation, language: language),
                                        riskRank: scores.rank[entry.row], shown: shown.map { $0[entry.row] },
                                        plainReasons: ListReasons.plain(explanation)))
        }
        return (list, rows)
    }
}

extension DataTable {
    /// A column as text whatever it was read as (numbers in their shortest form).
    public func text(_ name: String) throws -> [String] {
        if case .numeric(let v)? = columns[name] { return v.map { $0.isNaN ? "" : FeatureEncoding.formatNumber($0) } }
        return try strings(name)
    }
}

import TilsynCore
import TilsynStore

/// What the store keeps of each listed unit at issue time ⚖: its inclusion probability and the
/// register's values of every column the model reads, so `history export` later writes the unit as it
/// was when selected (DESIGN §7; the history must not leak what the register learnt afterwards).
enum ListSelections {
    /// One ``UnitSelection`` per list entry, in list order.
    static func make(register: ScoredRegister, list: WeeklyList) -> [UnitSelection] {
        let model = register.model
        let requests = DesignEncoder.columnRequests(for: model.spec).filter { $0.name != model.spec.unit }
        return list.entries.map { entry in
            var features: [String: String] = [:]
            for request in requests {
                guard let column = register.table.columns[request.name] else { continue }
                features[request.name] = text(column, row: entry.row, kind: request.kind)
            }
            return UnitSelection(unit: register.scores.units[entry.row], inclusionProbability: entry.inclusionProbability ?? 1,
                                 features: features)
        }
    }

    /// A cell as the register wrote it: dates as YYYY-MM-DD, numbers in their shortest form, missing empty.
    static func text(_ column: Column, row: Int, kind: ColumnKind) -> String {
        switch column {
        case .numeric(let values):
            let x = values[row]
            if x.isNaN { return "" }
            return kind == .date ? isoDate(Int(x)) : FeatureEncoding.formatNumber(x)
        case .categorical(let c):
            return c[row] ?? ""
        case .string(let s):
            return s[row]
        }
    }
}

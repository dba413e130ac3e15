import TilsynCore
import TilsynIO

/// The list CSV ⚖: `rank`, the unit column, `probability`, `channel`, `region` (with regions),
/// `top_reasons`, then `inclusion_probability` (each row's probability under its channel's design:
/// k/N for random rows, 1 or the floor design's probability for risk rows; see ``InclusionDesign``).
///
/// Kept beside ``ListDraw`` so a list issued by the service hashes to the same bytes `tilsyn list` writes.
public enum ListFile {
    public static func csv(rows: [ListSummary.Row], entries: [WeeklyList.Entry], unitColumn: String, withRegion: Bool) -> [UInt8] {
        var header = ["rank", unitColumn, "probability", "channel"]
        if withRegion { header.append("region") }
        header += ["top_reasons", "inclusion_probability"]
        var writer = CSVWriter(header: header, reservingCapacity: rows.count * 200)
        for (row, entry) in zip(rows, entries) {
            writer.append(row.rank)
            writer.append(row.unit)
            writer.append(row.probability)
            writer.append(row.channel)
            if withRegion { writer.append(row.region ?? "") }
            writer.append(row.reasons)
            if let p = entry.inclusionProbability { writer.append(p) } else { writer.appendMissing() }
            writer.endRow()
        }
        return writer.bytes
    }
}

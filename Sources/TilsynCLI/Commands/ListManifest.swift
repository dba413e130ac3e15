import ArgumentParser
import TilsynCore
import TilsynReports

/// The list manifest ⚖ (DESIGN §7): everything needed to re-derive a list and check that it was not
/// altered. Only `created` differs between reruns with the same inputs and seed.
struct ListManifest: Encodable {
    var format = "tilsyn.list-manifest/1"
    var created: String
    var tool = Tool()
    var inputs: [FileRecord]
    var model: ListSummary.Model
    var approval: ApprovalStatus
    var parameters: Parameters
    var counts: WeeklyList.StratumCounts
    var regions: [WeeklyList.StratumCounts]
    var warnings: [String]
    var outputs: [FileRecord]

    struct Tool: Encodable {
        var name = "tilsyn"
        var version = Tilsyn.configuration.version
    }

    struct FileRecord: Encodable {
        var role: String
        var file: String
        var sha256: String
    }

    struct Parameters: Encodable {
        var asOf: String
        var capacity: Int
        var capacityFile: String?
        var regionCapacities: [RegionCapacity]?
        var randomShare: Double
        var randomPlaces = "round(random_share × capacity), half away from zero, per region when capacity is per region"
        var seed: UInt64
        var excludeDays: Int
        var excludeIf: [String]
        var lastInspectionColumn: String
        var regionColumn: String?
        var language: String
        var listOrder = "by region in capacity-file order; within a region risk rows by score rank, then random rows in draw order"
        var randomDraw = "simple random sample without replacement: the eligible units with the smallest SplitMix64(seed ^ salt ^ FNV-1a(unit)) keys"

        enum CodingKeys: String, CodingKey {
            case capacity, seed, language
            case asOf = "as_of"
            case capacityFile = "capacity_file"
            case regionCapacities = "region_capacities"
            case randomShare = "random_share"
            case randomPlaces = "random_places"
            case excludeDays = "exclude_days"
            case excludeIf = "exclude_if"
            case lastInspectionColumn = "last_inspection_column"
            case regionColumn = "region_column"
            case listOrder = "list_order"
            case randomDraw = "random_draw"
        }
    }
}

import TilsynCore

/// The synthetic population's fixed description: industry groups, size bands, regions.
///
/// The numbers are plausible for Danish production units (most are small; construction, transport,
/// agriculture and slaughterhouses carry more risk than offices), not official statistics.
enum SyntheticCatalog {
    /// A family of industries sharing workforce and exposure characteristics.
    struct Archetype {
        /// Reported accidents per 1,000 employees per year.
        var injuryRate: Double
        /// Reported occupational diseases per 1,000 employees per year.
        var diseaseRate: Double
        var chemical: Double
        var machinery: Double
        var young: Double
        var temporary: Double
        var night: Double
        var partTime: Double
        var ergonomic: Double
        var psychosocial: Double
        var seasonality: Double
        var sickLeaveLogit: Double
        /// Tilt of the size distribution towards larger units (0 = the national mix).
        var sizeTilt: Double
        var construction: Bool
    }

    static let construction = Archetype(
        injuryRate: 45, diseaseRate: 8, chemical: 0.35, machinery: 0.6, young: 0.12, temporary: 0.12, night: 0.02,
        partTime: 0.05, ergonomic: 7, psychosocial: 3.5, seasonality: 0.15, sickLeaveLogit: 0.2, sizeTilt: 0.2,
        construction: true)
    static let manufacturing = Archetype(
        injuryRate: 40, diseaseRate: 8, chemical: 0.55, machinery: 0.6, young: 0.08, temporary: 0.08, night: 0.12,
        partTime: 0.06, ergonomic: 6, psychosocial: 3.5, seasonality: 0.06, sickLeaveLogit: 0.15, sizeTilt: 0.8,
        construction: false)
    static let transport = Archetype(
        injuryRate: 35, diseaseRate: 5, chemical: 0.1, machinery: 0.5, young: 0.06, temporary: 0.1, night: 0.2,
        partTime: 0.15, ergonomic: 5.5, psychosocial: 4, seasonality: 0.08, sickLeaveLogit: 0.15, sizeTilt: 0.1,
        construction: false)
    static let agriculture = Archetype(
        injuryRate: 30, diseaseRate: 6, chemical: 0.6, machinery: 0.7, young: 0.1, temporary: 0.15, night: 0.05,
        partTime: 0.1, ergonomic: 6.5, psychosocial: 3, seasonality: 0.25, sickLeaveLogit: -0.2, sizeTilt: -0.3,
        construction: false)
    static let retail = Archetype(
        injuryRate: 18, diseaseRate: 3, chemical: 0.05, machinery: 0.2, young: 0.35, temporary: 0.05, night: 0.05,
        partTime: 0.45, ergonomic: 4.5, psychosocial: 4.5, seasonality: 0.1, sickLeaveLogit: 0, sizeTilt: 0,
        construction: false)
    static let hospitality = Archetype(
        injuryRate: 15, diseaseRate: 3, chemical: 0.15, machinery: 0.05, young: 0.45, temporary: 0.12, night: 0.25,
        partTime: 0.55, ergonomic: 5.5, psychosocial: 5, seasonality: 0.3, sickLeaveLogit: -0.1, sizeTilt: -0.1,
        construction: false)
    static let cleaning = Archetype(
        injuryRate: 30, diseaseRate: 8, chemical: 0.7, machinery: 0.1, young: 0.15, temporary: 0.15, night: 0.1,
        partTime: 0.5, ergonomic: 7, psychosocial: 4, seasonality: 0.12, sickLeaveLogit: 0.3, sizeTilt: 0.2,
        construction: false)
    static let health = Archetype(
        injuryRate: 35, diseaseRate: 10, chemical: 0.4, machinery: 0.1, young: 0.08, temporary: 0.06, night: 0.3,
        partTime: 0.4, ergonomic: 6, psychosocial: 6.5, seasonality: 0.04, sickLeaveLogit: 0.35, sizeTilt: 0.8,
        construction: false)
    static let education = Archetype(
        injuryRate: 12, diseaseRate: 6, chemical: 0.05, machinery: 0.02, young: 0.1, temporary: 0.05, night: 0.01,
        partTime: 0.25, ergonomic: 3.5, psychosocial: 6, seasonality: 0.08, sickLeaveLogit: 0.25, sizeTilt: 0.8,
        construction: false)
    static let office = Archetype(
        injuryRate: 5, diseaseRate: 2, chemical: 0.02, machinery: 0.01, young: 0.07, temporary: 0.04, night: 0.01,
        partTime: 0.12, ergonomic: 2, psychosocial: 4.5, seasonality: 0.04, sickLeaveLogit: -0.2, sizeTilt: -0.2,
        construction: false)
    static let publicOrder = Archetype(
        injuryRate: 25, diseaseRate: 6, chemical: 0.15, machinery: 0.2, young: 0.05, temporary: 0.02, night: 0.3,
        partTime: 0.1, ergonomic: 4, psychosocial: 6.5, seasonality: 0.03, sickLeaveLogit: 0.2, sizeTilt: 1.5,
        construction: false)

    /// One industry group: its share of units (per mille, before normalising), its archetype, its true
    /// log-odds offset against the reference group, and how many detailed (DB07) industries it holds.
    struct Industry {
        var code: String
        var weight: Double
        var archetype: Archetype
        var risk: Double
        var subIndustries: Int
    }

    /// The 36 groups. Themes (not exposed): 01 construction, 02 building installation, 03 metal, 04 wood and
    /// furniture, 05 food, 06 slaughterhouses, 07 chemicals and pharma, 08 plastics, glass, concrete,
    /// 09 electronics, 10 print and paper, 11 freight, 12 passenger transport, 13 post and warehousing,
    /// 14 agriculture and forestry, 15 fishing, 16 grocery retail, 17 other retail, 18 wholesale, 19 motor
    /// repair, 20 hotels and restaurants, 21 cleaning, 22 hairdressers and personal care, 23 hospitals,
    /// 24 residential care and home care, 25 day care, 26 teaching, 27 office and administration, 28 IT and
    /// telecoms, 29 finance and insurance, 30 consulting and research, 31 police, defence, prisons,
    /// 32 public administration, 33 culture and sport, 34 waste, recycling, water, 35 energy and extraction,
    /// 36 medical and dental practices.
    static let industries: [Industry] = [
        Industry(code: "IG01", weight: 90, archetype: construction, risk: 0.55, subIndustries: 6),
        Industry(code: "IG02", weight: 45, archetype: construction, risk: 0.35, subIndustries: 5),
        Industry(code: "IG03", weight: 20, archetype: manufacturing, risk: 0.30, subIndustries: 6),
        Industry(code: "IG04", weight: 8, archetype: manufacturing, risk: 0.25, subIndustries: 3),
        Industry(code: "IG05", weight: 10, archetype: manufacturing, risk: 0.20, subIndustries: 5),
        Industry(code: "IG06", weight: 3, archetype: manufacturing, risk: 0.85, subIndustries: 2),
        Industry(code: "IG07", weight: 4, archetype: manufacturing, risk: 0.00, subIndustries: 3),
        Industry(code: "IG08", weight: 6, archetype: manufacturing, risk: 0.25, subIndustries: 4),
        Industry(code: "IG09", weight: 5, archetype: manufacturing, risk: -0.10, subIndustries: 3),
        Industry(code: "IG10", weight: 3, archetype: manufacturing, risk: 0.00, subIndustries: 2),
        Industry(code: "IG11", weight: 30, archetype: transport, risk: 0.30, subIndustries: 4),
        Industry(code: "IG12", weight: 15, archetype: transport, risk: 0.10, subIndustries: 3),
        Industry(code: "IG13", weight: 12, archetype: transport, risk: 0.30, subIndustries: 3),
        Industry(code: "IG14", weight: 40, archetype: agriculture, risk: 0.40, subIndustries: 5),
        Industry(code: "IG15", weight: 3, archetype: agriculture, risk: 0.50, subIndustries: 2),
        Industry(code: "IG16", weight: 45, archetype: retail, risk: 0.00, subIndustries: 4),
        Industry(code: "IG17", weight: 80, archetype: retail, risk: -0.15, subIndustries: 6),
        Industry(code: "IG18", weight: 55, archetype: retail, risk: -0.05, subIndustries: 6),
        Industry(code: "IG19", weight: 25, archetype: manufacturing, risk: 0.20, subIndustries: 3),
        Industry(code: "IG20", weight: 60, archetype: hospitality, risk: 0.25, subIndustries: 4),
        Industry(code: "IG21", weight: 15, archetype: cleaning, risk: 0.30, subIndustries: 2),
        Industry(code: "IG22", weight: 25, archetype: hospitality, risk: -0.05, subIndustries: 3),
        Industry(code: "IG23", weight: 3, archetype: health, risk: 0.05, subIndustries: 2),
        Industry(code: "IG24", weight: 20, archetype: health, risk: 0.20, subIndustries: 3),
        Industry(code: "IG25", weight: 25, archetype: education, risk: 0.05, subIndustries: 2),
        Industry(code: "IG26", weight: 20, archetype: education, risk: -0.20, subIndustries: 4),
        Industry(code: "IG27", weight: 90, archetype: office, risk: -0.55, subIndustries: 6),
        Industry(code: "IG28", weight: 40, archetype: office, risk: -0.60, subIndustries: 4),
        Industry(code: "IG29", weight: 15, archetype: office, risk: -0.70, subIndustries: 3),
        Industry(code: "IG30", weight: 50, archetype: office, risk: -0.50, subIndustries: 5),
        Industry(code: "IG31", weight: 4, archetype: publicOrder, risk: 0.10, subIndustries: 3),
        Industry(code: "IG32", weight: 10, archetype: office, risk: -0.30, subIndustries: 3),
        Industry(code: "IG33", weight: 20, archetype: education, risk: -0.10, subIndustries: 4),
        Industry(code: "IG34", weight: 5, archetype: cleaning, risk: 0.45, subIndustries: 3),
        Industry(code: "IG35", weight: 3, archetype: manufacturing, risk: 0.15, subIndustries: 2),
        Industry(code: "IG36", weight: 30, archetype: health, risk: -0.20, subIndustries: 3),
    ]

    /// The reference industry of the default spec: grocery retail, large and in the middle of the risk range.
    static let referenceIndustry = "IG16"

    /// Size bands in natural order, with each band's employee range and national share of units.
    static let sizeBands = ["1-4", "5-9", "10-19", "20-49", "50-99", "100-249", "250+"]
    static let sizeShares: [Double] = [0.62, 0.15, 0.10, 0.08, 0.028, 0.016, 0.006]
    static let sizeRanges: [(Double, Double)] = [(1, 4), (5, 9), (10, 19), (20, 49), (50, 99), (100, 249), (250, 10_000)]
    static let referenceSizeBand = "10-19"
    /// True log-odds offsets against the reference band "10-19": the smallest units are found in breach
    /// less often (fewer rules apply, e.g. no safety organisation below 10 employees).
    static let sizeRisk: [Double] = [-0.55, -0.20, 0, 0.15, 0.25, 0.30, 0.30]

    /// Regions with their share of units, number of municipalities, and mean distance (km) to the
    /// nearest inspection centre.
    static let regions = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]
    static let regionShares: [Double] = [0.32, 0.14, 0.21, 0.23, 0.10]
    static let regionMunicipalities = [29, 17, 22, 19, 11]
    static let regionDistance: [Double] = [12, 35, 28, 30, 35]
    static let referenceRegion = "Hovedstaden"
    static let regionRisk: [Double] = [0, 0.05, 0.08, 0.02, 0.10]
}

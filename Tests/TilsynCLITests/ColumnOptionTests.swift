import Foundation
import Testing
import TilsynSynthetic
import _TilsynTestSupport

/// Every `--*-column` option (and `--exclude-if`, `--by`) given a column of the wrong kind: the model's
/// numeric or categorical feature, the unit column, a date or a text column. Each is refused with one
/// sentence and exit code 1, never a crash, through `tilsyn list` and `tilsyn serve`.
@Suite struct ColumnOptionTests {
    static let register = Fixtures.path("synthetic.csv")
    let dir: URL
    let model: String

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        model = try CommandRunner.fitFixture("synthetic", into: dir)
        try Data("region,capacity\nFyn,3\n".utf8).write(to: dir.appendingPathComponent("regions.csv"))
    }

    /// The synthetic fixture: unit `id`, numeric `employees`, categorical `industry`, the date
    /// `inspection_date` (not a feature), the text `channel` (not a feature).
    static let listCases: [(arguments: [String], sentence: String)] = [
        (["--last-inspection-column", "industry"],
         "--last-inspection-column names column 'industry', which is the model's categorical feature; it needs a column of dates (YYYY-MM-DD)."),
        (["--last-inspection-column", "employees"],
         "--last-inspection-column names column 'employees', which is the model's numeric feature; it needs a column of dates (YYYY-MM-DD)."),
        (["--last-inspection-column", "id"],
         "--last-inspection-column names column 'id', which is the unit column; it needs a column of dates (YYYY-MM-DD)."),
        (["--last-inspection-column", "channel"],
         "\(register), line 2, column 'channel': expected a date YYYY-MM-DD, found 'risk'."),
        (["--last-inspection-column", "inspection_date", "--exclude-if", "id"],
         "\(register), line 2, column 'id': expected an exclusion flag (1, 0, true, false or empty), found 'P000001'."),
        (["--last-inspection-column", "inspection_date", "--exclude-if", "industry"],
         "\(register), line 2, column 'industry': expected an exclusion flag (1, 0, true, false or empty), found 'IG05'."),
        (["--last-inspection-column", "inspection_date", "--exclude-if", "employees"],
         "\(register), line 2, column 'employees': expected an exclusion flag (1, 0, true, false or empty), found '45'."),
        (["--last-inspection-column", "inspection_date", "--exclude-if", "inspection_date"],
         "--exclude-if names column 'inspection_date', which is the last-inspection date column; it needs a 0/1 column."),
        (["--last-inspection-column", "inspection_date", "--region-column", "employees", "--capacity-file", "regions.csv"],
         "regions.csv, line 2, column 'region': region 'Fyn' does not occur in column 'employees' of \(register)."),
        (["--last-inspection-column", "inspection_date", "--region-column", "id", "--capacity-file", "regions.csv"],
         "regions.csv, line 2, column 'region': region 'Fyn' does not occur in column 'id' of \(register)."),
        (["--last-inspection-column", "inspection_date", "--region-column", "inspection_date", "--capacity-file", "regions.csv"],
         "regions.csv, line 2, column 'region': region 'Fyn' does not occur in column 'inspection_date' of \(register)."),
    ]

    @Test(arguments: listCases)
    func listRefusesAColumnOfTheWrongKind(arguments: [String], sentence: String) async throws {
        let r = try CommandRunner.run([
            "list", "--model", model, "--data", Self.register, "--as-of", "2026-01-05", "--capacity", "10", "--random-share", "0.2",
            "--seed", "1", "--exclude-days", "365", "--out", "list.csv", "--allow-unapproved", "--quiet",
        ] + arguments, in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "Error: \(sentence)\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("list.csv").path))
    }

    @Test func fairnessRefusesANumericGrouping() async throws {
        let r = try CommandRunner.run(["fairness", "--model", model, "--data", Self.register, "--by", "employees", "--top-fraction", "0.2",
                                       "--format", "json", "--out", "f.json", "--quiet"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "Error: --by column 'employees' is a numeric feature of the model; group by a categorical column (e.g. a size band) instead.\n")
    }
}

/// The same through the service: `tilsyn serve` loads its list columns once at start, and refuses a
/// wrong one in one sentence before it listens.
@Suite struct ServeColumnOptionTests {
    let dir: URL

    init() throws {
        dir = try CommandRunner.temporaryDirectory()
        try ExplainFixtures.demo.get().model.encodedForFile().write(to: dir.appendingPathComponent("model.json"))
        let register = SyntheticGenerator.generate(SyntheticOptions(units: 2_000, seed: 2026)).register
        try AtomicFile.write(CSVWriter.bytes(of: register), to: dir.appendingPathComponent("register.csv").path)
    }

    /// The demo register: unit `company_id`, numeric `employees`, categorical `industry`.
    static let cases: [(arguments: [String], sentence: String)] = [
        (["--last-inspection-column", "industry"],
         "--last-inspection-column names column 'industry', which is the model's categorical feature; it needs a column of dates (YYYY-MM-DD)."),
        (["--last-inspection-column", "employees"],
         "--last-inspection-column names column 'employees', which is the model's numeric feature; it needs a column of dates (YYYY-MM-DD)."),
        (["--last-inspection-column", "company_id"],
         "--last-inspection-column names column 'company_id', which is the unit column; it needs a column of dates (YYYY-MM-DD)."),
        (["--exclude-if-column", "company_id"],
         "register.csv, line 2, column 'company_id': expected an exclusion flag (1, 0, true, false or empty), found '1000000001'."),
        (["--exclude-if-column", "industry"],
         "register.csv, line 2, column 'industry': expected an exclusion flag (1, 0, true, false or empty), found 'IG27'."),
        (["--exclude-if-column", "last_inspection_date"],
         "--exclude-if-column names column 'last_inspection_date', which is the last-inspection date column; it needs a 0/1 column."),
    ]

    @Test(arguments: cases)
    func serveRefusesAColumnOfTheWrongKind(arguments: [String], sentence: String) async throws {
        let r = try CommandRunner.run(["serve", "--model", "model.json", "--data", "register.csv", "--db", "tilsyn.sqlite", "--port", "0",
                                       "--allow-unapproved"] + arguments, in: dir)
        #expect(r.status == 1)
        #expect(r.stderr == "Error: \(sentence)\n")
    }
}

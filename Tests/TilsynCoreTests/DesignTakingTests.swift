import Foundation
import Testing
import TilsynNumerics
import TilsynSynthetic
import _TilsynTestSupport

/// `tilsyn fit` hands the table to the fit, which transforms the numeric feature columns where they lie
/// instead of copying them: the design and the model must be the ones the borrowing forms give, bit for
/// bit, and the columns must really be rewritten in place (else the memory is not saved).
@Suite struct DesignTakingTests {
    /// A demo-shaped history (clips, log1p and sqrt transforms, fills, missing indicators), written to a
    /// file so that every read gives a table no one else holds; the size `ExplainFixtures.demo` fits.
    static func history() throws -> (spec: ModelSpec, read: () throws -> DataTable, cleanUp: () -> Void) {
        let spec = try DefaultSpec.load()
        let directory = try CommandRunner.temporaryDirectory()
        let path = directory.appendingPathComponent("history.csv").path
        let data = SyntheticGenerator.generate(SyntheticOptions(units: 20_000, seed: 2026))
        try AtomicFile.write(CSVWriter.bytes(of: data.history), to: path)
        return (spec, { try CSVReader.read(path: path, columns: ModelFitter.columnRequests(for: spec), threads: 2) },
                { try? FileManager.default.removeItem(at: directory) })
    }

    static func address(_ values: [Double]) -> Int {
        values.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
    }

    @Test func takingTheTableGivesTheSameDesignWrittenOverItsColumns() throws {
        let (spec, read, cleanUp) = try Self.history()
        defer { cleanUp() }
        let shared = try read()
        let encoder = try DesignEncoder.learn(spec: spec, from: shared)
        let expected = try encoder.design(shared, threads: 2)

        var owned = try read()
        let keeping: Set<String> = [spec.label, "employees"]
        var before: [String: Int] = [:]
        for f in spec.features where f.type == .numeric { before[f.name] = Self.address(try owned.numeric(f.name)) }
        let design = try encoder.design(taking: &owned, keeping: keeping, threads: 2)

        #expect(design.dense == expected.dense && design.columns == expected.columns)
        for (slot, (got, want)) in zip(design.denseValues, expected.denseValues).enumerated() {
            #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "dense slot \(slot)")
        }
        #expect(design.blocks.map(\.codes) == expected.blocks.map(\.codes))
        #expect(design.blocks.map(\.columns) == expected.blocks.map(\.columns))

        var rewritten = 0
        for (f, offset) in zip(spec.features, encoder.layout.featureOffsets) where f.type == .numeric {
            let slot = try #require(design.dense.firstIndex(of: offset))
            let column = Self.address(design.denseValues[slot])
            if keeping.contains(f.name) {
                // Kept for the caller, so transformed into a copy and left as read.
                let kept = try owned.numeric(f.name)
                #expect(column != Self.address(kept))
                #expect(kept.map(\.bitPattern) == (try shared.numeric(f.name)).map(\.bitPattern))
            } else {
                #expect(owned.columns[f.name] == nil, "\(f.name) should have left the table")
                #expect(column == before[f.name], "\(f.name) should be its raw array, rewritten")
                rewritten += 1
            }
        }
        #expect(rewritten == spec.features.filter { $0.type == .numeric }.count - 1)
        #expect(owned.columns[spec.label] != nil && owned.columns["inspection_date"] != nil)
        // The borrowing form left the shared table as read.
        let fresh = try read()
        for f in spec.features where f.type == .numeric {
            #expect(try shared.numeric(f.name).map(\.bitPattern) == fresh.numeric(f.name).map(\.bitPattern))
        }
    }

    @Test func fitTakingTheTableIsTheBorrowingFit() throws {
        let (spec, read, cleanUp) = try Self.history()
        defer { cleanUp() }
        let borrowed = try ModelFitter.fit(spec: spec, table: try read(), trainingFile: "history.csv",
                                           trainingSHA256: "", created: "", threads: 2)
        var table = try read()
        let taken = try ModelFitter.fit(spec: spec, taking: &table, trainingFile: "history.csv",
                                        trainingSHA256: "", created: "", threads: 2)
        #expect(taken.coefficients.map(\.estimate.bitPattern) == borrowed.coefficients.map(\.estimate.bitPattern))
        #expect(taken.coefficients.map { $0.stdError?.bitPattern } == borrowed.coefficients.map { $0.stdError?.bitPattern })
        #expect(taken.reference == borrowed.reference)
        #expect(taken.fingerprint == borrowed.fingerprint)
        #expect(table.columns["employees"] == nil)
    }
}

import Foundation
import Testing
import _TilsynTestSupport

/// Every data problem the fit can meet gives one sentence naming the file and the column (and line).
@Suite struct FitErrorTests {
    func fitError(_ name: String) throws -> String {
        let spec = try Fixtures.spec(name)
        do {
            let table = try Fixtures.table(name, spec: spec)
            _ = try ModelFitter.fit(spec: spec, table: table, trainingFile: nil, trainingSHA256: "", created: "")
        } catch {
            return "\(error)"
        }
        Issue.record("\(name): the fit succeeded but should have failed")
        return ""
    }

    @Test(arguments: [
        ("separation_complete", "FIXTURES/separation_complete.csv: perfect or quasi-complete separation by 'x', 'z' (38 of 40 rows have their outcome determined by them; lines 2, 3, 4, 5, 6, …), so the maximum-likelihood estimate does not exist; merge sparse levels, drop the feature, or set \"penalty\": {\"firth\": true} or a small \"penalty\": {\"l2\": …} in the spec."),
        ("separation_quasi", "FIXTURES/separation_quasi.csv: perfect or quasi-complete separation by 'group=c' (all 16 rows where it is 1 have label 1; lines 4, 7, 10, 13, 16, …), so the maximum-likelihood estimate does not exist; merge sparse levels, drop the feature, or set \"penalty\": {\"firth\": true} or a small \"penalty\": {\"l2\": …} in the spec."),
        ("collinear", "FIXTURES/collinear.csv: design column 'x3' is a linear combination of 'x1', 'x2' (collinear columns), so the coefficients are not identifiable; remove one of them from the spec."),
        ("constant_label", "FIXTURES/constant_label.csv: every row has y = 0, so there is nothing to learn; the training data needs both outcomes."),
        ("label_not_binary", "FIXTURES/label_not_binary.csv, line 19, column 'y': expected a label of 0 or 1, found '2'."),
        ("all_missing", "FIXTURES/all_missing.csv: column 'w' has no values (every cell is empty)."),
    ])
    func errorNamesTheProblem(name: String, sentence: String) throws {
        let message = try fitError(name)
        #expect(message == sentence.replacingOccurrences(of: "FIXTURES/", with: Fixtures.directory.path + "/"))
    }

    func table(_ csv: String, columns: [ColumnRequest]) throws -> DataTable {
        try CSVReader.read(bytes: Array(csv.utf8), source: "data.csv", columns: columns, threads: 1)
    }

    @Test func missingValueWhereTheSpecForbidsIt() throws {
        var spec = ModelSpec(name: "m", version: "1", unit: "id", label: "y", features: [FeatureSpec(name: "x", type: .numeric)])
        spec.features[0].missing = .error
        let t = try table("id,x,y\na,1,0\nb,,1\nc,3,1\n", columns: ModelFitter.columnRequests(for: spec))
        let fitted = #expect(throws: DataError.self) { try ModelFitter.fit(spec: spec, table: t, trainingFile: nil, trainingSHA256: "", created: "") }
        #expect(fitted?.description == "data.csv, line 3, column 'x': expected a value (the spec says missing values are an error for 'x'; use \"missing\": \"indicator\" to allow them), found ''.")
        let learned = #expect(throws: DataError.self) { try DesignEncoder.learn(spec: spec, from: t) }
        #expect(learned?.description == "data.csv, line 3, column 'x': expected a value (the spec says missing values are an error for 'x'; use \"missing\": \"indicator\" to allow them), found ''.")
    }

    @Test func unseenCategoryAtScoringTime() throws {
        var spec = ModelSpec(name: "m", version: "1", unit: "id", label: "y", features: [FeatureSpec(name: "g", type: .categorical)])
        let train = try table("id,g,y\na,A,0\nb,B,1\nc,A,1\nd,B,0\ne,A,0\n", columns: ModelFitter.columnRequests(for: spec))
        let model = try ModelFitter.fit(spec: spec, table: train, trainingFile: nil, trainingSHA256: "", created: "")
        let register = try table("id,g\nr1,A\nr2,C\n", columns: Scorer.columnRequests(for: model))
        let unseen = #expect(throws: DataError.self) { try Scorer.score(model: model, table: register) }
        #expect(unseen?.description == "data.csv, line 3, column 'g': expected a level seen in training (A, B); set \"unseen\": \"reference\" in the spec to score unseen levels as the reference level, found 'C'.")
        // With unseen: reference, the unseen level scores as the reference level.
        spec.features[0].unseen = .reference
        let lenient = try ModelFitter.fit(spec: spec, table: train, trainingFile: nil, trainingSHA256: "", created: "")
        let scores = try Scorer.score(model: lenient, table: register)
        let reference = try #require(lenient.encoding.features[0].reference)
        let referenceRow = reference == "A" ? 0 : 1
        #expect(scores.logOdds[1] == lenient.beta[0] || scores.logOdds[1] == scores.logOdds[referenceRow])
    }

    @Test func referenceLevelThatNeverOccurs() throws {
        var feature = FeatureSpec(name: "g", type: .categorical)
        feature.reference = "Z"
        let spec = ModelSpec(name: "m", version: "1", unit: "id", label: "y", features: [feature])
        let t = try table("id,g,y\na,A,0\nb,B,1\n", columns: ModelFitter.columnRequests(for: spec))
        let error = #expect(throws: (any Error).self) { try DesignEncoder.learn(spec: spec, from: t) }
        #expect(error.map { "\($0)" } == "data.csv: the reference level 'Z' of feature 'g' never occurs in column 'g' (its levels: A, B).")
    }

    @Test func groupThatIsNeitherFeatureNorColumn() throws {
        var spec = ModelSpec(name: "m", version: "1", unit: "id", label: "y", features: [FeatureSpec(name: "x", type: .numeric)])
        spec.groups = ["industry"]
        let t = try table("id,x,y\na,1,0\nb,2,1\nc,0,1\nd,3,0\n", columns: ModelFitter.columnRequests(for: spec))
        let error = #expect(throws: SpecError.self) { try ModelFitter.fit(spec: spec, table: t, trainingFile: nil, trainingSHA256: "", created: "") }
        #expect(error?.description == "spec, field 'groups': 'industry' is neither a feature nor a column of data.csv.")
    }
}

import Foundation
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynService

/// Loads what `tilsyn serve` (and `tilsyn demo --serve`) answers from: the model, the register read with
/// the columns lists need, and the board's reports, each failure as one sentence naming the file.
enum ServeInputs {
    static func load(
        model modelPath: String, data dataPath: String, validation: String?, fairness: String?, drift: String?,
        listColumns: ServedModel.ListColumns, seed: UInt64, threads: Int
    ) throws -> ServedModel {
        let model = try Inputs.model(modelPath)
        let register = try CSVReader.read(path: dataPath, columns: ServedModel.columnRequests(model: model, listColumns: listColumns), threads: threads)
        func report<R: Decodable & Sendable>(_ type: R.Type, _ path: String?) throws -> ServedModel.LoadedReport<R>? {
            guard let path else { return nil }
            return ServedModel.LoadedReport(bytes: try Inputs.contents(path), report: try Inputs.json(type, path))
        }
        return try ServedModel(
            model: model, register: register,
            modelFile: .init(role: "model", file: modelPath, sha256: try FileDigest.sha256(path: modelPath)),
            registerFile: .init(role: "register", file: dataPath, sha256: try FileDigest.sha256(path: dataPath)),
            listColumns: listColumns, validation: try report(ValidationReport.self, validation),
            fairness: try report(FairnessReport.self, fairness), drift: try report(DriftReport.self, drift), seed: seed, threads: threads)
    }
}

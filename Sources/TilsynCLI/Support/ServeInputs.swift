import Foundation
import TilsynApplication
import TilsynCore
import TilsynIO
import TilsynReports
import TilsynService

/// Loads what `tilsyn serve` (and `tilsyn demo --serve`) answers from: the model, the register read with
/// the columns lists need, and the board's reports, each read once, each failure as one sentence naming the file.
enum ServeInputs {
    static func load(
        model modelPath: String, data dataPath: String, validation: String?, fairness: String?, drift: String?,
        challenger: String? = nil, listColumns: ServedModel.ListColumns, seed: UInt64, threads: Int
    ) throws -> ServedModel {
        let register = try ScoredRegister.load(model: try ModelInput.read(modelPath), register: dataPath, columns: listColumns,
                                               seed: seed, threads: threads, indexUnits: true)
        func report<R: Decodable & Sendable>(_ type: R.Type, _ path: String?) throws -> ServedModel.LoadedReport<R>? {
            guard let path else { return nil }
            let file = try InputFile.read(path)
            return ServedModel.LoadedReport(bytes: file.bytes, report: try file.decode(type), file: (path as NSString).lastPathComponent)
        }
        return try ServedModel(register: register, validation: try report(ValidationReport.self, validation),
                               fairness: try report(FairnessReport.self, fairness), drift: try report(DriftReport.self, drift),
                               challenger: try report(ChallengerReport.self, challenger))
    }
}

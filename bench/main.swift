// Throughput check for CSVReader, run by hand with bench/run.sh (not a test: no timing assertions).
import Foundation

let path = CommandLine.arguments[1]
let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
let header = try CSVReader.header(path: path)
var requests: [ColumnRequest] = []
for name in header {
    switch name {
    case "unit": requests.append(ColumnRequest(name, .string))
    case "region", "industry", "size": requests.append(ColumnRequest(name, .categorical))
    default: requests.append(ColumnRequest(name, .numeric))
    }
}
let numericOnly = requests.filter { $0.kind == .numeric }
for (label, columns) in [("all 40 columns", requests), ("36 numeric columns", numericOnly)] {
    for threads in [1, 2] {
        var best = Double.infinity
        var rows = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            let table = try CSVReader.read(path: path, columns: columns, threads: threads)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            rows = table.rowCount
        }
        print("CSVReader, \(label), \(threads) thread(s): \(String(format: "%.3f", best)) s, "
            + "\(Int(size / best / 1e6)) MB/s (\(rows) rows)")
    }
}

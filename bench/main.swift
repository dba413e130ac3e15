// Throughput check for CSVReader, run by hand with bench/run.sh (not a test: no timing assertions).
//
//     csvbench FILE [RUNS] [CONFIG...]      CONFIG: all1 all2 num1 num2 (default: all four)
//
// Prints the median and the best wall time of RUNS runs per configuration, and the median process CPU
// time (user + system, all threads), which a shared machine disturbs less than wall time.
import Foundation

let arguments = CommandLine.arguments
let path = arguments[1]
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let chosen = arguments.count > 3 ? Array(arguments[3...]) : ["all1", "all2", "num1", "num2"]
let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
let header = try CSVReader.header(path: path)
var requests: [ColumnRequest] = []
for name in header {
    switch name {
    case "unit": requests.append(ColumnRequest(name, .string))
    case "region", "industry", "size": requests.append(ColumnRequest(name, .categorical))
    case "date": requests.append(ColumnRequest(name, .date))
    default: requests.append(ColumnRequest(name, .numeric))
    }
}
let numericOnly = requests.filter { $0.kind == .numeric }
for config in chosen {
    let columns = config.hasPrefix("all") ? requests : numericOnly
    let threads = config.hasSuffix("2") ? 2 : 1
    var times: [Double] = []
    var cpuTimes: [Double] = []
    var rows = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = clock()
        let table = try CSVReader.read(path: path, columns: columns, threads: threads)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        cpuTimes.append(Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC))
        rows = table.rowCount
    }
    times.sort()
    cpuTimes.sort()
    let median = times[times.count / 2]
    let cpu = cpuTimes[cpuTimes.count / 2]
    print("CSVReader \(config) (\(columns.count) columns, \(threads) thread(s)): median \(String(format: "%.3f", median)) s "
        + "= \(Int(size / median / 1e6)) MB/s, best \(Int(size / times[0] / 1e6)) MB/s; "
        + "CPU \(String(format: "%.3f", cpu)) s (\(rows) rows)")
}

import Foundation
import Testing
@testable import TilsynCore

/// The top-lines pass of `tilsyn explain --all` picks the lines a card shows first.
@Suite struct TopLinesTests {
    /// Ties in |contribution| are broken by the line's name, compared as strings, whatever the order
    /// the lines come in (the top-lines pass compares each name's place in the sorted names instead).
    @Test func tiesGoToTheNameThatSortsFirst() {
        let names = ["b", "(undisclosed)", "a", "ab", "Z", "å", "a"]
        var state: UInt64 = 7
        func draw() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        let place = Explainer.nameOrder(names)
        for _ in 0..<2000 {
            let values = names.map { _ in [0.0, -0.0, 0.5, -0.5, 1.25][draw() % 5] }
            for k in [1, 3, names.count] {
                var order = [Int](repeating: 0, count: k)
                values.withUnsafeBufferPointer { Explainer.selectTop(k, values: $0, nameOrder: place, into: &order) }
                // The reference: a stable sort by magnitude descending, then by name.
                let reference = names.indices.sorted { a, b in
                    abs(values[a]) != abs(values[b]) ? abs(values[a]) > abs(values[b]) : (names[a] < names[b] || (names[a] == names[b] && a < b))
                }
                if order != Array(reference.prefix(k)) { Issue.record("\(values) k=\(k): \(order) ≠ \(reference.prefix(k))"); return }
            }
        }
    }
}

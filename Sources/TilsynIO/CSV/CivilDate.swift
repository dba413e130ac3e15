import TilsynCore

/// Strict ISO 8601 calendar dates (`YYYY-MM-DD`) as days since 1970-01-01.
///
/// Dates become plain numbers so that windows and time splits are integer comparisons; the conversion
/// is Howard Hinnant's `days_from_civil`, exact for the proleptic Gregorian calendar.
enum CivilDate {
    /// The day number of `b[start..<end]`, or `nil` unless it is exactly a valid `YYYY-MM-DD` date.
    static func days(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        guard end - start == 10, b[start + 4] == UInt8(ascii: "-"), b[start + 7] == UInt8(ascii: "-") else {
            return nil
        }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                let digit = b[i] &- 48
                if digit > 9 { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(start, 4), let month = number(start + 5, 2), let day = number(start + 8, 2),
              year >= 1, (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return Double(TilsynCore.daysFromCivil(year: year, month: month, day: day))
    }
}

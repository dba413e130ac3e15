/// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian, no time zone).
///
/// Inspection and as-of dates are days, not instants: using a plain `Int` keeps date arithmetic exact and
/// free of `Date`, time zones and locale, so generated data and lists are identical on every machine.

/// Days since 1970-01-01 of the civil date `year-month-day` (Howard Hinnant's `days_from_civil`).
///
/// - Parameters:
///   - year: any year (proleptic Gregorian).
///   - month: 1…12.
///   - day: 1…31 (not validated against the month; see ``parseISODate(_:)`` for validation).
/// - Returns: the day number; 1970-01-01 is 0.
public func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day number (inverse of ``daysFromCivil(year:month:day:)``).
public func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// The weekday of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
public func weekday(ofDay days: Int) -> Int {
    let r = (days + 3) % 7
    return r >= 0 ? r : r + 7
}

/// The ISO 8601 calendar date `YYYY-MM-DD` of a day number (years 0…9999).
public func isoDate(_ days: Int) -> String {
    let (year, month, day) = civilFromDays(days)
    precondition((0...9999).contains(year), "isoDate: year \(year) is outside 0…9999")
    let zero = UInt8(ascii: "0")
    let dash = UInt8(ascii: "-")
    let bytes: [UInt8] = [
        zero + UInt8(year / 1000), zero + UInt8(year / 100 % 10), zero + UInt8(year / 10 % 10),
        zero + UInt8(year % 10), dash, zero + UInt8(month / 10), zero + UInt8(month % 10), dash,
        zero + UInt8(day / 10), zero + UInt8(day % 10),
    ]
    return String(decoding: bytes, as: UTF8.self)
}

/// The day number of an ISO 8601 calendar date `YYYY-MM-DD`, or `nil` if the text is not a valid date.
///
/// Exactly ten characters are accepted; the month and the day must exist (leap years included).
public func parseISODate(_ text: some StringProtocol) -> Int? {
    var digits = [Int]()
    digits.reserveCapacity(8)
    var count = 0
    for byte in text.utf8 {
        defer { count += 1 }
        if count == 4 || count == 7 {
            guard byte == UInt8(ascii: "-") else { return nil }
            continue
        }
        guard count < 10, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        digits.append(Int(byte - UInt8(ascii: "0")))
    }
    guard count == 10 else { return nil }
    let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
    let month = digits[4] * 10 + digits[5]
    let day = digits[6] * 10 + digits[7]
    guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
    return daysFromCivil(year: year, month: month, day: day)
}

/// The number of days in `month` of `year` (Gregorian leap rule).
public func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2:
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return leap ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

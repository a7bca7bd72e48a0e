//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Synchronization

// FoundationEssentials where it exists: it spares Linux binaries Foundation's ICU data.
#if canImport(FoundationEssentials)
package import struct FoundationEssentials.Date
#else
package import struct Foundation.Date
#endif

/// RFC 3339 UTC timestamps with millisecond precision (`2026-11-23T09:30:00.123Z`), written and
/// read without a formatter: the encoder runs on every enabled `record`, and Foundation's
/// formatters cost microseconds and allocate.
package enum Timestamp {
    /// The length of a formatted timestamp: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    package static let length = 24

    /// Milliseconds since 1970, rounded down, except that a value within a few units in the last
    /// place of a whole millisecond counts as that millisecond: `Date(timeIntervalSince1970:
    /// ms / 1000)` does not always multiply back to exactly `ms` (a `Date` counts from 2001, so
    /// the value is converted twice), and a parsed timestamp must format as it was. The margin
    /// grows with the distance from 1970: in the year 1413 one unit is 0.004 ms, so a fixed
    /// 0.001 ms margin wrote `.246` back as `.245` (found by the EventLine fuzzer).
    package static func milliseconds(_ date: Date) -> Int64 {
        let scaled = date.timeIntervalSince1970 * 1000
        // A NaN interval has no instant; write the epoch rather than trap in Int64(_:).
        guard !scaled.isNaN else { return 0 }
        let nearest = scaled.rounded()
        let margin = max(0.001, 8 * scaled.ulp)
        let value = abs(scaled - nearest) < margin ? nearest : scaled.rounded(.down)
        // Dates beyond the years 0...9999 cannot be written as four digits; clamp them.
        return Int64(min(max(value, -62_167_219_200_000), 253_402_300_799_999))
    }

    /// Formats `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    package static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `date` formatted as `YYYY-MM-DDTHH:MM:SS.mmmZ` to `bytes`.
    package static func append(_ date: Date, to bytes: inout [UInt8]) {
        JSONBuffer.append(to: &bytes) { write(date, to: &$0) }
    }

    /// Writes `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (no quotes), two digits at a time.
    static func write(_ date: Date, to buffer: inout JSONBuffer) {
        let totalMilliseconds = milliseconds(date)
        var days = totalMilliseconds / 86_400_000
        var millisecondOfDay = totalMilliseconds % 86_400_000
        if millisecondOfDay < 0 {
            millisecondOfDay += 86_400_000
            days -= 1
        }
        let (year, month, day) = civilOfLastDay(days)
        let secondOfDay = Int(millisecondOfDay / 1000)
        let millisecond = Int(millisecondOfDay % 1000)
        buffer.reserve(length)
        JSONWriter.writeTwoDigits(Int(year / 100), to: &buffer)
        JSONWriter.writeTwoDigits(Int(year % 100), to: &buffer)
        buffer.writeUnchecked(UInt8(ascii: "-"))
        JSONWriter.writeTwoDigits(month, to: &buffer)
        buffer.writeUnchecked(UInt8(ascii: "-"))
        JSONWriter.writeTwoDigits(day, to: &buffer)
        buffer.writeUnchecked(UInt8(ascii: "T"))
        JSONWriter.writeTwoDigits(secondOfDay / 3600, to: &buffer)
        buffer.writeUnchecked(UInt8(ascii: ":"))
        JSONWriter.writeTwoDigits(secondOfDay / 60 % 60, to: &buffer)
        buffer.writeUnchecked(UInt8(ascii: ":"))
        JSONWriter.writeTwoDigits(secondOfDay % 60, to: &buffer)
        buffer.writeUnchecked(UInt8(ascii: "."))
        buffer.writeUnchecked(UInt8(truncatingIfNeeded: 48 + millisecond / 100))
        JSONWriter.writeTwoDigits(millisecond % 100, to: &buffer)
        buffer.writeUnchecked(UInt8(ascii: "Z"))
    }

    package static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// Parses the UTF-8 bytes of a timestamp; see ``parse(_:)``.
    package static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 20 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let digit = Int(bytes[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard
            let year = number(0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = number(5, 2), bytes[7] == UInt8(ascii: "-"),
            let day = number(8, 2), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"),
            let minute = number(14, 2), bytes[16] == UInt8(ascii: ":"),
            let second = number(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = 19
        // The first three fraction digits, as an integer: decimal fractions summed as Doubles
        // (0.1 + 0.02 + 0.003) can land just below the millisecond and truncate to the one before.
        var millisecond: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, let digit = number(index, 1) {
                if index - start < 3 { millisecond = millisecond * 10 + Int64(digit) }
                index += 1
            }
            let digits = index - start
            guard digits >= 1, digits <= 9 else { return nil }
            if digits < 3 { for _ in digits..<3 { millisecond *= 10 } }
        }
        guard index == bytes.count - 1, bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") else {
            return nil
        }
        let days = self.days(fromCivil: Int64(year), month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        // Digits beyond the millisecond are truncated, as format(_:) truncates.
        let milliseconds = seconds * 1000 + millisecond
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The civil date of the last day written, packed: the day's key (`days + 1_000_000`,
    /// positive for every year from 0 to 9999) in the low 32 bits, then the year (16 bits), the
    /// month and the day (8 bits each); 0 when none. One word, so that a relaxed load always
    /// sees a date that belongs to its key.
    private static let lastDay = Atomic<UInt64>(0)

    /// `civil(fromDays:)`, remembered for the last day: events are stamped with the current
    /// time, so nearly every one falls on the day of the one before.
    private static func civilOfLastDay(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let key = UInt64(days + 1_000_000)
        let cached = lastDay.load(ordering: .relaxed)
        if cached & 0xFFFF_FFFF == key {
            return (Int64(cached >> 32 & 0xFFFF), Int(cached >> 48 & 0xFF), Int(cached >> 56))
        }
        let date = civil(fromDays: days)
        lastDay.store(
            key | UInt64(date.year) << 32 | UInt64(date.month) << 48 | UInt64(date.day) << 56,
            ordering: .relaxed
        )
        return date
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days from 1970-01-01 to a civil date (also used to read HTTP dates).
    package static func days(fromCivil year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

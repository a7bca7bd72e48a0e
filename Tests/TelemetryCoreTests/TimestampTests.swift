//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import TelemetryTestSupport
import Testing

@Suite("Timestamp", .timeLimit(.minutes(2)))
struct TimestampTests {
    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    @Test(
        "formats as YYYY-MM-DDTHH:MM:SS.mmmZ in UTC",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000Z"),
            (1_795_426_200_123, "2026-11-23T09:30:00.123Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),  // leap day of a year divisible by 400
            (1_709_251_199_999, "2024-02-29T23:59:59.999Z"),  // leap day, last millisecond
            (4_107_542_400_000, "2100-03-01T00:00:00.000Z"),  // 2100 is not a leap year: Feb 28 + 1 day
            (-1, "1969-12-31T23:59:59.999Z"),  // before 1970
            (-86_400_000, "1969-12-31T00:00:00.000Z"),
            (-2_208_988_800_000, "1900-01-01T00:00:00.000Z"),
            (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        ]
    )
    func format(milliseconds: Int64, expected: String) {
        #expect(Timestamp.format(Self.date(milliseconds)) == expected)
        #expect(Timestamp.format(Self.date(milliseconds)).utf8.count == Timestamp.length)
    }

    @Test("agrees with Foundation's ISO 8601 formatter on many instants")
    func agreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            // Whole milliseconds between 1900 and 2200, so both sides agree on rounding.
            let milliseconds = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator)
            let date = Self.date(milliseconds)
            #expect(Timestamp.format(date) == formatter.string(from: date))
            #expect(Timestamp.parse(Timestamp.format(date)) == date)
        }
    }

    @Test("sub-millisecond parts are truncated, and a value a hair below a millisecond still counts as it")
    func millisecondRounding() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0.0009)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0.0019)) == "1970-01-01T00:00:00.001Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0.001999999999)) == "1970-01-01T00:00:00.002Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.0001)) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1.9995)) == "1970-01-01T00:00:01.999Z")
        // 1_795_426_200.123 * 1000 is not exactly ...123 in binary; it must still print .123.
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_426_200.123)) == "2026-11-23T09:30:00.123Z")
        for milliseconds in stride(from: Int64(1_700_000_000_000), to: 1_700_000_001_000, by: 1) {
            let text = Timestamp.format(Self.date(milliseconds))
            #expect(text.hasSuffix(String(format: ".%03dZ", Int(milliseconds % 1000))))
        }
    }

    @Test("every parsed timestamp formats as it was, in any year from 0001 to 9999 (1413-12-23T09:30:00.246Z was not)")
    func parseThenFormatIsStableInEveryYear() throws {
        #expect(Timestamp.parse("1413-12-23T09:30:00.246Z").map(Timestamp.format) == "1413-12-23T09:30:00.246Z")
        var generator = SplitMix64(seed: 0x7157_A3F0_2026_1201)
        for _ in 0..<20_000 {
            let year = Int.random(in: 1...9999, using: &generator)
            let text = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                year,
                Int.random(in: 1...12, using: &generator),
                Int.random(in: 1...28, using: &generator),
                Int.random(in: 0...23, using: &generator),
                Int.random(in: 0...59, using: &generator),
                Int.random(in: 0...59, using: &generator),
                Int.random(in: 0...999, using: &generator)
            )
            let date = try #require(Timestamp.parse(text), "\(text)")
            #expect(Timestamp.format(date) == text)
        }
    }

    @Test("out-of-range and NaN dates are clamped instead of trapping")
    func extremes() {
        #expect(Timestamp.format(.distantFuture) == "4001-01-01T00:00:00.000Z")
        // Foundation's distantPast is 0001-01-01 in the Julian calendar; RFC 3339 is proleptic Gregorian.
        #expect(Timestamp.format(.distantPast) == "0000-12-30T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1e300)) == "0000-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: .infinity)) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00.000Z")
    }

    @Test("parses what it formats, any fraction length, and lowercase t and z")
    func parse() {
        #expect(Timestamp.parse("2026-11-23T09:30:00.123Z") == Self.date(1_795_426_200_123))
        #expect(Timestamp.parse("2026-11-23T09:30:00Z") == Self.date(1_795_426_200_000))
        #expect(Timestamp.parse("2026-11-23T09:30:00.1Z") == Self.date(1_795_426_200_100))
        #expect(Timestamp.parse("2026-11-23T09:30:00.12Z") == Self.date(1_795_426_200_120))
        #expect(Timestamp.parse("2026-11-23T09:30:00.123999999Z") == Self.date(1_795_426_200_123))
        #expect(Timestamp.parse("2026-11-23t09:30:00.123z") == Self.date(1_795_426_200_123))
        #expect(Timestamp.parse("1969-12-31T23:59:59.999Z") == Self.date(-1))
        #expect(Timestamp.parse("2024-02-29T00:00:00.000Z") != nil)
        #expect(Timestamp.parse("2000-02-29T00:00:00.000Z") != nil)
        // Every millisecond of a second survives format then parse (no float drift).
        for milliseconds in stride(from: Int64(1_795_426_200_000), to: 1_795_426_201_000, by: 1) {
            let date = Self.date(milliseconds)
            #expect(Timestamp.parse(Timestamp.format(date)) == date)
        }
    }

    @Test(
        "rejects everything that is not a UTC RFC 3339 timestamp",
        arguments: [
            "", "2026", "2026-11-23", "2026-11-23T09:30:00", "2026-11-23T09:30:00.123",
            "2026-11-23 09:30:00Z", "2026-11-23T09:30:00+00:00", "2026-11-23T09:30:00.Z",
            "2026-11-23T09:30:00.1234567890Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-11-31T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-11-23T24:00:00Z",
            "2026-11-23T23:60:00Z", "2026-11-23T23:59:60Z", "２０２６-11-23T09:30:00Z", "2026-11-23T09:30:00ZZ",
            "-026-11-23T09:30:00Z", "2026/11/23T09:30:00Z", "2026-11-23T09:30:00.12aZ",
        ]
    )
    func rejects(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import TelemetryTestSupport
import Testing

@Suite("TelemetryValue", .timeLimit(.minutes(2)))
struct TelemetryValueTests {
    static let sample: TelemetryValue = [
        "null": nil, "true": true, "false": false, "zero": 0, "max": .int(Int.max), "min": .int(Int.min),
        "half": 0.5, "whole": 2.0, "big": 1e20, "tiny": 1e-5, "negativeZero": -0.0,
        "text": "quote \" backslash \\ newline \n tab \t nul \u{0} é 🚀",
        "array": [1, "two", [3.5], [:], []],
        "object": ["nested": ["deeper": [true, nil]]],
    ]

    @Test("literals build the matching cases")
    func literals() {
        let value: TelemetryValue = ["a": 1, "b": 1.5, "c": "s", "d": true, "e": nil, "f": [1], "g": ["h": 2]]
        #expect(value["a"] == .int(1))
        #expect(value["b"] == .double(1.5))
        #expect(value["c"] == .string("s"))
        #expect(value["d"] == .bool(true))
        #expect(value["e"] == .null)
        #expect(value["f"] == .array([.int(1)]))
        #expect(value["g"] == .object(["h": .int(2)]))
        let repeated: TelemetryValue = ["k": 1, "k": 2]
        #expect(repeated == ["k": 2])
    }

    @Test("accessors return the payload of the matching case only")
    func accessors() {
        #expect(TelemetryValue.int(3).intValue == 3)
        #expect(TelemetryValue.int(3).doubleValue == 3.0)
        #expect(TelemetryValue.double(3.5).intValue == nil)
        #expect(TelemetryValue.double(3.5).doubleValue == 3.5)
        #expect(TelemetryValue.string("s").stringValue == "s")
        #expect(TelemetryValue.string("s").boolValue == nil)
        #expect(TelemetryValue.bool(false).boolValue == false)
        #expect(TelemetryValue.null.isNull)
        #expect(!TelemetryValue.int(0).isNull)
        let array: TelemetryValue = [1, 2]
        #expect(array[1] == 2)
        #expect(array[2] == nil)
        #expect(array[-1] == nil)
        #expect(array.arrayValue?.count == 2)
        #expect(array["key"] == nil)
        let object: TelemetryValue = ["k": "v"]
        #expect(object["k"] == "v")
        #expect(object.objectValue == ["k": "v"])
    }

    @Test("description is compact JSON with sorted keys; prettyJSON indents by two")
    func descriptions() {
        let value: TelemetryValue = ["b": [1, 2], "a": ["x": nil], "c": [:], "d": []]
        #expect(value.description == #"{"a":{"x":null},"b":[1,2],"c":{},"d":[]}"#)
        #expect(
            value.prettyJSON == """
                {
                  "a": {
                    "x": null
                  },
                  "b": [
                    1,
                    2
                  ],
                  "c": {},
                  "d": []
                }
                """
        )
    }

    @Test("through JSONEncoder and JSONDecoder, integers stay integers and fractional doubles stay doubles")
    func codableRoundTripWithFoundation() throws {
        let values: [TelemetryValue] = [
            .int(0), .int(1), .int(-1), .int(Int.max), .int(Int.min), .int(9_007_199_254_740_993),
            .double(0.5), .double(-2.25), .double(1e20), .double(1e-5), .double(0.1),
            .string("1"), .string("1.0"), .bool(true), .null,
        ]
        for value in values {
            let data = try JSONEncoder().encode(value)
            #expect(try JSONDecoder().decode(TelemetryValue.self, from: data) == value, "\(value)")
            // The same through our encoder's bytes.
            #expect(try JSONDecoder().decode(TelemetryValue.self, from: Data(value.jsonBytes)) == value, "\(value)")
        }
        let nested: TelemetryValue = ["ints": [1, 2, 3], "doubles": [0.5, 1.25], "mixed": ["n": 7]]
        #expect(try JSONDecoder().decode(TelemetryValue.self, from: JSONEncoder().encode(nested)) == nested)
        // Booleans never become numbers, nor numbers booleans.
        #expect(try JSONDecoder().decode(TelemetryValue.self, from: Data("true".utf8)) == .bool(true))
        #expect(try JSONDecoder().decode(TelemetryValue.self, from: Data("1".utf8)) == .int(1))
        // Non-finite doubles encode as null.
        #expect(
            try JSONDecoder().decode(TelemetryValue.self, from: JSONEncoder().encode(TelemetryValue.double(.nan)))
                == .null
        )
    }

    @Test("JSONDecoder cannot tell 1.0 from 1: the documented limit that init(jsonBytes:) lifts")
    func foundationLimit() throws {
        // If Foundation ever keeps the distinction, this fails and the note on init(from:) can go.
        #expect(try JSONDecoder().decode(TelemetryValue.self, from: Data("1.0".utf8)) == .int(1))
        #expect(try TelemetryValue(jsonBytes: Array("1.0".utf8)) == .double(1.0))
        #expect(try TelemetryValue(jsonBytes: Array("1".utf8)) == .int(1))
    }

    @Test("init(jsonBytes:) reads back exactly what jsonBytes wrote")
    func exactRoundTrip() throws {
        #expect(try TelemetryValue(jsonBytes: Self.sample.jsonBytes) == Self.sample)
        for value: TelemetryValue in [
            1.0, -0.0, 2.0, 1e20, 1e300, .int(Int.min), .int(Int.max), 0.1, .double(.leastNonzeroMagnitude), "", [],
            [:],
        ] {
            let decoded = try TelemetryValue(jsonBytes: value.jsonBytes)
            #expect(decoded == value, "\(value)")
            #expect(decoded.jsonBytes == value.jsonBytes)
        }
        // -0.0 keeps its sign.
        #expect(try TelemetryValue(jsonBytes: Array("-0.0".utf8)).doubleValue?.sign == .minus)
    }

    @Test(
        "init(jsonBytes:) reads standard JSON from elsewhere",
        arguments: [
            ("  {\"a\" : [1 , 2.5e1, -3E-1, true, false, null]}\n", ["a": [1, 25.0, -0.3, true, false, nil]]),
            ("\"\\u00e9\\u0041\\n\\/\\ud83d\\ude80\\\"\\\\\\b\\f\\r\\t\"", "éA\n/🚀\"\\\u{8}\u{C}\r\t"),
            ("12345678901234567890", .double(12_345_678_901_234_567_168)),
            ("-9223372036854775808", .int(Int.min)),
            ("-0", .int(0)),
            ("1E+2", .double(100)),
            ("{\"k\":1,\"k\":2}", ["k": 2]),
            ("\"日本\"", "日本"),
        ] as [(String, TelemetryValue)]
    )
    func standardJSON(text: String, expected: TelemetryValue) throws {
        #expect(try TelemetryValue(jsonBytes: Array(text.utf8)) == expected)
    }

    @Test(
        "init(jsonBytes:) rejects malformed JSON with a serialization error, never a trap",
        arguments: [
            "", " ", "{", "}", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{\"a\":1,}", "01", "1.", ".5", "-",
            "1e", "+1", "NaN", "Infinity", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"",
            "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\nb\"", "\"\u{1}\"", "1 2", "[] []", "'a'",
        ]
    )
    func rejects(text: String) {
        let error = #expect(throws: TelemetryError.self) { try TelemetryValue(jsonBytes: Array(text.utf8)) }
        #expect(error?.code == .serialization)
    }

    @Test("init(jsonBytes:) rejects invalid UTF-8 and absurd nesting without crashing")
    func hostileInput() {
        #expect(throws: TelemetryError.self) { try TelemetryValue(jsonBytes: [0x22, 0xFF, 0xFE, 0x22]) }
        #expect(throws: TelemetryError.self) { try TelemetryValue(jsonBytes: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
        let deep =
            Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000)
        let error = #expect(throws: TelemetryError.self) { try TelemetryValue(jsonBytes: deep) }
        #expect(error?.message.contains("nesting") == true)
        let fine = Array(repeating: UInt8(ascii: "["), count: 500) + Array(repeating: UInt8(ascii: "]"), count: 500)
        #expect((try? TelemetryValue(jsonBytes: fine)) != nil)
    }

    @Test(
        "a string of any length reads back exactly wherever an escape or a non-ASCII character falls in it, and a control character or invalid UTF-8 is refused wherever it falls"
    )
    func stringsAtEveryPosition() throws {
        // The reader takes ASCII eight bytes at a time and stops at the first byte that needs
        // care: every length and every position of that byte, across the word boundaries.
        for length in 0...40 {
            let plain = String(repeating: "a", count: length)
            #expect(try TelemetryValue(jsonBytes: Array("\"\(plain)\"".utf8)) == .string(plain))
            for position in 0...length {
                let prefix = String(plain.prefix(position))
                let suffix = String(plain.dropFirst(position))
                for (written, read) in [("\\n", "\n"), ("\\\"", "\""), ("é", "é"), ("🚀", "🚀"), ("\\u00e9", "é")] {
                    let text = "\"\(prefix)\(written)\(suffix)\""
                    #expect(
                        try TelemetryValue(jsonBytes: Array(text.utf8)) == .string(prefix + read + suffix),
                        "\(text)"
                    )
                }
                for hostile: [UInt8] in [[0x01], [0x1F], [0xFF], [0xC3], [0xED, 0xA0, 0x80]] {
                    let bytes =
                        [UInt8(ascii: "\"")] + Array(prefix.utf8) + hostile + Array(suffix.utf8) + [UInt8(ascii: "\"")]
                    #expect(throws: TelemetryError.self, "\(bytes)") { try TelemetryValue(jsonBytes: bytes) }
                }
            }
        }
        // An object with more members than the reader makes room for at first, and a repeated key.
        let members = (0..<30).map { "\"key\($0)\":\($0)" }.joined(separator: ",")
        let object = try TelemetryValue(jsonBytes: Array("{\(members),\"key3\":\"last\"}".utf8))
        #expect(object.objectValue?.count == 30)
        #expect(object.objectValue?["key29"] == 29)
        #expect(object.objectValue?["key3"] == "last", "a repeated key keeps its last value")
        #expect(try TelemetryValue(jsonBytes: Array("{ }".utf8)) == .object([:]))
    }

    // MARK: - Randomized

    static let alphabet: [Character] = Array("aZ09 _-\"\\/\n\r\t\u{0}\u{1}\u{1F}\u{7F}é日🚀\u{2028}\u{FEFF}")

    static func randomString(_ generator: inout SplitMix64) -> String {
        String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func randomDouble(_ generator: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return Double(Int.random(in: -1_000...1_000, using: &generator))  // whole-valued
        case 1: return Double.random(in: -1...1, using: &generator)
        case 2:
            return Double(sign: .plus, exponent: Int.random(in: -1_000...1_000, using: &generator), significand: 1.5)
        default:
            let bits = UInt64.random(in: 0...UInt64.max, using: &generator)
            let double = Double(bitPattern: bits)
            return double.isFinite ? double : 0.25
        }
    }

    static func randomValue(_ generator: inout SplitMix64, depth: Int = 0) -> TelemetryValue {
        switch Int.random(in: 0..<(depth < 4 ? 8 : 6), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2:
            let extremes = [Int.min, Int.max, 0, -1, 1 << 53, (1 << 53) + 1]
            return .int(
                Bool.random(using: &generator)
                    ? extremes.randomElement(using: &generator)! : Int.random(in: Int.min...Int.max, using: &generator)
            )
        case 3: return .double(randomDouble(&generator))
        case 4, 5: return .string(randomString(&generator))
        case 6:
            return .array(
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(&generator, depth: depth + 1) }
            )
        default:
            var members: [String: TelemetryValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                members[randomString(&generator)] = randomValue(&generator, depth: depth + 1)
            }
            return .object(members)
        }
    }

    /// What Foundation's JSONDecoder gives back for `value`: whole-valued doubles that an Int holds
    /// become integers (see the note on `init(from:)`); nothing else changes. `nil` when that is
    /// not predictable: from 2^53 up, Foundation reads a whole number's digits as a Decimal.
    static func asFoundationReadsIt(_ value: TelemetryValue) -> TelemetryValue? {
        switch value {
        case .double(let double):
            guard let integer = Int(exactly: double) else { return value }
            return integer.magnitude < 1 << 53 ? .int(integer) : nil
        case .array(let elements):
            var result: [TelemetryValue] = []
            for element in elements {
                guard let read = asFoundationReadsIt(element) else { return nil }
                result.append(read)
            }
            return .array(result)
        case .object(let members):
            var result: [String: TelemetryValue] = [:]
            for (key, member) in members {
                guard let read = asFoundationReadsIt(member) else { return nil }
                result[key] = read
            }
            return .object(result)
        default: return value
        }
    }

    @Test("random values: the writer's bytes are valid JSON that reads back exactly, and re-encode identically")
    func randomizedRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED_2026_1123)
        for iteration in 0..<2_000 {
            let value = Self.randomValue(&generator)
            let bytes = value.jsonBytes
            let exact = try TelemetryValue(jsonBytes: bytes)
            try #require(exact == value, "iteration \(iteration): \(value)")
            #expect(exact.jsonBytes == bytes)
            #expect(!bytes.contains(0x0A), "compact JSON is one line")
            let parsed = try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
            #expect(
                parsed != nil,
                "iteration \(iteration): Foundation cannot parse \(String(decoding: bytes, as: UTF8.self))"
            )
            let viaFoundation = try JSONDecoder().decode(TelemetryValue.self, from: Data(bytes))
            if let expected = Self.asFoundationReadsIt(value) {
                #expect(viaFoundation == expected, "iteration \(iteration)")
            }
        }
    }

    @Test(
        "a number beyond a double's range is rejected, not read as an infinity that writes back as null (fuzz finding)",
        arguments: ["1e400", "-1e400", "[1e309]", "{\"a\":-2e308}"]
    )
    func numberBeyondDoubleRange(text: String) throws {
        let error = #expect(throws: TelemetryError.self) { try TelemetryValue(jsonBytes: Array(text.utf8)) }
        #expect(error?.code == .serialization)
        #expect(error?.message.contains("beyond a double's range") == true)
        // The largest finite double still reads, and survives a round trip.
        #expect(
            try TelemetryValue(jsonBytes: Array("1.7976931348623157e308".utf8)) == .double(.greatestFiniteMagnitude)
        )
    }
}

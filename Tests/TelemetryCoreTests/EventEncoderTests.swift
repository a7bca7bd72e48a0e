//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import TelemetryTestSupport
import Testing

@Suite("EventEncoder", .timeLimit(.minutes(2)))
struct EventEncoderTests {
    /// 2026-11-23T09:30:00.123Z.
    static let fixedDate = Date(timeIntervalSince1970: 1_795_426_200.123)
    static let machineId = String(repeating: "ab", count: 32)

    static func encoded(_ event: Event) -> String {
        String(decoding: EventEncoder().encode(event), as: UTF8.self)
    }

    static func encoded(_ value: TelemetryValue) -> String {
        String(decoding: value.jsonBytes, as: UTF8.self)
    }

    static func event(_ attributes: TelemetryAttributes) -> Event {
        Event(
            name: "e",
            tool: "t",
            toolVersion: "1",
            machineId: "m",
            timestamp: Date(timeIntervalSince1970: 0),
            attributes: attributes
        )
    }

    @Test("T6: a fixed event encodes to exactly the golden line")
    func goldenEvent() {
        let event = Event(
            name: "command_run",
            tool: "my-cli",
            toolVersion: "1.2.0-beta.1",
            machineId: Self.machineId,
            timestamp: Self.fixedDate,
            attributes: [
                "zeta": "last",
                "command": "build \"fast\"\\path\n",
                "count": 3,
                "ratio": 0.5,
                "cached": true,
                "missing": nil,
                "targets": ["Core", 2, false],
                "nested": ["b": 1, "a": ["y": "é", "x": []], "Z": [:]],
            ]
        )
        let golden =
            #"{"schema":1,"name":"command_run","tool":"my-cli","tool_version":"1.2.0-beta.1","#
            + #""machine_id":"\#(Self.machineId)","timestamp_utc":"2026-11-23T09:30:00.123Z","#
            + #""attrs":{"cached":true,"command":"build \"fast\"\\path\n","count":3,"missing":null,"#
            + #""nested":{"Z":{},"a":{"x":[],"y":"é"},"b":1},"ratio":0.5,"targets":["Core",2,false],"zeta":"last"}}"#
        #expect(Self.encoded(event) == golden)
    }

    @Test("an event without attributes has an empty attrs object, and keys come in the fixed order")
    func keyOrder() {
        let line = Self.encoded(Self.event([:]))
        #expect(
            line
                == #"{"schema":1,"name":"e","tool":"t","tool_version":"1","machine_id":"m","timestamp_utc":"1970-01-01T00:00:00.000Z","attrs":{}}"#
        )
    }

    @Test("the same event always encodes to the same bytes, whatever the dictionary's order")
    func deterministic() {
        var attributes: [String: TelemetryValue] = [:]
        for index in 0..<200 { attributes["key\(index)"] = .int(index) }
        let first = EventEncoder().encode(Self.event(TelemetryAttributes(attributes)))
        // Dictionaries built in another order (and so with another internal layout) give the same bytes.
        var reversed: [String: TelemetryValue] = [:]
        for index in (0..<200).reversed() { reversed["key\(index)"] = .int(index) }
        #expect(EventEncoder().encode(Self.event(TelemetryAttributes(reversed))) == first)
        for _ in 0..<10 { #expect(EventEncoder().encode(Self.event(TelemetryAttributes(attributes))) == first) }
    }

    @Test("encode(_:into:) appends exactly what encode(_:) returns")
    func encodeInto() {
        let event = Self.event(["a": 1])
        var buffer: [UInt8] = Array("prefix|".utf8)
        EventEncoder().encode(event, into: &buffer)
        #expect(buffer == Array("prefix|".utf8) + EventEncoder().encode(event))
    }

    @Test("quotes, backslashes and every control character are escaped; nothing else is")
    func escaping() {
        #expect(Self.encoded("a\"b\\c/d") == #""a\"b\\c/d""#)
        #expect(Self.encoded("\n\r\t\u{8}\u{C}") == #""\n\r\t\b\f""#)
        #expect(Self.encoded("\u{0}\u{1}\u{1F}") == #""\u0000\u0001\u001f""#)
        #expect(Self.encoded("\u{7F}") == "\"\u{7F}\"")
        // Non-ASCII text is written as UTF-8, not as \u escapes.
        #expect(Self.encoded("é 日本 🚀 \u{2028}") == "\"é 日本 🚀 \u{2028}\"")
        // Every control character round-trips through a standard JSON parser.
        let controls = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        let decoded = try? JSONDecoder().decode(String.self, from: Data(Self.encoded(.string(controls)).utf8))
        #expect(decoded == controls)
        // Keys are escaped too.
        #expect(Self.encoded(["k\"\n": 1]) == #"{"k\"\n":1}"#)
    }

    @Test("object keys are sorted by their UTF-8 bytes, not by Unicode collation")
    func sortedKeys() {
        // "B" (0x42) < "a" (0x61) < "é" (0xC3 0xA9) < "🚀" (0xF0 …); "a" < "aa" < "ab".
        let value: TelemetryValue = ["🚀": 1, "é": 2, "ab": 3, "aa": 4, "a": 5, "B": 6, "": 7]
        #expect(Self.encoded(value) == #"{"":7,"B":6,"a":5,"aa":4,"ab":3,"é":2,"🚀":1}"#)
        // "\u{FF}" (0xC3 0xBF) sorts after "\u{E9}" (0xC3 0xA9) and before "\u{100}" (0xC4 0x80).
        let latin: TelemetryValue = ["\u{100}": 1, "\u{FF}": 2, "\u{E9}": 3]
        #expect(Self.encoded(latin) == "{\"\u{E9}\":3,\"\u{FF}\":2,\"\u{100}\":1}")
    }

    @Test("integers are written exactly, from Int.min to Int.max")
    func integers() {
        #expect(Self.encoded(.int(0)) == "0")
        #expect(Self.encoded(.int(7)) == "7")
        #expect(Self.encoded(.int(-7)) == "-7")
        #expect(Self.encoded(.int(10)) == "10")
        #expect(Self.encoded(.int(1_234_567_890)) == "1234567890")
        #expect(Self.encoded(.int(Int.max)) == "9223372036854775807")
        #expect(Self.encoded(.int(Int.min)) == "-9223372036854775808")
        for number in [1, 9, 99, 100, 101, 65_535, -1_000_000, Int.max - 1, Int.min + 1] {
            #expect(Self.encoded(.int(number)) == String(number))
        }
    }

    @Test("doubles are written in their shortest round-tripping form; non-finite ones as null")
    func doubles() {
        #expect(Self.encoded(.double(1.0)) == "1.0")
        #expect(Self.encoded(.double(0.1)) == "0.1")
        #expect(Self.encoded(.double(-2.5)) == "-2.5")
        #expect(Self.encoded(.double(1e20)) == "1e+20")
        #expect(Self.encoded(.double(1e-5)) == "1e-05")
        #expect(Self.encoded(.double(-0.0)) == "-0.0")
        #expect(Self.encoded(.double(.infinity)) == "null")
        #expect(Self.encoded(.double(-.infinity)) == "null")
        #expect(Self.encoded(.double(.nan)) == "null")
        for number in [
            0.1, 1.0 / 3.0, 6.02214076e23, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, -123.456,
        ] {
            let text = Self.encoded(.double(number))
            #expect(Double(text) == number, "\(text) must parse back to \(number)")
            let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
            #expect(parsed != nil, "\(text) must be valid JSON")
        }
    }

    @Test("every encoded event is one line of valid JSON that decodes back to the same event")
    func validJSON() throws {
        let event = Event(
            name: "line\nbreak",
            tool: "t\u{0}",
            toolVersion: "1",
            machineId: Self.machineId,
            timestamp: Self.fixedDate,
            attributes: ["text": "a\nb\r\u{2028}", "list": [1, 2.5, "x", nil, ["k": true]]]
        )
        let bytes = EventEncoder().encode(event)
        #expect(!bytes.contains(UInt8(ascii: "\n")))
        #expect(!bytes.contains(UInt8(ascii: "\r")))
        let decoded = try JSONDecoder().decode(Event.self, from: Data(bytes))
        #expect(decoded == event)
    }

    @Test("Event's Encodable and EventEncoder agree on keys and values")
    func codableAgreesWithEncoder() throws {
        let event = Self.event(["b": 2, "a": "x", "n": ["z": 1.5]]).withAttribute("c", true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let viaCodable = try JSONSerialization.jsonObject(with: encoder.encode(event)) as? NSDictionary
        let viaEncoder = try JSONSerialization.jsonObject(with: Data(EventEncoder().encode(event))) as? NSDictionary
        #expect(viaCodable != nil)
        #expect(viaCodable == viaEncoder)
    }

    // MARK: The one-pass writer against a plain one

    /// The obvious writer, one byte at a time, keys sorted into an array first: what the
    /// one-pass writer (words of eight bytes, keys sorted by their first eight bytes on the
    /// stack) must give, byte for byte.
    static func reference(_ value: TelemetryValue) -> String {
        func quoted(_ string: String) -> String {
            var bytes: [UInt8] = [UInt8(ascii: "\"")]
            for byte in string.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
                case 0x0A: bytes += Array("\\n".utf8)
                case 0x0D: bytes += Array("\\r".utf8)
                case 0x09: bytes += Array("\\t".utf8)
                case 0x08: bytes += Array("\\b".utf8)
                case 0x0C: bytes += Array("\\f".utf8)
                case 0..<0x20: bytes += Array(("\\u00" + (byte < 16 ? "0" : "") + String(byte, radix: 16)).utf8)
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
            return String(decoding: bytes, as: UTF8.self)
        }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? number.description : "null"
        case .string(let string): return quoted(string)
        case .array(let elements): return "[" + elements.map(reference).joined(separator: ",") + "]"
        case .object(let members):
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return "{" + keys.map { quoted($0) + ":" + reference(members[$0]!) }.joined(separator: ",") + "}"
        }
    }

    /// Keys made to defeat a sort by the first eight bytes: shared prefixes of 7, 8 and 9
    /// bytes, one key a prefix of another, zero bytes, bytes just below and above `"`,
    /// characters that need escaping, non-ASCII text.
    static func hostileKey(_ generator: inout SplitMix64) -> String {
        let stems = ["", "command", "command_", "commandx", "duration_ms", "a", "ab", "abcdefgh", "abcdefghi"]
        let tails = ["", "\u{0}", " ", "!", "#", "\"", "\\", "\n", "é", "z", "_2", "abcdefgh", "\u{1F}"]
        return stems.randomElement(using: &generator)! + tails.randomElement(using: &generator)!
            + (Bool.random(using: &generator) ? tails.randomElement(using: &generator)! : "")
    }

    static func hostileString(_ generator: inout SplitMix64) -> String {
        // Lengths around multiples of eight, with an escape anywhere or nowhere.
        let length = Int.random(in: 0...40, using: &generator)
        var bytes = (0..<length).map { _ in UInt8.random(in: 0x61...0x7A, using: &generator) }
        if length > 0, Bool.random(using: &generator) {
            bytes[Int.random(in: 0..<length, using: &generator)] = [0x22, 0x5C, 0x0A, 0x01, 0x1F].randomElement(
                using: &generator
            )!
        }
        return String(decoding: bytes, as: UTF8.self) + (Int.random(in: 0..<8, using: &generator) == 0 ? "ü€" : "")
    }

    static func hostileValue(_ generator: inout SplitMix64, depth: Int = 0) -> TelemetryValue {
        switch Int.random(in: 0..<(depth < 3 ? 7 : 5), using: &generator) {
        case 0:
            return .int(
                Int.random(in: Int.min...Int.max, using: &generator) >> Int.random(in: 0...63, using: &generator)
            )
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .double(Double.random(in: -1e6...1e6, using: &generator))
        case 3, 4: return .string(hostileString(&generator))
        case 5:
            return .array(
                (0..<Int.random(in: 0...3, using: &generator)).map { _ in hostileValue(&generator, depth: depth + 1) }
            )
        default:
            var members: [String: TelemetryValue] = [:]
            // Up to 40 members: past the 32 that are sorted on the stack.
            let count = Int.random(in: 0...(Bool.random(using: &generator) ? 8 : 40), using: &generator)
            for _ in 0..<count { members[hostileKey(&generator)] = hostileValue(&generator, depth: depth + 1) }
            return .object(members)
        }
    }

    @Test("the one-pass writer gives exactly the bytes of a plain byte-at-a-time writer, on 3,000 hostile values")
    func onePassWriterMatchesReference() {
        var generator = SplitMix64(seed: 0x0E1C_0DE5_2026_1201)
        for iteration in 0..<3_000 {
            let value = Self.hostileValue(&generator)
            let written = String(decoding: value.jsonBytes, as: UTF8.self)
            let expected = Self.reference(value)
            if written != expected {
                Issue.record("iteration \(iteration): wrote \(written), expected \(expected)")
                return
            }
            // The same object as an event's attributes (sorted when built, not when written).
            if case .object(let members) = value {
                let line = String(
                    decoding: EventEncoder().encode(Self.event(TelemetryAttributes(members))),
                    as: UTF8.self
                )
                if !line.hasSuffix(#","attrs":"# + expected + "}") {
                    Issue.record("iteration \(iteration): attributes wrote \(line), expected \(expected)")
                    return
                }
            }
        }
        // And through the event encoder, with attributes past the stack buffer (1 KiB).
        let big = TelemetryValue.string(String(repeating: "x\"y", count: 1_500))
        let event = Self.event(["big": big, "b": 1, "a": [big, big]])
        let line = String(decoding: EventEncoder().encode(event), as: UTF8.self)
        #expect(
            line.hasSuffix(
                #","attrs":{"a":["# + Self.reference(big) + "," + Self.reference(big) + #"],"b":1,"big":"#
                    + Self.reference(big) + "}}"
            )
        )
    }
}

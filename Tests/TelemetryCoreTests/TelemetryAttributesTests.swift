//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryTestSupport
import Testing

@testable import TelemetryCore

@Suite("TelemetryAttributes", .timeLimit(.minutes(1)))
struct TelemetryAttributesTests {
    /// Keys in an order that is neither their UTF-8 order nor their Swift `String` order.
    static let scrambled: TelemetryAttributes = ["é": 5, "b": 3, "aa": 2, "B": 0, "a": 1, "a\u{0}": 6]

    @Test("a literal in any order iterates in the UTF-8 order of its keys, the order of the JSON line")
    func literalIsSorted() {
        #expect(Self.scrambled.keys == ["B", "a", "a\u{0}", "aa", "b", "é"])
        #expect(Self.scrambled.map(\.value) == [0, 1, 6, 2, 3, 5])
        #expect(Self.scrambled.count == 6)
        #expect(
            String(decoding: Self.scrambled.jsonBytes, as: UTF8.self)
                == #"{"B":0,"a":1,"a\u0000":6,"aa":2,"b":3,"é":5}"#
        )
    }

    @Test("a key written twice in a literal keeps its last value, and never traps as a Dictionary literal does")
    func duplicateKeysKeepTheLast() {
        let attributes: TelemetryAttributes = ["command": "build", "exit_code": 0, "command": "test"]
        #expect(attributes.count == 2)
        #expect(attributes["command"] == "test")
        #expect(attributes.keys == ["command", "exit_code"])
    }

    @Test("the subscript reads, replaces, inserts in order and removes with nil, like a dictionary's")
    func subscriptEditsInOrder() {
        var attributes: TelemetryAttributes = ["b": 2, "d": 4]
        #expect(attributes["b"] == 2 && attributes["c"] == nil)
        attributes["c"] = 3
        attributes["a"] = 1
        attributes["e"] = 5
        attributes["b"] = "two"
        #expect(attributes.keys == ["a", "b", "c", "d", "e"])
        #expect(attributes["b"] == "two")
        attributes["d"] = nil
        attributes["missing"] = nil
        #expect(attributes.keys == ["a", "b", "c", "e"])
        // A value of null is a value, not a removal.
        attributes["a"] = .some(.null)
        #expect(attributes["a"] == .null && attributes.count == 4)
    }

    @Test("attributes built in different orders are equal, hash alike, and convert to and from a dictionary")
    func equalityAndDictionaries() {
        var dictionary: [String: TelemetryValue] = [:]
        for index in (0..<100).reversed() { dictionary["key\(index)"] = .int(index) }
        let fromDictionary = TelemetryAttributes(dictionary)
        var inserted = TelemetryAttributes()
        for index in 0..<100 { inserted["key\(index)"] = .int(index) }
        #expect(fromDictionary == inserted)
        #expect(fromDictionary.hashValue == inserted.hashValue)
        #expect([String: TelemetryValue](fromDictionary) == dictionary)
        #expect(
            fromDictionary.keys == dictionary.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        )
        inserted["key7"] = 8
        #expect(fromDictionary != inserted)
    }

    @Test("the sort agrees with a plain sort on 2,000 random member lists, shared prefixes and repeated keys included")
    func sortMatchesReference() {
        var generator = SplitMix64(seed: 0xA77_2026_1201)
        // Few distinct keys, many sharing their first eight bytes, so that ties and repeats are common.
        let stems = ["service.", "service.name", "a", "", "é", "telemetry.sdk.", "zz", "Service", "a\u{0}", "a\u{0}b"]
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let elements: [(String, TelemetryValue)] = (0..<count).map { index in
                let stem = stems.randomElement(using: &generator)!
                let key =
                    Bool.random(using: &generator) ? stem : stem + String(Int.random(in: 0...3, using: &generator))
                return (key, .int(index))
            }
            // The reference: the last value of each key, keys ordered by their UTF-8 bytes.
            var last: [[UInt8]: (String, TelemetryValue)] = [:]
            for element in elements { last[Array(element.0.utf8)] = element }
            let expected = last.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { last[$0]! }
            let sorted = TelemetryAttributes.sorted(elements)
            guard sorted.map(\.key) == expected.map(\.0), sorted.map(\.value) == expected.map(\.1) else {
                Issue.record("sorted \(elements) to \(sorted.map(\.key)), expected \(expected.map(\.0))")
                return
            }
        }
    }

    @Test("two spellings of one canonically equivalent key stay two keys: the JSON line holds bytes")
    func keysAreBytes() {
        let composed = "\u{E9}"  // é
        let decomposed = "e\u{301}"  // e and a combining acute accent: == composed in Swift
        let attributes: TelemetryAttributes = [composed: 1, decomposed: 2]
        #expect(attributes.count == 2)
        #expect(attributes[composed] == 1 && attributes[decomposed] == 2)
        // As bytes: `String ==` would call the two spellings equal in either order.
        #expect(attributes.keys.map { Array($0.utf8) } == [Array(decomposed.utf8), Array(composed.utf8)])
        // Equal attributes encode alike, so these are not equal to the composed key alone.
        #expect(TelemetryAttributes([composed: 1]) != TelemetryAttributes([decomposed: 1]))
    }

    @Test("an event's attributes encode exactly as their JSON object, key escapes included")
    func eventEncodesTheObject() {
        let attributes: TelemetryAttributes = ["z\"q": "a\nb", "tab\t": [1, "x"], "plain": true, "\u{1}": nil]
        let event = Event(name: "e", tool: "t", toolVersion: "1", machineId: "m", attributes: attributes)
        let line = String(decoding: EventEncoder().encode(event), as: UTF8.self)
        let object = String(
            decoding: TelemetryValue.object([String: TelemetryValue](attributes)).jsonBytes,
            as: UTF8.self
        )
        #expect(line.hasSuffix(#","attrs":"# + object + "}"))
        #expect(object == String(decoding: attributes.jsonBytes, as: UTF8.self))
        #expect(object == #"{"\u0001":null,"plain":true,"tab\t":[1,"x"],"z\"q":"a\nb"}"#)
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import Testing

@Suite("Event and EventDecoder", .timeLimit(.minutes(2)))
struct EventTests {
    static let event = Event(
        name: "command_run",
        tool: "my-cli",
        toolVersion: "1.2.0",
        machineId: String(repeating: "f", count: 64),
        timestamp: Date(timeIntervalSince1970: 1_795_426_200.123),
        attributes: ["int": 1, "whole": 1.0, "half": 0.5, "list": [1, 2.0], "nested": ["k": "v"], "none": nil]
    )

    @Test("withAttribute adds or replaces one attribute and leaves the original alone")
    func withAttribute() {
        let base = Event(name: "n", tool: "t", toolVersion: "1", machineId: "m")
        let added = base.withAttribute("a", 1)
        let replaced = added.withAttribute("a", "two").withAttribute("b", true)
        #expect(base.attributes.isEmpty)
        #expect(added.attributes == ["a": 1])
        #expect(replaced.attributes == ["a": "two", "b": true])
        #expect(
            replaced.name == "n" && replaced.tool == "t" && replaced.toolVersion == "1" && replaced.machineId == "m"
        )
    }

    @Test("changing one identity field of an event keeps the others: os, arch and the project id survive a new tool")
    func identityFieldsAreIndependent() {
        var event = Event(
            name: "n",
            tool: "t",
            toolVersion: "1",
            machineId: "m",
            projectId: "p",
            operatingSystem: "linux",
            architecture: "arm64"
        )
        event.tool = "renamed"
        event.toolVersion = "2"
        #expect(event.operatingSystem == "linux" && event.architecture == "arm64" && event.projectId == "p")
        event.projectId = nil
        #expect(event.tool == "renamed" && event.toolVersion == "2" && event.machineId == "m")
        #expect(event.projectId == nil && event.operatingSystem == "linux")
        var other = event
        other.projectId = "q"
        #expect(other != event)
        let line = String(decoding: EventEncoder().encode(other), as: UTF8.self)
        #expect(line.contains(#","project_id":"q","attrs""#) && line.contains(#""tool":"renamed""#))
    }

    @Test("EventDecoder reads back exactly what EventEncoder wrote, whole-valued doubles included")
    func exactRoundTrip() throws {
        let bytes = EventEncoder().encode(Self.event)
        let decoded = try EventDecoder().decode(bytes)
        #expect(decoded == Self.event)
        #expect(decoded.attributes["whole"] == .double(1.0))
        #expect(EventEncoder().encode(decoded) == bytes)
        #expect(try EventDecoder().decode(String(decoding: bytes, as: UTF8.self)) == Self.event)
        #expect(try EventDecoder().decode(Substring(String(decoding: bytes, as: UTF8.self) + "\n")) == Self.event)
    }

    @Test("EventDecoder reads a line from contiguous and non-contiguous bytes alike, and names invalid UTF-8 as such")
    func decodesAnyCollection() throws {
        var event = Self.event
        event.attributes["note"] = "café 🚀"
        let bytes = EventEncoder().encode(event)
        #expect(try EventDecoder().decode(bytes) == event)
        #expect(try EventDecoder().decode(bytes[...]) == event)
        // Not contiguous (a lazily mapped collection has no contiguous storage): read through a copy.
        #expect(bytes.lazy.map { $0 }.withContiguousStorageIfAvailable { _ in true } == nil)
        #expect(try EventDecoder().decode(bytes.lazy.map { $0 }) == event)
        var broken = bytes
        let accent = try #require(broken.firstIndex(of: 0xC3))
        broken[accent] = 0xFF
        let error = #expect(throws: TelemetryError.self) { try EventDecoder().decode(broken) }
        #expect(error?.message == "not valid UTF-8")
        let copied = #expect(throws: TelemetryError.self) { try EventDecoder().decode(broken.lazy.map { $0 }) }
        #expect(copied?.message == "not valid UTF-8")
    }

    @Test("Codable through Foundation round-trips names, timestamp and integer attributes exactly")
    func codableRoundTrip() throws {
        var event = Self.event
        // JSONDecoder reads 1.0 as an Int: see TelemetryValue.init(from:).
        event.attributes["whole"] = nil
        event.attributes["list"] = [1, 2.5]
        let viaEncoder = try JSONDecoder().decode(Event.self, from: Data(EventEncoder().encode(event)))
        #expect(viaEncoder == event)
        let viaCodable = try JSONDecoder().decode(Event.self, from: JSONEncoder().encode(event))
        #expect(viaCodable == event)
        #expect(viaCodable.attributes["int"] == .int(1))
        #expect(viaCodable.attributes["half"] == .double(0.5))
    }

    @Test(
        "decoding rejects a wrong schema, missing keys, wrong types and bad timestamps",
        arguments: [
            #"{"schema":2,"name":"n","tool":"t","tool_version":"1","machine_id":"m","timestamp_utc":"2026-01-01T00:00:00.000Z","attrs":{}}"#,
            #"{"schema":"1","name":"n","tool":"t","tool_version":"1","machine_id":"m","timestamp_utc":"2026-01-01T00:00:00.000Z","attrs":{}}"#,
            #"{"schema":1,"tool":"t","tool_version":"1","machine_id":"m","timestamp_utc":"2026-01-01T00:00:00.000Z","attrs":{}}"#,
            #"{"schema":1,"name":1,"tool":"t","tool_version":"1","machine_id":"m","timestamp_utc":"2026-01-01T00:00:00.000Z","attrs":{}}"#,
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"m","timestamp_utc":"2026-01-01 00:00:00","attrs":{}}"#,
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"m","timestamp_utc":"2026-01-01T00:00:00.000Z","attrs":[]}"#,
            #"["not an object"]"#,
            #"{"schema":1,"name":"n""#,
        ]
    )
    func rejects(line: String) {
        let error = #expect(throws: TelemetryError.self) { try EventDecoder().decode(line) }
        #expect(error?.code == .serialization)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Event.self, from: Data(line.utf8)) }
    }

    /// Issue 13: one strict reader. On 0.1 `EventDecoder` accepted this line (and `Event`'s
    /// Codable too) while `telemetry tail` skipped it: three readers, three rules.
    @Test("a line without schema or attrs, or with an unknown key, is refused by every reader alike")
    func strictEverywhere() throws {
        let machineId = String(repeating: "ab", count: 32)
        let valid =
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"\#(machineId)","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{}}"#
        #expect(try EventDecoder().decode(valid).name == "n")
        #expect(try JSONDecoder().decode(Event.self, from: Data(valid.utf8)).name == "n")
        for line in [
            #"{"name":"n","tool":"t","tool_version":"1","machine_id":"\#(machineId)","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{}}"#,
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"\#(machineId)","timestamp_utc":"2026-01-01T00:00:00Z"}"#,
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"\#(machineId)","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{},"future":[1]}"#,
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"m","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{}}"#,
        ] {
            #expect(throws: TelemetryError.self, "\(line)") { try EventDecoder().decode(line) }
            #expect(throws: (any Error).self, "\(line)") { try JSONDecoder().decode(Event.self, from: Data(line.utf8)) }
        }
    }

    /// The line reader reads an event's members straight into their fields, without a
    /// dictionary; the collector reads a parsed value. The same rules, the same answers,
    /// repeated keys, escaped keys and a second `attrs` included.
    @Test(
        "a line and its parsed value decode to the same event, or fail with the same message",
        arguments: [
            // A repeated key keeps its last value; an escaped key is the key it spells.
            #"{"schema":1,"name":"first","name":"second","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{"k":1,"k":2}}"#,
            #"{"sch\u0065ma":1,"n\u0061me":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","att\u0072s":{"b":true,"a":[1,{"x":null}]}}"#,
            // The last `attrs` counts, an object or not.
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{"k":1},"attrs":"x"}"#,
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":"x","attrs":{"k":1}}"#,
            // Of several unknown keys, the first in sorted order is named.
            #"{"zeta":1,"schema":1,"alpha":{},"name":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{},"mid":[]}"#,
            // Keys of a field's length that are not the field; an unknown key that is an object.
            #"{"schema":1,"names":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{}}"#,
            #"{"schema":1,"name":"n","toll":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{},"attrz":{}}"#,
            // Canonically equivalent keys are one key, as in a parsed value's dictionary; two
            // `attrs` objects, the last one counts.
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{"\u00e9":1,"e\u0301":2,"caf\u00e9":3,"café":4}}"#,
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{"a":1},"attrs":{"b":2}}"#,
            // Numbers with a fraction or an exponent.
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{"a":1.0,"b":-0.0,"c":1e2,"d":-1.5E-3,"e":0.1}}"#,
            // Integers at the edge of the reader's fast path, and past it.
            #"{"schema":1,"name":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{"a":999999999999999999,"b":-999999999999999999,"c":9223372036854775807,"d":-9223372036854775808,"e":9223372036854775808,"f":-0,"g":0}}"#,
            #"{"schema":2,"name":"n","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{}}"#,
            #"{"schema":1,"name":"","tool":"t","tool_version":"1","machine_id":"MID","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{}}"#,
            #"{}"#,
            #"[1]"#,
        ]
    )
    func lineAndValueReadersAgree(line template: String) throws {
        let line = template.replacingOccurrences(of: "MID", with: String(repeating: "ab", count: 32))
        let fromLine = Result { () throws(TelemetryError) in try EventDecoder().decode(line) }
        let fromValue = Result { () throws(TelemetryError) in
            try EventDecoder().decode(try TelemetryValue(jsonBytes: Array(line.utf8)))
        }
        switch (fromLine, fromValue) {
        case (.success(let read), .success(let parsed)):
            #expect(EventEncoder().encode(read) == EventEncoder().encode(parsed))
        case (.failure(let read), .failure(let parsed)):
            #expect(read.message == parsed.message)
        default:
            Issue.record("one reader accepted what the other refused: \(fromLine), \(fromValue)")
        }
    }

    @Test("the line reader keeps the last of repeated keys, reads integers exactly, and names the first unknown key")
    func lineReaderSemantics() throws {
        let machineId = String(repeating: "ab", count: 32)
        let repeated = try EventDecoder().decode(
            #"{"schema":1,"name":"a","name":"b","tool":"t","tool_version":"1","machine_id":"\#(machineId)","timestamp_utc":"2026-01-01T00:00:00Z","attrs":"x","attrs":{"k":1,"k":2,"big":9223372036854775807,"over":9223372036854775808,"neg":-999999999999999999}}"#
        )
        #expect(repeated.name == "b")
        #expect(repeated.attributes["k"] == .int(2))
        #expect(repeated.attributes["big"] == .int(Int.max))
        #expect(repeated.attributes["over"] == .double(9_223_372_036_854_775_808))
        #expect(repeated.attributes["neg"] == .int(-999_999_999_999_999_999))
        let notObject = #expect(throws: TelemetryError.self) {
            try EventDecoder().decode(
                #"{"schema":1,"name":"a","tool":"t","tool_version":"1","machine_id":"\#(machineId)","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{"k":1},"attrs":[]}"#
            )
        }
        #expect(notObject?.message == #""attrs" is not an object"#)
        let unknown = #expect(throws: TelemetryError.self) {
            try EventDecoder().decode(#"{"zeta":1,"schema":1,"beta":2,"alpha":{}}"#)
        }
        #expect(unknown?.message == #"unknown key "alpha""#)
        let equivalent = try EventDecoder().decode(
            #"{"schema":1,"name":"a","tool":"t","tool_version":"1","machine_id":"\#(machineId)","timestamp_utc":"2026-01-01T00:00:00Z","attrs":{"\u00e9":1,"e\u0301":2}}"#
        )
        #expect(equivalent.attributes.count == 1)
        #expect(equivalent.attributes["\u{e9}"] == .int(2))
    }

    @Test("event_id and project_id round-trip, and are written only when set")
    func identifiersRoundTrip() throws {
        var event = Self.event
        event.id = "0123456789abcdef0123456789abcdef"
        event.projectId = "h5JsEd9WLeiYisjAdafIljPxKtYsKJyC"
        let line = String(decoding: EventEncoder().encode(event), as: UTF8.self)
        #expect(
            line.contains(
                #""event_id":"0123456789abcdef0123456789abcdef","project_id":"h5JsEd9WLeiYisjAdafIljPxKtYsKJyC","attrs":"#
            )
        )
        #expect(try EventDecoder().decode(line) == event)
        #expect(try JSONDecoder().decode(Event.self, from: JSONEncoder().encode(event)).projectId == event.projectId)
        #expect(!String(decoding: EventEncoder().encode(Self.event), as: UTF8.self).contains("event_id"))
    }
}

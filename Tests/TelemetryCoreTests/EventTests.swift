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

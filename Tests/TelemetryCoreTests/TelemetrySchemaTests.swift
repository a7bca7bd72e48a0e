//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import Testing

@Suite("TelemetrySchema", .timeLimit(.minutes(1)))
struct TelemetrySchemaTests {
    static let file = """
        {
          "format": 1,
          "tool": "mytool",
          "version": 3,
          "events": {
            "command_run": {
              "attributes": {
                "command": {"type": "string", "values": ["build", "test"]},
                "duration_ms": {"type": "int", "minimum": 0, "maximum": 86400000},
                "ratio": {"type": "double", "maximum": 1},
                "cached": {"type": "bool"}
              }
            },
            "rare": {"sampleRate": 0}
          }
        }
        """

    static func event(
        _ attributes: TelemetryAttributes,
        name: String = "command_run",
        tool: String = "mytool"
    )
        -> Event
    {
        Event(
            name: name,
            tool: tool,
            toolVersion: "1.0.0",
            machineId: String(repeating: "ab", count: 32),
            attributes: attributes
        )
    }

    @Test("a schema file reads, and writes back to the same schema")
    func readsAndWrites() throws {
        let schema = try TelemetrySchema(jsonBytes: Array(Self.file.utf8))
        #expect(schema.tool == "mytool")
        #expect(schema.version == 3)
        #expect(schema.events["command_run"]?.attributes["command"] == .string(values: ["build", "test"]))
        #expect(schema.events["command_run"]?.attributes["duration_ms"] == .int(minimum: 0, maximum: 86_400_000))
        #expect(schema.events["rare"]?.sampleRate == 0)
        #expect(try TelemetrySchema(jsonBytes: schema.jsonBytes) == schema)
    }

    @Test(
        "a file that could widen what is collected is refused, saying where",
        arguments: [
            (
                #"{"format":1,"tool":"t","version":1,"events":{"e":{"attributes":{"k":{"type":"string"}}}}}"#,
                "needs \"values\""
            ),
            (
                #"{"format":1,"tool":"t","version":1,"events":{"e":{"attributes":{"k":{"type":"int","maximun":3}}}}}"#,
                "unknown key \"maximun\""
            ),
            (#"{"format":2,"tool":"t","version":1,"events":{}}"#, "\"format\" must be 1"),
            (#"{"format":1,"tool":"t","version":0,"events":{}}"#, "\"version\" must be a positive integer"),
            (#"{"format":1,"tool":"t","version":1,"events":{"e":{"sampleRate":2}}}"#, "events.e.sampleRate"),
            (
                #"{"format":1,"tool":"t","version":1,"events":{"e":{"attributes":{"k":{"type":"list"}}}}}"#,
                "events.e.attributes.k.type"
            ),
            ("not json", "not valid JSON"),
        ]
    )
    func invalidFiles(text: String, expected: String) {
        let error = #expect(throws: TelemetryError.self) { try TelemetrySchema(jsonBytes: Array(text.utf8)) }
        #expect(error?.code == .serialization)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("an event fits only with a known name, known attributes, the right types and allowed values")
    func violations() throws {
        let schema = try TelemetrySchema(jsonBytes: Array(Self.file.utf8))
        #expect(
            schema.violation(of: Self.event(["command": "build", "duration_ms": 10, "ratio": 0.5, "cached": true]))
                == nil
        )
        #expect(schema.violation(of: Self.event([:])) == nil, "an attribute may be left out")
        #expect(schema.violation(of: Self.event(["ratio": 1])) == nil, "an integer is a number")
        #expect(schema.violation(of: Self.event([:], tool: "other")) == .otherTool("other"))
        #expect(schema.violation(of: Self.event([:], name: "deploy")) == .unknownEvent("deploy"))
        #expect(
            schema.violation(of: Self.event(["path": "/home/me"]))
                == .unknownAttribute(event: "command_run", key: "path")
        )
        let free = schema.violation(of: Self.event(["command": "rm -rf /home/me"]))
        #expect(free == .invalidValue(event: "command_run", key: "command", reason: "is not one of the listed values"))
        #expect(
            schema.violation(of: Self.event(["duration_ms": -1]))?.description.contains("below its minimum 0") == true
        )
        #expect(
            schema.violation(of: Self.event(["duration_ms": "10"]))?.description.contains("wrong type (int") == true
        )
        #expect(schema.violation(of: Self.event(["cached": 1]))?.description.contains("wrong type (bool") == true)
    }

    @Test("the filter keeps what fits, drops the rest, and samples at the schema's rate")
    func filter() throws {
        let schema = try TelemetrySchema(jsonBytes: Array(Self.file.utf8))
        let filter = schema.filter
        #expect(filter(Self.event(["command": "build"])) != nil)
        #expect(filter(Self.event(["command": "secret"])) == nil)
        #expect(filter(Self.event([:], name: "rare")) == nil, "sampleRate 0 keeps none")
        var halved = schema
        halved.events["rare"]?.sampleRate = 0.5
        let kept = (0..<2_000).filter { _ in halved.filter(Self.event([:], name: "rare")) != nil }.count
        #expect((800...1_200).contains(kept), "kept \(kept) of 2000 at rate 0.5")
    }
}

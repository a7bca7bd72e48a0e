//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
@_spi(TelemetryInternals) import TelemetryCore
import Testing

/// `audit`, `tail` and `preview` through the real executable and real files.
/// Serialized, as ``ConsentCommandTests``.
@Suite(.serialized, .timeLimit(.minutes(3))) struct LogCommandTests {
    @Test func auditOfACleanLog() async throws {
        let directory = try CLITestDirectory()
        try directory.write(
            [
                eventLine("command_run", at: "2026-11-23T09:30:00.000Z", attributes: "{\"command\":\"build\"}"),
                eventLine("command_run", at: "2026-11-23T08:00:00.000Z"),
                eventLine(
                    "install",
                    at: "2026-11-23T10:00:00.500Z",
                    attributes: "{\"version\":\"4.89.0\",\"ok\":true}"
                ),
            ].joined(separator: "\n") + "\n",
            to: "events.jsonl"
        )
        let result = try await TelemetryProcess.run(
            ["audit", directory.file("events.jsonl"), "--json"],
            environment: [:]
        )
        #expect(result.status == 0)
        let json = try result.json()
        #expect(Set(json.keys) == ["events", "byName", "first", "last", "errors", "suspicious"])
        #expect(json["events"] as? Int == 3)
        #expect(json["byName"] as? [String: Int] == ["command_run": 2, "install": 1])
        #expect(json["first"] as? String == "2026-11-23T08:00:00.000Z")
        #expect(json["last"] as? String == "2026-11-23T10:00:00.500Z")
        #expect((json["errors"] as? [Any])?.isEmpty == true)
        #expect((json["suspicious"] as? [Any])?.isEmpty == true)

        let human = try await TelemetryProcess.run(["audit", directory.file("events.jsonl")], environment: [:])
        #expect(human.status == 0)
        #expect(human.stdout.contains("3 valid events"))
        #expect(human.stdout.contains("result: clean"))
    }

    @Test func auditReportsErrorsAndSuspiciousValuesWithLineNumbers() async throws {
        let directory = try CLITestDirectory()
        var bytes = Array(
            [
                eventLine("ok"),
                "{not json",
                eventLine(
                    "leak",
                    attributes: "{\"contact\":\"ada@example.com\",\"nested\":{\"home\":\"/home/ada/project\"}}"
                ),
                "{\"schema\":2}",
                eventLine("ip", attributes: "{\"peer\":[\"build\",\"10.0.0.12\"]}"),
            ].joined(separator: "\n").utf8
        )
        bytes += [0x0A, 0xFF, 0xFE, 0x00, 0x01, 0x0A]  // line 6: binary garbage
        bytes += Array(eventLine("torn").dropLast(5).utf8)  // line 7: torn, no newline
        try directory.write(bytes, to: "events.jsonl")
        let result = try await TelemetryProcess.run(
            ["audit", directory.file("events.jsonl"), "--json"],
            environment: [:]
        )
        #expect(result.status == 1)
        let json = try result.json()
        #expect(json["events"] as? Int == 3)
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(errors.map { $0["line"] as? Int } == [2, 4, 6, 7])
        #expect((errors[0]["message"] as? String)?.hasPrefix("not valid JSON") == true)
        #expect((errors[1]["message"] as? String)?.contains("schema") == true)
        #expect((errors[2]["message"] as? String) == "not valid UTF-8")
        #expect((errors[3]["message"] as? String)?.hasPrefix("torn last line") == true)
        let suspicious = try #require(json["suspicious"] as? [[String: Any]])
        #expect(suspicious.map { $0["line"] as? Int } == [3, 3, 5])
        #expect(suspicious.map { $0["key"] as? String } == ["attrs.contact", "attrs.nested.home", "attrs.peer[1]"])
        #expect(suspicious.map { $0["kind"] as? String } == ["email", "path", "ip"])
    }

    @Test("audit --schema lists every event off the tool's schema, and refuses an invalid schema")
    func auditAgainstASchema() async throws {
        let directory = try CLITestDirectory()
        try directory.write(
            #"{"format":1,"tool":"my-cli","version":2,"events":{"command_run":{"attributes":{"command":{"type":"string","values":["build","test"]}}}}}"#,
            to: "schema.json"
        )
        try directory.write(
            [
                eventLine("command_run", attributes: "{\"command\":\"build\"}"),
                eventLine("command_run", attributes: "{\"command\":\"deploy\"}"),
                eventLine("command_run", attributes: "{\"host\":\"build\"}"),
                eventLine("crashed"),
            ].joined(separator: "\n") + "\n",
            to: "events.jsonl"
        )
        let result = try await TelemetryProcess.run(
            ["audit", directory.file("events.jsonl"), "--schema", directory.file("schema.json"), "--json"],
            environment: directory.environment()
        )
        #expect(result.status == 1)
        let json = try result.json()
        let off = try #require(json["offSchema"] as? [[String: Any]])
        #expect(off.compactMap { $0["line"] as? Int } == [2, 3, 4])
        #expect(
            (off.first?["message"] as? String)?.contains(
                "\"command\" of \"command_run\" is not one of the listed values"
            ) == true
        )
        #expect((json["errors"] as? [Any])?.isEmpty == true)

        let human = try await TelemetryProcess.run(
            ["audit", directory.file("events.jsonl"), "--schema", directory.file("schema.json")],
            environment: directory.environment()
        )
        #expect(human.stdout.contains("off the schema of my-cli (version 2): 3"))

        try directory.write(
            #"{"format":1,"tool":"my-cli","version":1,"events":{"e":{"attributes":{"k":{"type":"string"}}}}}"#,
            to: "bad.json"
        )
        let invalid = try await TelemetryProcess.run(
            ["audit", directory.file("events.jsonl"), "--schema", directory.file("bad.json")],
            environment: directory.environment()
        )
        #expect(invalid.status == 64)
        #expect(invalid.stderr.contains("needs \"values\""))
    }

    @Test func auditOfAMissingFileExitsTwo() async throws {
        let directory = try CLITestDirectory()
        let result = try await TelemetryProcess.run(
            ["audit", directory.file("absent.jsonl"), "--json"],
            environment: [:]
        )
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("cannot open"))
        let onDirectory = try await TelemetryProcess.run(["audit", directory.path], environment: [:])
        #expect(onDirectory.status == 2)
    }

    @Test func auditSurvivesAHugeLine() async throws {
        let directory = try CLITestDirectory()
        let huge = "{\"x\":\"" + String(repeating: "a", count: 3 << 20) + "\"}"
        try directory.write(eventLine("before") + "\n" + huge + "\n" + eventLine("after") + "\n", to: "events.jsonl")
        let json = try await TelemetryProcess.run(
            ["audit", directory.file("events.jsonl"), "--json"],
            environment: [:]
        ).json()
        #expect(json["events"] as? Int == 2)
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["line"] as? Int == 2)
    }

    @Test func tailPrintsTheLastEvents() async throws {
        let directory = try CLITestDirectory()
        let lines = (1...25).map { eventLine("event_\($0)", at: String(format: "2026-11-23T09:%02d:00.000Z", $0)) }
        try directory.write(lines.joined(separator: "\n") + "\n", to: "events.jsonl")

        let human = try await TelemetryProcess.run(["tail", directory.file("events.jsonl")], environment: [:])
        #expect(human.status == 0)
        let printed = human.stdout.split(separator: "\n")
        #expect(printed.count == 10)
        #expect(printed.first == "2026-11-23T09:16:00.000Z  event_16  my-cli 1.2.0")
        #expect(printed.last?.hasPrefix("2026-11-23T09:25:00.000Z  event_25") == true)

        let json = try await TelemetryProcess.run(
            ["tail", "-n", "3", "--json", directory.file("events.jsonl")],
            environment: [:]
        )
        #expect(json.stdout == lines.suffix(3).joined(separator: "\n") + "\n")

        let all = try await TelemetryProcess.run(
            ["tail", "-n", "100", directory.file("events.jsonl")],
            environment: [:]
        )
        #expect(all.stdout.split(separator: "\n").count == 25)
    }

    @Test func tailSkipsInvalidLinesWithAWarning() async throws {
        let directory = try CLITestDirectory()
        try directory.write(
            eventLine("a") + "\ngarbage\n" + eventLine("b", attributes: "{\"n\":1}"),
            to: "events.jsonl"
        )
        let result = try await TelemetryProcess.run(["tail", directory.file("events.jsonl")], environment: [:])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 2)
        #expect(result.stdout.contains("b  my-cli 1.2.0  {\"n\":1}"))
        #expect(result.stderr.contains("not a valid event"))
        let missing = try await TelemetryProcess.run(["tail", directory.file("nope")], environment: [:])
        #expect(missing.status == 2)
    }

    @Test func tailFollowPrintsAppendedEvents() async throws {
        let directory = try CLITestDirectory()
        try directory.write(eventLine("first") + "\n", to: "events.jsonl")
        let path = directory.file("events.jsonl")
        // Append while `tail --follow` runs, from a thread of its own (the test's own thread is
        // busy waiting for the process); the process is killed at its deadline.
        let appended = LockedValue(false)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.8)
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.seekToEndOfFile()
                handle.write(Data((eventLine("second") + "\n").utf8))
                handle.closeFile()
                appended.withLock { $0 = true }
            }
        }
        let result = try await TelemetryProcess.run(
            ["tail", "--follow", path],
            environment: [:],
            timeout: .seconds(3),
            expectTimeout: true
        )
        #expect(appended.withLock { $0 })
        let names = result.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true)[1]
        }
        #expect(names == ["first", "second"])
    }

    @Test func previewPrintsTheInitEnvelopeAndSendsNothing() async throws {
        let directory = try CLITestDirectory()
        try directory.write(
            "// swift-tools-version:6.0\nimport PackageDescription\nlet package = Package(name: \"demo\")\n",
            to: "Package.swift"
        )
        let result = try await TelemetryProcess.run(
            ["preview", "--json"],
            environment: directory.environment(["SWIFT_AUTH_TELEMETRY_ENDPOINT": "http://127.0.0.1:9/unreachable"]),
            directory: directory.path
        )
        #expect(result.status == 0)
        let json = try result.json()
        #expect(json["type"] as? String == "init")
        // Upstream 4.1: base64(SHA-256(project name)) with the name from ./Package.swift.
        #expect(json["anonymousId"] as? String == "KpdRbDVLaISM29j1SiJqClWyHtE44getbFy7nACqWuo=")
        let payload = try #require(json["payload"] as? [String: Any])
        for key in ["config", "runtime", "database", "framework", "environment", "systemInfo", "packageManager"] {
            #expect(payload.keys.contains(key), "\(key)")
        }
        // The auth-config snapshot of default options, and the detectors run on the directory.
        #expect((payload["config"] as? [String: Any])?["emailAndPassword"] is [String: Any])
        #expect((payload["runtime"] as? [String: Any])?["name"] as? String == "swift")
        #expect((payload["packageManager"] as? [String: Any])?["name"] as? String == "swiftpm")
        #expect(payload["environment"] as? String == "development")
        #expect((payload["systemInfo"] as? [String: Any])?["isTTY"] as? Bool == false)
        // Nothing in the preview leaks the directory it ran in.
        #expect(!result.stdout.contains(directory.path))
        #expect(result.stderr.contains("nothing is sent"))
        // One line for machines.
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    /// Issue 14, deliverable 4: a rotated log is read as one, oldest file first.
    @Test func auditAndTailReadARotatedSet() async throws {
        let directory = try CLITestDirectory()
        try directory.write(eventLine("oldest") + "\n" + eventLine("older") + "\n", to: "events.jsonl.2")
        try directory.write(eventLine("old") + "\n", to: "events.jsonl.1")
        try directory.write(eventLine("new") + "\n", to: "events.jsonl")
        try directory.write("not part of the set\n", to: "events.jsonl.backup")
        let audit = try await TelemetryProcess.run(
            ["audit", directory.file("events.jsonl"), "--json"],
            environment: [:]
        )
        #expect(audit.status == 0)
        #expect(try audit.json()["events"] as? Int == 4)
        let human = try await TelemetryProcess.run(["audit", directory.file("events.jsonl")], environment: [:])
        #expect(
            human.stdout.contains(
                "files (oldest first): \(directory.file("events.jsonl.2")), \(directory.file("events.jsonl.1")), \(directory.file("events.jsonl"))"
            )
        )
        let tail = try await TelemetryProcess.run(
            ["tail", "-n", "3", directory.file("events.jsonl")],
            environment: [:]
        )
        let names = tail.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true)[1]
        }
        #expect(names == ["older", "old", "new"])
    }
}

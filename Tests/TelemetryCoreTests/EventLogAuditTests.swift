//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryTestSupport
import Testing

@testable import TelemetryCore

/// The JSONL audit: schema checks per line, counts, time range, findings, hostile input.
@Suite struct EventLogAuditTests {
    static let machineId = String(repeating: "0f", count: 32)

    static func line(_ name: String = "run", timestamp: String = "2026-11-23T09:30:00.000Z", attributes: String = "{}") -> String {
        "{\"schema\":1,\"name\":\"\(name)\",\"tool\":\"my-cli\",\"tool_version\":\"1.0\",\"machine_id\":\"\(machineId)\",\"timestamp_utc\":\"\(timestamp)\",\"attrs\":\(attributes)}"
    }

    @Test func aLineWrittenByTheEncoderParsesBack() throws {
        let event = Event(
            name: "command_run", tool: "my-cli", toolVersion: "1.2.0", machineId: Self.machineId,
            attributes: ["command": "build", "count": 3, "nested": ["ok": true]]
        )
        let parsed = try EventLogAudit.parse(line: EventEncoder().encode(event)).get()
        #expect(parsed.name == event.name)
        #expect(parsed.attributes == event.attributes)
        #expect(Timestamp.format(parsed.timestamp) == Timestamp.format(event.timestamp))
    }

    @Test(arguments: [
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        ("[]", "not a JSON object"),
        ("42", "not a JSON object"),
        ("{\"schema\":1}", "missing \"name\""),
        (line().replacingOccurrences("\"schema\":1", "\"schema\":3"), "\"schema\" is 3"),
        (line().replacingOccurrences("\"schema\":1,", ""), "missing \"schema\""),
        (line().replacingOccurrences("\"schema\":1", "\"schema\":\"1\""), "\"schema\" is not an integer"),
        (line(""), "\"name\" is empty"),
        (line().replacingOccurrences(machineId, "ABC"), "machine_id"),
        (line().replacingOccurrences(machineId, String(repeating: "0F", count: 32)), "machine_id"),
        (line(timestamp: "2026-11-23 09:30"), "timestamp_utc"),
        (line(timestamp: "2026-02-30T00:00:00Z"), "timestamp_utc"),
        (line(attributes: "[]"), "\"attrs\" is not an object"),
        (line().replacingOccurrences(",\"attrs\":{}", ""), "missing \"attrs\""),
        (line().replacingOccurrences("\"attrs\":{}", "\"attrs\":{},\"extra\":1"), "unknown key \"extra\""),
        (line().replacingOccurrences("\"tool\":\"my-cli\"", "\"tool\":7"), "\"tool\" is not a string"),
    ])
    func invalidLinesSayWhatIsWrong(_ text: String, _ expected: String) {
        switch EventLogAudit.parse(line: Array(text.utf8)) {
        case .success: Issue.record("accepted: \(text)")
        case .failure(let problem): #expect(problem.message.contains(expected), "\(problem.message)")
        }
    }

    @Test func hostileBytesAreErrorsNotCrashes() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: Never.self) { _ = EventLogAudit.parse(line: Array(deep.utf8)) }
        if case .failure(let problem) = EventLogAudit.parse(line: Array(deep.utf8)) {
            #expect(problem.message.contains("nested deeper"))
        } else {
            Issue.record("deep nesting accepted")
        }
        // Brackets inside strings do not count as nesting.
        #expect((try? EventLogAudit.parse(line: Array(Self.line(attributes: "{\"s\":\"\(String(repeating: "[", count: 500))\"}").utf8)).get()) != nil)
        if case .failure(let problem) = EventLogAudit.parse(line: [0xC3, 0x28, 0x7B]) {
            #expect(problem.message == "not valid UTF-8")
        } else {
            Issue.record("invalid UTF-8 accepted")
        }
        // Random bytes, deterministic: never a crash, always an error per non-blank line.
        var generator = SplitMix64(seed: 42)
        var bytes: [UInt8] = []
        for _ in 0..<300 {
            bytes += (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes.append(0x0A)
        }
        let audit = EventLogAudit.audit(bytes: bytes)
        #expect(audit.events == 0)
        #expect(audit.errors.count <= audit.lineCount)
    }

    @Test func countsRangeAndFindings() {
        let text = [
            Self.line("a", timestamp: "2026-11-23T10:00:00.000Z"),
            "",
            Self.line("b", timestamp: "2026-11-22T10:00:00.000Z", attributes: "{\"url\":\"https://x.io/a\",\"list\":[1,\"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"]}"),
            Self.line("a", timestamp: "2026-11-24T10:00:00.123Z", attributes: "{\"ada@example.com\":1}"),
        ].joined(separator: "\n") + "\n"
        let audit = EventLogAudit.audit(bytes: Array(text.utf8))
        #expect(audit.lineCount == 4)
        #expect(audit.events == 3)
        #expect(audit.countsByName == ["a": 2, "b": 1])
        #expect(audit.first.map(Timestamp.format) == "2026-11-22T10:00:00.000Z")
        #expect(audit.last.map(Timestamp.format) == "2026-11-24T10:00:00.123Z")
        #expect(audit.errors.isEmpty)
        #expect(audit.suspicious.map(\.line) == [3, 3, 4])
        #expect(audit.suspicious.map(\.key) == ["list[1]", "url", "ada@example.com"])
        #expect(audit.suspicious.map(\.kind) == [.token, .url, .email])
        #expect(!audit.isClean)
        #expect(
            audit.json
                == "{\"events\":3,\"byName\":{\"a\":2,\"b\":1},\"first\":\"2026-11-22T10:00:00.000Z\",\"last\":\"2026-11-24T10:00:00.123Z\",\"errors\":[],\"suspicious\":[{\"line\":3,\"key\":\"list[1]\",\"kind\":\"token\"},{\"line\":3,\"key\":\"url\",\"kind\":\"url\"},{\"line\":4,\"key\":\"ada@example.com\",\"kind\":\"email\"}]}"
        )
    }

    @Test func emptyLogIsCleanWithNullRange() {
        let audit = EventLogAudit.audit(bytes: [])
        #expect(audit.isClean)
        #expect(audit.json == "{\"events\":0,\"byName\":{},\"first\":null,\"last\":null,\"errors\":[],\"suspicious\":[]}")
    }

    @Test func tornLastLineIsReportedAsTorn() {
        let text = Self.line() + "\n" + String(Self.line().dropLast(10))
        let audit = EventLogAudit.audit(bytes: Array(text.utf8))
        #expect(audit.events == 1)
        #expect(audit.errors.map(\.line) == [2])
        #expect(audit.errors.first?.message.hasPrefix("torn last line") == true)
        // A complete last line without a newline is fine.
        #expect(EventLogAudit.audit(bytes: Array(Self.line().utf8)).isClean)
    }

    @Test func reportsAreBounded() {
        let text = String(repeating: "x\n", count: EventLogAudit.maximumReports + 5)
        let audit = EventLogAudit.audit(bytes: Array(text.utf8))
        #expect(audit.errors.count == EventLogAudit.maximumReports)
        #expect(audit.omittedErrors == 5)
    }

    @Test func fileReaderHandlesOverlongLinesAndChunkBoundaries() throws {
        let directory = ConsentTestDirectory()
        let long = "{\"pad\":\"" + String(repeating: "z", count: EventLogAudit.maximumLineLength) + "\"}"
        var lines = (0..<600).map { Self.line("n\($0 % 7)", attributes: "{\"i\":\($0)}") }
        lines.insert(long, at: 300)
        directory.plant(lines.joined(separator: "\n"), as: "log.jsonl")
        let audit = try EventLogAudit.audit(fileAtPath: directory.path + "/log.jsonl")
        #expect(audit.lineCount == 601)
        #expect(audit.events == 600)
        #expect(audit.errors.map(\.line) == [301])
        #expect(audit.errors.first?.message.contains("longer than the limit") == true)
        #expect(audit == EventLogAudit.audit(bytes: Array(lines.joined(separator: "\n").utf8)))

        let last = try EventLogReader.lastLines(atPath: directory.path + "/log.jsonl", count: 4, maximumLineLength: EventLogAudit.maximumLineLength)
        #expect(last.map { String(decoding: $0.line, as: UTF8.self) } == Array(lines.suffix(4)))
        #expect(last.map(\.terminated) == [true, true, true, false])
        let around = try EventLogReader.lastLines(atPath: directory.path + "/log.jsonl", count: 302, maximumLineLength: EventLogAudit.maximumLineLength)
        // The overlong line is left out, and an earlier line takes its place.
        #expect(around.count == 302)
        #expect(around.allSatisfy { $0.line.count < 1000 })
        #expect(String(decoding: around[0].line, as: UTF8.self) == lines[298])
        #expect(throws: TelemetryError.self) { try EventLogAudit.audit(fileAtPath: directory.path + "/absent") }
        #expect(throws: TelemetryError.self) { try EventLogAudit.audit(fileAtPath: directory.path) }
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

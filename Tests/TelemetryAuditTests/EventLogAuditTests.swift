//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryTestSupport
import Testing

@testable import TelemetryAudit

/// The JSONL audit: schema checks per line, counts, time range, findings, hostile input.
@Suite struct EventLogAuditTests {
    static let machineId = String(repeating: "0f", count: 32)

    static func line(
        _ name: String = "run",
        timestamp: String = "2026-11-23T09:30:00.000Z",
        attributes: String = "{}"
    ) -> String {
        "{\"schema\":1,\"name\":\"\(name)\",\"tool\":\"my-cli\",\"tool_version\":\"1.0\",\"machine_id\":\"\(machineId)\",\"timestamp_utc\":\"\(timestamp)\",\"attrs\":\(attributes)}"
    }

    @Test func aLineWrittenByTheEncoderParsesBack() throws {
        let event = Event(
            name: "command_run",
            tool: "my-cli",
            toolVersion: "1.2.0",
            machineId: Self.machineId,
            attributes: ["command": "build", "count": 3, "nested": ["ok": true]]
        )
        let parsed = try EventDecoder().decode(EventEncoder().encode(event))
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
        do {
            _ = try EventDecoder().decode(Array(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == .serialization)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func hostileBytesAreErrorsNotCrashes() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect { _ = try EventDecoder().decode(Array(deep.utf8)) } throws: { error in
            (error as? TelemetryError)?.message.contains("nested deeper") == true
        }
        // Brackets inside strings do not count as nesting.
        #expect(
            (try? EventDecoder().decode(
                Array(Self.line(attributes: "{\"s\":\"\(String(repeating: "[", count: 500))\"}").utf8)
            )) != nil
        )
        #expect { _ = try EventDecoder().decode([0xC3, 0x28, 0x7B] as [UInt8]) } throws: { error in
            (error as? TelemetryError)?.message == "not valid UTF-8"
        }
        // Random bytes, deterministic: never a crash, always an error per non-blank line.
        var generator = SplitMix64(seed: 42)
        var bytes: [UInt8] = []
        for _ in 0..<300 {
            bytes += (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            bytes.append(0x0A)
        }
        let audit = EventLogAudit.audit(bytes: bytes)
        #expect(audit.events == 0)
        #expect(audit.errors.count <= audit.lineCount)
    }

    @Test func countsRangeAndFindings() {
        let text =
            [
                Self.line("a", timestamp: "2026-11-23T10:00:00.000Z"),
                "",
                Self.line(
                    "b",
                    timestamp: "2026-11-22T10:00:00.000Z",
                    attributes: "{\"url\":\"https://x.io/a\",\"list\":[1,\"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"]}"
                ),
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
        #expect(audit.suspicious.map(\.key) == ["attrs.list[1]", "attrs.url", "attrs.ada@example.com"])
        #expect(audit.suspicious.map(\.kind) == [.token, .url, .email])
        #expect(!audit.isClean)
        #expect(
            audit.json
                == "{\"events\":3,\"byName\":{\"a\":2,\"b\":1},\"first\":\"2026-11-22T10:00:00.000Z\",\"last\":\"2026-11-24T10:00:00.123Z\",\"errors\":[],\"suspicious\":[{\"line\":3,\"key\":\"attrs.list[1]\",\"kind\":\"token\"},{\"line\":3,\"key\":\"attrs.url\",\"kind\":\"url\"},{\"line\":4,\"key\":\"attrs.ada@example.com\",\"kind\":\"email\"}]}"
        )
    }

    @Test func emptyLogIsCleanWithNullRange() {
        let audit = EventLogAudit.audit(bytes: [])
        #expect(audit.isClean)
        #expect(
            audit.json == "{\"events\":0,\"byName\":{},\"first\":null,\"last\":null,\"errors\":[],\"suspicious\":[]}"
        )
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
        let directory = TemporaryDirectory()
        let long = "{\"pad\":\"" + String(repeating: "z", count: EventLogAudit.maximumLineLength) + "\"}"
        var lines = (0..<600).map { Self.line("n\($0 % 7)", attributes: "{\"i\":\($0)}") }
        lines.insert(long, at: 300)
        directory.plant(lines.joined(separator: "\n"), as: "log.jsonl")
        let audit = try EventLogAudit.audit(fileAtPath: directory.path + "/log.jsonl")
        #expect(audit.lineCount == 601)
        #expect(audit.events == 600)
        #expect(audit.errors.map(\.line) == [301])
        #expect(audit.errors.first?.message.contains("longer than the limit") == true)
        var inMemory = EventLogAudit.audit(bytes: Array(lines.joined(separator: "\n").utf8))
        #expect(audit.files == [directory.path + "/log.jsonl"])
        #expect(inMemory.files.isEmpty)
        #expect(audit.json == inMemory.json)
        #expect(
            audit.lineCount == inMemory.lineCount && audit.errors == inMemory.errors
                && audit.countsByName == inMemory.countsByName
        )
        inMemory = audit

        let last = try Self.lastLines(directory.path + "/log.jsonl", count: 4)
        #expect(last.map { String(decoding: $0.bytes ?? [], as: UTF8.self) } == Array(lines.suffix(4)))
        #expect(last.map(\.isTerminated) == [true, true, true, false])
        let around = try Self.lastLines(directory.path + "/log.jsonl", count: 302)
        // The overlong line does not count (it is passed on without its bytes, so that a reader
        // can say so), and an earlier line takes its place.
        #expect(around.filter { $0.bytes != nil }.count == 302)
        #expect(around.filter { $0.bytes == nil }.map(\.length) == [long.utf8.count])
        #expect(around.allSatisfy { ($0.bytes?.count ?? 0) < 1000 })
        #expect(String(decoding: around[0].bytes ?? [], as: UTF8.self) == lines[298])
        #expect(throws: TelemetryError.self) { try EventLogAudit.audit(fileAtPath: directory.path + "/absent") }
        #expect(throws: TelemetryError.self) { try EventLogAudit.audit(fileAtPath: directory.path) }
    }
}

extension EventLogAuditTests {
    static func lastLines(_ path: String, count: Int) throws -> [EventLogReader.Line] {
        var lines: [EventLogReader.Line] = []
        try EventLogReader.lastLines(
            of: EventLogReader.rotatedSet(of: path),
            count: count,
            maximumLineLength: EventLogAudit.maximumLineLength
        ) { line in
            var kept = line
            kept.bytes = line.bytes.map { ArraySlice(Array($0)) }
            lines.append(kept)
        }
        return lines
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

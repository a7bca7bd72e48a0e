//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import TelemetrySinks
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 14, deliverable 4: local files have a lifecycle. Rotation by size and age with a
/// bounded number of files, several processes rotating one file, and files moved away or
/// truncated by logrotate, without a lost or torn line.
@Suite("FileSink rotation", .serialized, .timeLimit(.minutes(3)))
struct FileSinkRotationTests {
    /// Every file of the rotated set of `path`, oldest first, and their lines.
    static func rotatedLines(_ path: String, files: Int) -> [Substring] {
        let names = (1...files).reversed().map { "\(path).\($0)" } + [path]
        return names.flatMap { TestSupport.lines($0) }
    }

    static func padded(_ n: Int) -> Event {
        TestSupport.event("line", attributes: ["n": .int(n), "pad": .string(String(repeating: "p", count: 200))])
    }

    @Test(
        "by size: the file is rotated into path.1 … path.N, at most N are kept, and the newest lines survive in order"
    )
    func rotatesBySize() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path, rotation: .init(maximumFileSize: 4096, maximumFiles: 2))
            for n in 0..<200 { sink.emit(Self.padded(n)) }
            try await sink.shutdown(deadline: .now + .seconds(1))
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
                $0.hasPrefix("events.jsonl") && !$0.hasSuffix(".lock")
            }.sorted()
            #expect(names == ["events.jsonl", "events.jsonl.1", "events.jsonl.2"])
            #expect(sink.statistics.rotations > 2)
            let numbers = try Self.rotatedLines(path, files: 2).map {
                try TestSupport.decode($0).attributes["n"]?.intValue ?? -1
            }
            #expect(!numbers.isEmpty)
            #expect(numbers == Array((200 - numbers.count)..<200), "the newest lines, in order, none torn")
            for name in names { #expect(TestSupport.size(directory + "/" + name) <= 4096 + 512) }
        }
    }

    @Test("by age: a file whose first line is older than the limit is rotated")
    func rotatesByAge() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(
                path: path,
                rotation: .init(maximumFileSize: nil, maximumAge: .milliseconds(200), maximumFiles: 3)
            )
            sink.emit(Self.padded(1))
            try await Task.sleep(for: .milliseconds(300))
            sink.emit(Self.padded(2))
            sink.emit(Self.padded(3))
            try await sink.shutdown(deadline: .now + .seconds(1))
            #expect(sink.statistics.rotations == 1)
            #expect(try TestSupport.lines(path + ".1").map { try TestSupport.decode($0).attributes["n"] } == [1, 2])
            #expect(try TestSupport.lines(path).map { try TestSupport.decode($0).attributes["n"] } == [3])
        }
    }

    @Test("4 processes writing and rotating one file: no line lost, torn or duplicated across the rotated set")
    func processesRotateTogether() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/shared.jsonl"
            let writers = ["p0", "p1", "p2", "p3"]
            let count = 300
            // About 5 MiB in all (1 to 8 KiB per event), 256 KiB files, 40 kept: room for
            // everything, so that every line counts.
            let processes = try await FileSinkConcurrencyTests.runHelpers(
                writers.map { ["append", path, $0, String(count), "1024", String(256 * 1024), "40"] }
            )
            #expect(processes.allSatisfy { $0.terminationStatus == 0 })
            let lines = Self.rotatedLines(path, files: 40)
            var seen: [String: Set<Int>] = [:]
            for line in lines {
                let event = try TestSupport.decode(line)
                seen[event.attributes["writer"]?.stringValue ?? "?", default: []].insert(
                    event.attributes["sequence"]?.intValue ?? -1
                )
            }
            #expect(lines.count == writers.count * count, "\(lines.count) lines")
            for writer in writers { #expect(seen[writer] == Set(0..<count), "\(writer)") }
            #expect(FileManager.default.fileExists(atPath: path + ".1"), "it did rotate")
        }
    }

    @Test("logrotate's mv: the sink notices the moved file and reopens the path; every line is in one of the two")
    func externalMove() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path)
            for n in 0..<100 { sink.emit(Self.padded(n)) }
            #expect(rename(path, path + ".moved") == 0)
            // Past the check interval (64 KiB), the sink reopens the path.
            for n in 100..<800 { sink.emit(Self.padded(n)) }
            try await sink.shutdown(deadline: .now + .seconds(1))
            #expect(sink.statistics.reopened == 1)
            let moved = try TestSupport.lines(path + ".moved").map {
                try TestSupport.decode($0).attributes["n"]?.intValue ?? -1
            }
            let fresh = try TestSupport.lines(path).map { try TestSupport.decode($0).attributes["n"]?.intValue ?? -1 }
            #expect(moved + fresh == Array(0..<800))
            #expect(!fresh.isEmpty)
        }
    }

    @Test("logrotate's copytruncate: appends continue at the new end, with no hole and no torn line")
    func externalTruncate() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path)
            for n in 0..<50 { sink.emit(Self.padded(n)) }
            #expect(truncate(path, 0) == 0)
            for n in 50..<60 { sink.emit(Self.padded(n)) }
            try await sink.shutdown(deadline: .now + .seconds(1))
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(!data.contains(0), "a hole of zero bytes before the new lines")
            #expect(
                try TestSupport.lines(path).map { try TestSupport.decode($0).attributes["n"]?.intValue ?? -1 }
                    == Array(50..<60)
            )
        }
    }
}

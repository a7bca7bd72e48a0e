//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Logging
import TelemetryCore
import TelemetrySinks
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("FileSink", .timeLimit(.minutes(2)))
struct FileSinkTests {
    @Test("T4: FileSink appends two well-formed JSON lines, each exactly the encoder's bytes")
    func appendsTwoLines() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let first = TestSupport.event("first", attributes: ["n": 1, "text": "line\nbreak"])
            let second = TestSupport.event("second", attributes: ["ok": true])
            let sink = try FileSink(path: path)
            sink.emit(first)
            sink.emit(second)
            let data = try #require(FileManager.default.contents(atPath: path))
            let expected = EventEncoder().encode(first) + [10] + EventEncoder().encode(second) + [10]
            #expect(Array(data) == expected)
            let lines = TestSupport.lines(path)
            try #require(lines.count == 2)
            #expect(try TestSupport.decode(lines[0]) == first)
            #expect(try TestSupport.decode(lines[1]) == second)
        }
    }

    @Test("appends to an existing file, and a new sink on the same path continues it")
    func appendsToExisting() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            try "{\"existing\":true}\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileSink(path: path).emit(TestSupport.event("a"))
            try FileSink(path: path).emit(TestSupport.event("b"))
            let lines = TestSupport.lines(path)
            #expect(lines.count == 3)
            #expect(lines[0] == "{\"existing\":true}")
            #expect(try lines.dropFirst().map { try TestSupport.decode($0).name } == ["a", "b"])
        }
    }

    @Test("T5: FileSink creates missing parent directories, and a new file has mode 0600")
    func createsParentDirectories() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/a/b/c/events.jsonl"
            #expect(!FileManager.default.fileExists(atPath: directory + "/a"))
            let sink = try FileSink(path: path)
            sink.emit(TestSupport.event())
            #expect(TestSupport.lines(path).count == 1)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(sink.path == path)
            #expect(sink.durability == .everyEvent)
        }
    }

    @Test("emit after shutdown drops the event and counts it; shutdown is idempotent")
    func shutdown() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path)
            sink.emit(TestSupport.event("before"))
            try await sink.shutdown(deadline: .now + .seconds(1))
            try await sink.shutdown(deadline: .now + .seconds(1))
            sink.emit(TestSupport.event("after"))  // never throws at the host
            #expect(sink.statistics.droppedAfterShutdown == 1)
            #expect(sink.statistics.written == 1)
            try await sink.flush()  // nothing pending: returns
            #expect(TestSupport.lines(path).count == 1)
        }
    }

    @Test("an empty path is an invalid configuration")
    func emptyPath() {
        let error = #expect(throws: TelemetryError.self) { _ = try FileSink(path: "") }
        #expect(error?.code == .invalidConfiguration)
    }

    // MARK: - Buffered mode

    @Test("buffered: lines are held back, then appear within about 100 ms without a flush")
    func bufferedTimer() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path, durability: .buffered)
            let start = ContinuousClock.now
            sink.emit(TestSupport.event("a"))
            sink.emit(TestSupport.event("b"))
            #expect(TestSupport.size(path) == 0, "buffered lines must not be written at once")
            // A task that only sleeps 100 ms shows how late this machine runs tasks right now
            // (tests run in parallel, on few cores).
            async let schedulerLatency: Duration = {
                try? await Task.sleep(for: .milliseconds(100))
                return ContinuousClock.now - start - .milliseconds(100)
            }()
            let appeared = await TestSupport.eventually(within: .seconds(30)) { TestSupport.lines(path).count == 2 }
            let elapsed = ContinuousClock.now - start
            let latency = await schedulerLatency
            #expect(appeared)
            #expect(elapsed >= .milliseconds(90), "took \(elapsed): the timer fired early")
            // 100 ms by design. On a machine that runs a sleeping task on time, the lines must be
            // there well within a second; on a starved one, only eventually.
            if latency < .milliseconds(100) {
                #expect(elapsed < .seconds(1), "took \(elapsed) while the scheduler was \(latency) late")
            }
            #expect(try TestSupport.lines(path).map { try TestSupport.decode($0).name } == ["a", "b"])
            // A later line gets its own timer.
            sink.emit(TestSupport.event("c"))
            #expect(await TestSupport.eventually(within: .seconds(30)) { TestSupport.lines(path).count == 3 })
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("buffered: a line older than 100 ms is written by the next emit, even if the timer is late")
    func bufferedAgeOnEmit() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path, durability: .buffered)
            sink.emit(TestSupport.event("old"))
            // Block this thread (not sleep): on a starved pool the timer task may not run, but
            // the next emit must still see that the buffer is due.
            usleep(150_000)
            let sizeBefore = TestSupport.size(path)
            sink.emit(TestSupport.event("new"))
            if sizeBefore == 0 {
                #expect(TestSupport.lines(path).count == 2, "the due buffer was written with the new line")
            }
            try await sink.shutdown(deadline: .now + .seconds(1))
            #expect(try TestSupport.lines(path).map { try TestSupport.decode($0).name } == ["old", "new"])
        }
    }

    @Test("buffered: flush writes at once")
    func bufferedFlush() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path, durability: .buffered)
            for index in 0..<3 { sink.emit(TestSupport.event("e\(index)")) }
            #expect(TestSupport.size(path) == 0)
            try await sink.flush()
            #expect(try TestSupport.lines(path).map { try TestSupport.decode($0).name } == ["e0", "e1", "e2"])
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("buffered: shutdown drains what is buffered")
    func bufferedShutdown() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path, durability: .buffered)
            for index in 0..<5 { sink.emit(TestSupport.event("e\(index)")) }
            try await sink.shutdown(deadline: .now + .seconds(1))
            #expect(TestSupport.lines(path).count == 5)
            sink.emit(TestSupport.event("late"))
            #expect(sink.statistics.droppedAfterShutdown == 1)
            try await Task.sleep(for: .milliseconds(200))  // the pending timer finds the sink shut down
            #expect(TestSupport.lines(path).count == 5)
        }
    }

    @Test("buffered: 256 KiB of lines are written at once")
    func bufferedLimit() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try FileSink(path: path, durability: .buffered)
            sink.emit(TestSupport.event("small"))
            #expect(TestSupport.size(path) == 0)
            sink.emit(
                TestSupport.event("big", attributes: ["payload": .string(String(repeating: "x", count: 257 * 1024))])
            )
            // No waiting: the emit that crossed 256 KiB wrote the whole buffer, in order, and
            // the line longer than the buffer whole, on its own.
            #expect(try TestSupport.lines(path).map { try TestSupport.decode($0).name } == ["small", "big"])
            #expect(sink.statistics.written == 2)
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("buffered: a sink released with lines pending still writes them")
    func bufferedRelease() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            do {
                let sink = try FileSink(path: path, durability: .buffered)
                sink.emit(TestSupport.event("pending"))
            }
            #expect(await TestSupport.eventually(within: .seconds(30)) { TestSupport.lines(path).count == 1 })
        }
    }

    // MARK: - Faults

    @Test(
        "writing to /dev/full drops and counts the event, logs once, flush throws the io error, and the host keeps running",
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full"))
    )
    func diskFull() async throws {
        let (logger, logs) = RecordingLogHandler.logger()
        let sink = try FileSink(path: "/dev/full", logger: logger)
        for round in 1...3 {
            sink.emit(TestSupport.event())  // never throws at the host
            #expect(sink.statistics.droppedWriteFailures == round)
            #expect(sink.statistics.written == 0)
        }
        #expect(
            logs.all.filter { $0.level == .warning }.count == 1,
            "the first failure of a streak is logged, once: \(logs.all)"
        )
        let error = await #expect(throws: TelemetryError.self) { try await sink.flush() }
        #expect(error?.code == .io)
        #expect(error?.errno == ENOSPC)
        #expect(error?.message.contains("/dev/full") == true)
        #expect(error?.message.contains("space") == true)
        try await sink.flush()  // reported once
        // Buffered mode reports the same failure from flush and from shutdown.
        let buffered = try FileSink(path: "/dev/full", durability: .buffered)
        buffered.emit(TestSupport.event())
        #expect(buffered.statistics.written == 1, "counted as written while it is only buffered")
        let flushError = await #expect(throws: TelemetryError.self) { try await buffered.flush() }
        #expect(flushError?.code == .io)
        #expect(buffered.statistics.written == 0 && buffered.statistics.droppedWriteFailures == 1)
        buffered.emit(TestSupport.event())
        let shutdownError = await #expect(throws: TelemetryError.self) {
            try await buffered.shutdown(deadline: .now + .seconds(1))
        }
        #expect(shutdownError?.code == .io)
        // A buffered line longer than the whole buffer is written at once; its failure is
        // counted at once too.
        // (A small line first: its write fails just before, and both are counted.)
        let oversized = try FileSink(path: "/dev/full", durability: .buffered)
        oversized.emit(TestSupport.event("small"))
        oversized.emit(
            TestSupport.event("big", attributes: ["payload": .string(String(repeating: "x", count: 257 * 1024))])
        )
        #expect(oversized.statistics.written == 0 && oversized.statistics.droppedWriteFailures == 2)
        await #expect(throws: TelemetryError.self) { try await oversized.shutdown(deadline: .now + .seconds(1)) }
        // The process is alive and other telemetry still works.
        let memory = MemorySink()
        memory.emit(TestSupport.event())
        #expect(memory.count == 1)
    }

    @Test("a rotation that fails after the write reports the error, and the written event is not counted as dropped")
    func failedRotationAfterTheWrite() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let path = directory + "/events.jsonl"
            // A directory with an entry where the rotated file goes: rename(2) refuses it, even
            // for root.
            try FileManager.default.createDirectory(atPath: path + ".1/keep", withIntermediateDirectories: true)
            for durability in [FileSink.Durability.everyEvent, .buffered] {
                let sink = try FileSink(
                    path: path,
                    durability: durability,
                    rotation: FileSink.Rotation(maximumFileSize: 1, maximumFiles: 1)
                )
                sink.emit(TestSupport.event("\(durability)"))
                let error = await #expect(throws: TelemetryError.self) { try await sink.flush() }
                #expect(error?.message.contains("cannot rotate") == true, "\(String(describing: error))")
                #expect(sink.statistics.written == 1, "\(durability)")
                #expect(sink.statistics.droppedWriteFailures == 0, "\(durability): the event is in the file")
                try? await sink.shutdown(deadline: .now + .seconds(1))
            }
            #expect(try TestSupport.lines(path).map { try TestSupport.decode($0).name } == ["everyEvent", "buffered"])
        }
    }

    @Test(
        "buffered: a write error of the background timer is reported by the next flush",
        .enabled(if: FileManager.default.fileExists(atPath: "/dev/full"))
    )
    func bufferedTimerError() async throws {
        let sink = try FileSink(path: "/dev/full", durability: .buffered)
        sink.emit(TestSupport.event())
        try await Task.sleep(for: .milliseconds(400))  // the timer writes, and fails
        let error = await #expect(throws: TelemetryError.self) { try await sink.flush() }
        #expect(error?.code == .io)
        try await sink.flush()  // reported once
        try await sink.shutdown(deadline: .now + .seconds(1))
    }

    @Test("a directory that cannot be written, even by root, gives an io error naming the path")
    func unwritableDirectoryForEveryone() throws {
        // /proc refuses new entries whatever the user: tests here may run as root, who ignores
        // permission bits, so this is the case that exercises the failure everywhere.
        for path in ["/proc/swift-telemetry-tests/events.jsonl", "/proc/swift-telemetry-tests.jsonl"] {
            let error = #expect(throws: TelemetryError.self) { _ = try FileSink(path: path) }
            #expect(error?.code == .io)
            #expect(error?.errno != nil)
            #expect(error?.message.contains("/proc/swift-telemetry-tests") == true, "\(String(describing: error))")
        }
    }

    @Test(
        "a read-only directory gives an io error (non-root: root ignores permission bits)",
        .enabled(if: getuid() != 0)
    )
    func readOnlyDirectory() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let readOnly = directory + "/read-only"
            try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: readOnly)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly) }
            for path in [readOnly + "/events.jsonl", readOnly + "/sub/events.jsonl"] {
                let error = #expect(throws: TelemetryError.self) { _ = try FileSink(path: path) }
                #expect(error?.code == .io)
                #expect(error?.errno == EACCES)
                #expect(error?.message.contains(readOnly) == true)
            }
        }
    }

    @Test("a file in the way of a directory, and a directory as the file, give io errors")
    func notADirectory() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let file = directory + "/plain-file"
            try "x".write(toFile: file, atomically: true, encoding: .utf8)
            let inTheWay = #expect(throws: TelemetryError.self) { _ = try FileSink(path: file + "/events.jsonl") }
            #expect(inTheWay?.code == .io)
            let isDirectory = #expect(throws: TelemetryError.self) { _ = try FileSink(path: directory) }
            #expect(isDirectory?.code == .io)
            #expect(isDirectory?.errno == EISDIR)
        }
    }
}

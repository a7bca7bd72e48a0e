//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
@_spi(TelemetryInternals) import TelemetryCore
import TelemetryTestSupport
import Testing

@testable import TelemetrySinks

/// The spool buffers its lines in a reused block and its queue keeps where they are in the
/// segment, or the line itself in a shared block (issue 15: no allocation per event, no copy per
/// queued event); what is sent must still be every line, byte for byte, whatever its size.
@Suite("StoreAndForwardSink line storage", .serialized, .timeLimit(.minutes(2)))
struct StoreAndForwardSinkTests {
    @Test("lines packed into blocks read back byte for byte, a line longer than a block included")
    func blocksKeepEveryLine() {
        var generator = SystemRandomNumberGenerator()
        var block: LineBlock?
        var expected: [[UInt8]] = []
        var stored: [LineBlock.Line] = []
        for n in 0..<2000 {
            // Mostly event-sized lines; every 500th longer than a whole block.
            let count = n % 500 == 499 ? LineBlock.defaultCapacity * 2 + 17 : Int.random(in: 0...900, using: &generator)
            let line = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            expected.append(line)
            stored.append(line.withUnsafeBufferPointer { LineBlock.store($0, in: &block) })
        }
        for (line, expected) in zip(stored, expected) {
            #expect(line.count == expected.count)
            #expect(line.withBytes { Array($0) } == expected)
        }
    }

    @Test("a refused line gives its space back only when it is the last one, and earlier lines stay intact")
    func reclaimGivesBackOnlyTheLastLine() {
        var block: LineBlock?
        let first = Array("first line".utf8)
        let second = Array("second line".utf8)
        let kept = first.withUnsafeBufferPointer { LineBlock.store($0, in: &block) }
        let refused = second.withUnsafeBufferPointer { LineBlock.store($0, in: &block) }
        block?.reclaim(kept)  // not the last line: nothing happens
        block?.reclaim(refused)
        let third = Array("third, in the second line's place".utf8)
        let next = third.withUnsafeBufferPointer { LineBlock.store($0, in: &block) }
        #expect(kept.withBytes { Array($0) } == first)
        #expect(next.withBytes { Array($0) } == third)
        let fourth = Array("fourth".utf8)
        block?.reclaim(kept)
        let after = fourth.withUnsafeBufferPointer { LineBlock.store($0, in: &block) }
        #expect(after.withBytes { Array($0) } == fourth)
        #expect(next.withBytes { Array($0) } == third, "reclaiming a line that is not the last changes nothing")
    }

    @Test("the collector receives every spooled event exactly as encoded, small and large, in order")
    func deliversEveryLineIntact() async throws {
        try await withCollector { collector in
            let directory = TemporaryDirectory()
            let sink = try StoreAndForwardSink(
                directory: directory.file("spool"),
                endpoint: collector.url("/v1/events"),
                configuration: HTTPSink.Configuration(delivery: DeliveryTestSupport.configuration(maxBatchSize: 64))
            )
            var sent: [Event] = []
            for n in 0..<300 {
                var event = DeliveryTestSupport.event(n)
                // Across the spool's 256 KiB blocks (five of them): some tiny, some a few KiB, one
                // of 40 KiB, and one of 275 KiB, longer than a block.
                let size = n == 157 ? 100_000 : n == 7 ? 40_000 : (n * 37) % 3000
                event.attributes["text"] = .string(String(repeating: "é\u{1}x\"", count: size / 4))
                sent.append(event)
                sink.emit(event)
            }
            try await sink.shutdown(deadline: .now + .seconds(20))
            #expect(sink.statistics.delivery.delivered == 300)
            let received = try await collector.requests().filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(received == sent)
            #expect(directory.entries("spool").isEmpty, "everything was delivered: the spool is empty")
        }
    }

    @Test("this run's segment is deleted once delivered, and a new one holds the events after it")
    func ownSegmentIsReplacedAfterDelivery() async throws {
        try await withCollector { collector in
            let directory = TemporaryDirectory()
            let spool = directory.file("spool")
            let sink = try StoreAndForwardSink(
                directory: spool,
                endpoint: collector.url("/v1/events"),
                configuration: HTTPSink.Configuration(delivery: DeliveryTestSupport.configuration())
            )
            for n in 0..<5 { sink.emit(DeliveryTestSupport.event(n)) }
            try await sink.flush(deadline: .now + .seconds(10))
            // At once: a flush returns only after what it delivered was booked and its segment deleted.
            #expect(directory.entries("spool").isEmpty, "deleted by the time flush returns")
            for n in 5..<10 { sink.emit(DeliveryTestSupport.event(n)) }
            #expect(directory.entries("spool").count == 1, "a new segment for the later events")
            try await sink.flush(deadline: .now + .seconds(10))
            #expect(directory.entries("spool").isEmpty, "deleted by the time flush returns")
            try await sink.shutdown(deadline: .now + .seconds(5))
            #expect(sink.statistics.delivery.delivered == 10)
            #expect(sink.statistics.spooled == 10)
            let received = try await collector.requests().filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(received.compactMap { $0.attributes["n"]?.intValue } == Array(0..<10))
        }
    }

    @Test(
        "a spooled line is read back from the segment to be sent: one changed or cut off there is skipped and counted"
    )
    func linesAreReadBackFromTheSegment() throws {
        let directory = TemporaryDirectory()
        let (path, descriptor) = try Self.newSegmentFile(in: directory)
        let file = SegmentFile(descriptor: descriptor)
        let lines = (0..<6).map { EventEncoder().encode(DeliveryTestSupport.event($0)) }
        var records: [StoreAndForwardSink.Record] = []
        var offset = 0
        for line in lines {
            let terminated = line + [UInt8(ascii: "\n")]
            #expect(terminated.withUnsafeBufferPointer { file.write($0, at: offset) })
            records.append(StoreAndForwardSink.Record(segment: 0, offset: offset, count: line.count))
            offset += terminated.count
        }
        // Changed under the spool: a newline inside line 1, an unknown key in line 2 (the strict
        // reader refuses it), and line 5 cut off by a truncation.
        #expect(Array("\n".utf8).withUnsafeBufferPointer { file.write($0, at: records[1].offset + 3) })
        #expect(Array(#"{"x":1,"#.utf8).withUnsafeBufferPointer { file.write($0, at: records[2].offset) })
        #expect(ftruncate(descriptor, off_t(records[5].offset + 5)) == 0)
        var state = StoreAndForwardSink.State()
        state.own = StoreAndForwardSink.Segment(number: 0, path: path, file: file)
        let locked = LockedValue(state)
        var read: [[UInt8]] = []
        // One run, one short read: the lines it holds whole still go.
        StoreAndForwardSink.forEachLine(of: records, state: locked) { read.append(Array($0)) }
        #expect(read == [lines[0], lines[3], lines[4]])
        #expect(locked.withLock { $0.droppedFromSpool } == 3)
        #expect(locked.withLock { $0.own?.mustKeep } == true, "the segment stays for the next run's reader")
        // No line left: no request body at all.
        #expect(StoreAndForwardSink.body(of: [records[1], records[5]], format: .eventArray, state: locked) == nil)
    }

    /// A new, empty segment file in `directory`, open for reading and writing.
    private static func newSegmentFile(in directory: TemporaryDirectory) throws -> (path: String, descriptor: Int32) {
        let path = directory.file("segment.jsonl")
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        return (path, descriptor)
    }

    /// A spool state whose own segment is the file at `path`, open as `descriptor`, and a queue
    /// that keeps what it delivers: the setup of the tests that drive `State` by hand.
    private static func stateWithCollectingQueue(
        path: String,
        descriptor: Int32
    ) throws -> (
        state: StoreAndForwardSink.State,
        queue: StoreAndForwardSink.Queue,
        delivered: LockedValue<[StoreAndForwardSink.Record]>
    ) {
        let delivered = LockedValue<[StoreAndForwardSink.Record]>([])
        let queue = try StoreAndForwardSink.Queue(
            configuration: DeliveryTestSupport.configuration(scheduleDelay: .seconds(60)),
            deliver: { records in
                delivered.withLock { $0 += records }
                return .delivered
            }
        )
        var state = StoreAndForwardSink.State()
        state.own = StoreAndForwardSink.Segment(number: 0, path: path, file: SegmentFile(descriptor: descriptor))
        return (state, queue, delivered)
    }

    @Test("lines written at exit, then more spooled by a thread still running, are each queued once at their place")
    func exitWriteThenMoreLines() async throws {
        let directory = TemporaryDirectory()
        let (path, descriptor) = try Self.newSegmentFile(in: directory)
        let setup = try Self.stateWithCollectingQueue(path: path, descriptor: descriptor)
        var state = setup.state
        let queue = setup.queue
        let delivered = setup.delivered
        let lines = (0..<4).map { EventEncoder().encode(DeliveryTestSupport.event($0)) }
        func spool(_ n: Int) {
            _ = (lines[n] + [UInt8(ascii: "\n")]).withUnsafeBufferPointer { state.spool($0, handingOverTo: queue) }
        }
        spool(0)
        spool(1)
        state.writeWaiting()  // what the exit handler does
        spool(2)
        state.handOver(to: queue)
        spool(3)
        state.writeWaiting()
        state.writeWaiting()  // a second exit-time write changes nothing
        state.handOver(to: queue)
        try await queue.shutdown(deadline: .now + .seconds(5))
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(written) == lines.flatMap { $0 + [UInt8(ascii: "\n")] }, "each line written once, in order")
        let locked = LockedValue(state)
        var read: [[UInt8]] = []
        StoreAndForwardSink.forEachLine(of: delivered.withLock { $0 }, state: locked) { read.append(Array($0)) }
        #expect(read == lines, "each record names its own line")
        #expect(locked.withLock { $0.droppedFromSpool } == 0)
    }

    @Test("lines whose write failed at exit are sent from memory by a later hand-over, not named in the segment")
    func failedExitWriteThenHandOver() async throws {
        let directory = TemporaryDirectory()
        let (path, created) = try Self.newSegmentFile(in: directory)
        close(created)
        // Read-only: every write of the segment fails, as on a full disk.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        let setup = try Self.stateWithCollectingQueue(path: path, descriptor: descriptor)
        var state = setup.state
        let queue = setup.queue
        let delivered = setup.delivered
        let lines = (0..<2).map { EventEncoder().encode(DeliveryTestSupport.event($0)) }
        for line in lines {
            _ = (line + [UInt8(ascii: "\n")]).withUnsafeBufferPointer { state.spool($0, handingOverTo: queue) }
        }
        state.writeWaiting()  // what the exit handler does; the write fails
        #expect(state.failedToWrite)
        #expect(state.takeWarning() != nil, "the failure is reported")
        state.handOver(to: queue)  // a thread still running hands the lines over
        try await queue.shutdown(deadline: .now + .seconds(5))
        let records = delivered.withLock { $0 }
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.line != nil }, "kept in memory: the segment does not hold them")
        let locked = LockedValue(state)
        var read: [[UInt8]] = []
        StoreAndForwardSink.forEachLine(of: records, state: locked) { read.append(Array($0)) }
        #expect(read == lines)
        #expect(locked.withLock { $0.droppedFromSpool } == 0)
    }

    @Test("the queue keeps no copy of a spooled event: a retry sends what the segment holds")
    func retriesReadTheSegment() async throws {
        try await withCollector { collector in
            // The first request hangs past its timeout; the retry goes through.
            try await collector.script([.hang(seconds: 10)], default: .status(200))
            let directory = TemporaryDirectory()
            let spool = directory.file("spool")
            let sink = try StoreAndForwardSink(
                directory: spool,
                endpoint: collector.url("/v1/events"),
                configuration: HTTPSink.Configuration(
                    delivery: DeliveryTestSupport.configuration(requestTimeout: .seconds(3))
                )
            )
            var event = DeliveryTestSupport.event(1)
            event.attributes["text"] = "original"
            sink.emit(event)
            // Written and queued; the first attempt hangs.
            await #expect(throws: TelemetryError.self) { try await sink.flush(deadline: .now + .milliseconds(300)) }
            let segment = try #require(directory.entries("spool").first)
            let path = spool + "/" + segment
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written.contains(#""text":"original""#))
            // In place, the same length: the retry (after the 3 s timeout) reads the new bytes.
            let offset = try #require(written.utf8.firstRange(of: "original".utf8)).lowerBound
            let handle = try #require(FileHandle(forUpdatingAtPath: path))
            try handle.seek(toOffset: UInt64(written.utf8.distance(from: written.utf8.startIndex, to: offset)))
            try handle.write(contentsOf: Data("replaced".utf8))
            try handle.close()
            try await sink.flush(deadline: .now + .seconds(10))
            let received = try await collector.requests().filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(received.map { $0.attributes["text"]?.stringValue } == ["replaced"])
            #expect(sink.statistics.delivery.delivered == 1)
            try await sink.shutdown(deadline: .now + .seconds(1))
        }
    }

    @Test("a segment write that fails (as on a full disk) loses no event, and leaves no delivered line to send again")
    func failedWriteLosesNothing() async throws {
        try await withCollector { collector in
            let directory = TemporaryDirectory()
            let spool = directory.file("spool")
            // A subprocess: RLIMIT_FSIZE is the whole process's.
            let processes = try await FileSinkConcurrencyTests.runHelper(
                ["spool-write-failure", spool, collector.url("/v1/events"), "6"],
                timeout: .seconds(60)
            )
            let process = try #require(processes.first)
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
            let received = try await collector.requests().filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(
                received.compactMap { $0.attributes["sequence"]?.intValue }.sorted() == Array(0..<6),
                "each of the six events once: written, cut off by the failed write, and sent after it"
            )
            #expect(
                directory.entries("spool").isEmpty,
                "everything was delivered: nothing for the next run to send again"
            )
        }
    }

    @Test(
        "after a failed segment write with the collector down, the segment keeps its whole lines, and the next run sends them"
    )
    func failedWriteKeepsWholeLines() async throws {
        try await withCollector { collector in
            try await collector.script([], default: .hang(seconds: 20))
            let directory = TemporaryDirectory()
            let spool = directory.file("spool")
            let processes = try await FileSinkConcurrencyTests.runHelper(
                ["spool-write-failure", spool, collector.url("/v1/events"), "0"],
                timeout: .seconds(60)
            )
            let process = try #require(processes.first)
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
            // Cut back to its last whole line: the two events written before the failure, and
            // nothing of the write that failed.
            let segments = directory.entries("spool")
            try #require(segments.count == 1, "\(segments)")
            let lines = TestSupport.lines(spool + "/" + segments[0])
            #expect(try lines.map { try TestSupport.decode($0).attributes["sequence"] } == [0, 1])
            let size = try #require(
                try FileManager.default.attributesOfItem(atPath: spool + "/" + segments[0])[.size] as? Int
            )
            #expect(size == lines.reduce(0) { $0 + $1.utf8.count + 1 }, "no torn tail")

            try await collector.script([], default: .status(200))
            let next = try StoreAndForwardSink(
                directory: spool,
                endpoint: collector.url("/v1/events"),
                configuration: HTTPSink.Configuration(delivery: DeliveryTestSupport.configuration())
            )
            await next.waitForRecovery()
            try await next.shutdown(deadline: .now + .seconds(10))
            #expect(next.statistics.recovered == 2)
            let received = try await collector.requests().filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(received.compactMap { $0.attributes["sequence"]?.intValue } == [0, 1])
            #expect(directory.entries("spool").isEmpty)
        }
    }

    @Test("events a full queue refuses stay in the spool, intact, and the next run sends them")
    func refusedEventsWaitForTheNextRun() async throws {
        try await withCollector { collector in
            // Every request hangs: the queue (4 places, one request in flight) fills at once.
            try await collector.script([], default: .hang(seconds: 30))
            let directory = TemporaryDirectory()
            let spool = directory.file("spool")
            let configuration = HTTPSink.Configuration(
                delivery: DeliveryTestSupport.configuration(capacity: 4, maxBatchSize: 1, requestTimeout: .seconds(10))
            )
            let first = try StoreAndForwardSink(
                directory: spool,
                endpoint: collector.url("/v1/events"),
                configuration: configuration
            )
            var sent: [Event] = []
            // Recent, to the millisecond (what a line holds): older than 7 days is dropped unsent.
            let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000)
            for n in 0..<30 {
                var event = DeliveryTestSupport.event(n)
                event.timestamp = now
                event.attributes["text"] = .string(String(repeating: "line \(n) ", count: 20 + n))
                sent.append(event)
                first.emit(event)
            }
            #expect(first.statistics.spooled == 30)
            // The shutdown says what it could not send; the spool keeps it. (The lines reach the
            // queue together, at the latest at the shutdown, which counts what it refused.)
            await #expect(throws: TelemetryError.self) { try await first.shutdown(deadline: .now + .milliseconds(300)) }
            #expect(first.statistics.delivery.droppedQueueFull >= 20, "\(first.statistics)")
            #expect(directory.entries("spool").count == 1, "the segment stays: most of it was never sent")

            try await collector.script([], default: .status(200))
            let second = try StoreAndForwardSink(
                directory: spool,
                endpoint: collector.url("/v1/events"),
                configuration: HTTPSink.Configuration(delivery: DeliveryTestSupport.configuration())
            )
            await second.waitForRecovery()
            try await second.shutdown(deadline: .now + .seconds(10))
            #expect(second.statistics.recovered == 30)
            let received = try await collector.requests().filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(received == sent, "every event, byte for byte, in order")
            #expect(directory.entries("spool").isEmpty)
        }
    }
}

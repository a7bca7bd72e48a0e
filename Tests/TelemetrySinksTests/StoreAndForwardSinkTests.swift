//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import TelemetryTestSupport
import Testing

@testable import TelemetrySinks

/// The spool's queue keeps its lines packed in shared blocks (issue 15: no allocation per
/// event); what is sent must still be every line, byte for byte, whatever its size.
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
                // Sizes across the 16 KiB blocks: some tiny, some a few KiB, two of 40 KiB.
                let size = n % 150 == 7 ? 40_000 : (n * 37) % 3000
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
            #expect(
                try await DeliveryTestSupport.eventually(within: .seconds(5)) { directory.entries("spool").isEmpty }
            )
            for n in 5..<10 { sink.emit(DeliveryTestSupport.event(n)) }
            #expect(directory.entries("spool").count == 1, "a new segment for the later events")
            try await sink.flush(deadline: .now + .seconds(10))
            #expect(
                try await DeliveryTestSupport.eventually(within: .seconds(5)) { directory.entries("spool").isEmpty }
            )
            try await sink.shutdown(deadline: .now + .seconds(5))
            #expect(sink.statistics.delivery.delivered == 10)
            #expect(sink.statistics.spooled == 10)
            let received = try await collector.requests().filter(\.wasAccepted).flatMap { try $0.events() }
            #expect(received.compactMap { $0.attributes["n"]?.intValue } == Array(0..<10))
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
            #expect(first.statistics.delivery.droppedQueueFull >= 20, "\(first.statistics)")
            // The shutdown says what it could not send; the spool keeps it.
            await #expect(throws: TelemetryError.self) { try await first.shutdown(deadline: .now + .milliseconds(300)) }
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

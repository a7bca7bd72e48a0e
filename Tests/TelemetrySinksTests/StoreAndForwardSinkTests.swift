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
}

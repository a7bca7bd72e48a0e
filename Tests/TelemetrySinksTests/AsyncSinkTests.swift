//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
import TelemetrySinks
import Testing

/// The adapter for a destination that is `async`: a bounded queue in front of a closure.
@Suite("AsyncSink", .timeLimit(.minutes(1)))
struct AsyncSinkTests {
    actor Ledger {
        private(set) var names: [String] = []
        func append(_ event: Event) { names.append(event.name) }
    }

    @Test("emit is synchronous; the closure receives every event, in order, from the background")
    func deliversInOrder() async throws {
        let ledger = Ledger()
        let sink = try AsyncSink { event in await ledger.append(event) }
        let context = TelemetryContext(tool: "t", toolVersion: "1", sink: sink, policy: .enabled, salt: "s")
        for index in 0..<50 { context.record("e\(index)") }
        try await sink.flush()
        #expect(await ledger.names == (0..<50).map { "e\($0)" })
        #expect(sink.statistics.delivered == 50)
        try await sink.shutdown(deadline: .now + .seconds(1))
    }

    @Test("a closure that throws is counted, never thrown at the caller; a full queue drops and counts")
    func failuresAreCounted() async throws {
        struct Refusal: Error {}
        let sink = try AsyncSink { _ in throw Refusal() }
        sink.emit(Event(name: "x", tool: "t", toolVersion: "1", machineId: String(repeating: "a", count: 64)))
        try await sink.flush()
        #expect(sink.statistics.droppedAfterRetries == 1)

        var small = AsyncSink.defaultConfiguration
        small.capacity = 2
        let blocked = try AsyncSink(configuration: small) { _ in try await Task.sleep(for: .seconds(30)) }
        for _ in 0..<10 {
            blocked.emit(Event(name: "x", tool: "t", toolVersion: "1", machineId: String(repeating: "a", count: 64)))
        }
        #expect(blocked.statistics.droppedQueueFull >= 7)
        let start = ContinuousClock.now
        try? await blocked.shutdown(deadline: .now + .milliseconds(200))
        #expect(ContinuousClock.now - start < .seconds(5), "shutdown is bounded even when the closure hangs")
    }
}

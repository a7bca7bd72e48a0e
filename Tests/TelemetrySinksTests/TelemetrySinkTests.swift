//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
@_spi(TelemetryInternals) import TelemetryCore
import TelemetrySinks
import Testing

@Suite("Sinks as any TelemetrySink", .timeLimit(.minutes(2)))
struct TelemetrySinkTests {
    @Test("T1: every local sink is usable as any TelemetrySink")
    func existential() async throws {
        try await TestSupport.withTemporaryDirectory { directory in
            let memory = MemorySink()
            let path = directory + "/t1.jsonl"
            let sinks: [any TelemetrySink] = [NoopSink(), memory, try FileSink(path: path)]
            for sink in sinks {
                sink.emit(TestSupport.event("through_existential"))
                try await sink.flush()
            }
            #expect(memory.snapshot().map(\.name) == ["through_existential"])
            #expect(try TestSupport.lines(path).map { try TestSupport.decode($0).name } == ["through_existential"])
            // And as the sink of a context.
            let context = TelemetryContext(tool: "t", toolVersion: "1", sink: sinks[1], policy: .enabled, salt: "t1")
            context.record("via_context")
            #expect(memory.snapshot().map(\.name) == ["through_existential", "via_context"])
        }
    }

    @Test("MultiplexSink hands every event to every sink, flushes all, and rethrows the first flush error after all")
    func multiplex() async throws {
        final class FailingSink: TelemetrySink {
            let emitted = LockedCount()
            func emit(_ event: Event) { emitted.increment() }
            func flush() async throws { throw TelemetryError(code: .io, message: "boom") }
        }
        final class FlushCountingSink: TelemetrySink {
            let flushes = LockedCount()
            func emit(_ event: Event) {}
            func flush() async throws { flushes.increment() }
        }
        let first = MemorySink()
        let second = MemorySink()
        let failing = FailingSink()
        let counting = FlushCountingSink()
        let sink = MultiplexSink([first, failing, second, counting])
        sink.emit(TestSupport.event("a"))
        #expect(first.snapshot().map(\.name) == ["a"])
        #expect(failing.emitted.value == 1)
        #expect(second.snapshot().map(\.name) == ["a"])
        await #expect(throws: TelemetryError.self) { try await sink.flush() }
        #expect(counting.flushes.value == 1, "a sink after the failing one is flushed too")
        await #expect(throws: TelemetryError.self) { try await sink.shutdown(deadline: .now + .seconds(1)) }
        #expect(counting.flushes.value == 2, "shutdown flushes a sink that is not managed")
        MultiplexSink([first, second]).emit(TestSupport.event("b"))
        #expect(second.snapshot().map(\.name) == ["a", "b"])
    }

    @Test("FilteringSink drops and redacts by its predicate")
    func filtering() async throws {
        let memory = MemorySink()
        let sink = FilteringSink(memory) { event -> Event? in
            guard event.name != "drop_me" else { return nil }
            var event = event
            event.attributes["secret"] = nil
            return event
        }
        sink.emit(TestSupport.event("drop_me"))
        sink.emit(TestSupport.event("keep_me", attributes: ["secret": "x", "kept": 1]))
        #expect(memory.snapshot().map(\.name) == ["keep_me"])
        #expect(memory.snapshot().first?.attributes == ["kept": 1])
        let onlyPings = FilteringSink(memory, isIncluded: { $0.name == "ping" })
        onlyPings.emit(TestSupport.event("pong"))
        onlyPings.emit(TestSupport.event("ping"))
        #expect(memory.snapshot().map(\.name) == ["keep_me", "ping"])
    }
}

/// A counter safe to bump from any thread.
final class LockedCount: Sendable {
    private let storage = LockedValue(0)
    func increment() { storage.withLock { $0 += 1 } }
    var value: Int { storage.withLock { $0 } }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore
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
                try await sink.emit(TestSupport.event("through_existential"))
                try await sink.flush()
            }
            #expect(memory.snapshot().map(\.name) == ["through_existential"])
            #expect(try TestSupport.lines(path).map { try TestSupport.decode($0).name } == ["through_existential"])
            // And as the sink of a context.
            let context = TelemetryContext(tool: "t", toolVersion: "1", sink: sinks[1], policy: .enabled, salt: "t1")
            try await context.record("via_context")
            #expect(memory.snapshot().map(\.name) == ["through_existential", "via_context"])
        }
    }

    @Test("MultiplexSink hands every event to every sink and rethrows the first error after all")
    func multiplex() async throws {
        struct FailingSink: TelemetrySink {
            func emit(_ event: Event) async throws { throw TelemetryError(code: .io, message: "boom") }
        }
        let first = MemorySink(), second = MemorySink()
        let sink = MultiplexSink([first, FailingSink(), second])
        await #expect(throws: TelemetryError.self) { try await sink.emit(TestSupport.event("a")) }
        #expect(first.snapshot().map(\.name) == ["a"])
        #expect(second.snapshot().map(\.name) == ["a"])
        try await MultiplexSink([first, second]).emit(TestSupport.event("b"))
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
        try await sink.emit(TestSupport.event("drop_me"))
        try await sink.emit(TestSupport.event("keep_me", attributes: ["secret": "x", "kept": 1]))
        #expect(memory.snapshot().map(\.name) == ["keep_me"])
        #expect(memory.snapshot().first?.attributes == ["kept": 1])
        let onlyPings = FilteringSink(memory, isIncluded: { $0.name == "ping" })
        try await onlyPings.emit(TestSupport.event("pong"))
        try await onlyPings.emit(TestSupport.event("ping"))
        #expect(memory.snapshot().map(\.name) == ["keep_me", "ping"])
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Synchronization
import TelemetryCore
import TelemetrySinks
import Testing

@Suite("TelemetryContext", .timeLimit(.minutes(2)))
struct TelemetryContextTests {
    /// A thread-safe counter.
    final class Counter: Sendable {
        private let atomic = Atomic<Int>(0)
        func increment() { atomic.add(1, ordering: .relaxed) }
        var value: Int { atomic.load(ordering: .relaxed) }
    }

    /// A sink that counts every call made on it.
    final class CountingSink: TelemetrySink {
        let emits = Counter()
        let flushes = Counter()
        func emit(_ event: Event) async throws { emits.increment() }
        func flush() async throws { flushes.increment() }
    }

    static func context(
        sink: any TelemetrySink,
        policy: CollectionPolicy,
        derivations: Counter? = nil
    ) -> TelemetryContext {
        TelemetryContext(tool: "my-cli", toolVersion: "1.2.0", sink: sink, policy: policy) {
            derivations?.increment()
            return String(repeating: "c", count: 64)
        }
    }

    @Test("T9: an enabled record reaches the sink as an event of this tool")
    func enabledRecordReachesSink() async throws {
        let sink = MemorySink()
        let context = TelemetryContext(tool: "my-cli", toolVersion: "1.2.0", sink: sink, policy: .enabled, salt: "tests.t9")
        let before = Date()
        try await context.record("command_run")
        let events = sink.snapshot()
        try #require(events.count == 1)
        #expect(events[0].name == "command_run")
        #expect(events[0].tool == "my-cli")
        #expect(events[0].toolVersion == "1.2.0")
        #expect(events[0].machineId == MachineId.derive(salt: "tests.t9"))
        #expect(events[0].attributes.isEmpty)
        #expect(events[0].timestamp >= before.addingTimeInterval(-0.001) && events[0].timestamp <= Date())
        #expect(context.machineId == events[0].machineId)
    }

    @Test("T10: a disabled record never touches the sink, never derives the id, never evaluates the attributes")
    func disabledRecordDoesNothing() async throws {
        let sink = CountingSink()
        let derivations = Counter()
        let evaluations = Counter()
        @Sendable func attributes() -> [String: TelemetryValue] {
            evaluations.increment()
            return ["expensive": "value"]
        }
        let context = Self.context(sink: sink, policy: .disabled, derivations: derivations)
        for _ in 0..<100 {
            try await context.record("command_run", attributes: attributes())
        }
        try await context.flush()
        #expect(sink.emits.value == 0)
        #expect(sink.flushes.value == 0)
        #expect(derivations.value == 0)
        #expect(evaluations.value == 0)
        #expect(context.machineId == nil)
        #expect(derivations.value == 0)

        // The same closures, enabled: the counters move, so the test above could have failed.
        let enabled = Self.context(sink: sink, policy: .enabled, derivations: derivations)
        try await enabled.record("command_run", attributes: attributes())
        try await enabled.flush()
        #expect(sink.emits.value == 1)
        #expect(sink.flushes.value == 1)
        #expect(derivations.value == 1)
        #expect(evaluations.value == 1)
    }

    @Test("the machine id is derived once per context, on first use, and shared by copies")
    func machineIdDerivedOnce() async throws {
        let derivations = Counter()
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled, derivations: derivations)
        #expect(derivations.value == 0)  // creating a context does no work
        let copy = context
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { try await (index.isMultiple(of: 2) ? context : copy).record("ping") }
            }
            try await group.waitForAll()
        }
        #expect(derivations.value == 1)
        #expect(sink.count == 50)
    }

    @Test("T11: attributes arrive unchanged")
    func attributesArrive() async throws {
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        let attributes: [String: TelemetryValue] = [
            "command": "build", "durationMs": 412, "ratio": 0.25, "cached": true, "none": nil,
            "targets": ["Core", "Sinks"], "nested": ["depth": 2],
        ]
        try await context.record("command_run", attributes: attributes)
        #expect(sink.snapshot().first?.attributes == attributes)
    }

    @Test("T12: TelemetryContext is Sendable and copies share one sink")
    func sendable() async throws {
        func requireSendable<T: Sendable>(_: T.Type) {}
        requireSendable(TelemetryContext.self)
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        // Cross task boundaries with the value itself.
        let task = Task.detached { [context] in try await context.record("from_detached_task") }
        try await task.value
        let copy = context
        try await copy.record("from_copy")
        #expect(sink.snapshot().map(\.name) == ["from_detached_task", "from_copy"])
    }

    @Test("S4: two records arrive in the order they were made")
    func recordsArriveInOrder() async throws {
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        try await context.record("first", attributes: ["n": 1])
        try await context.record("second", attributes: ["n": 2])
        let events = sink.snapshot()
        #expect(events.map(\.name) == ["first", "second"])
        #expect(events.map { $0.attributes["n"] } == [1, 2])
        #expect(events[0].timestamp <= events[1].timestamp)
    }

    @Test("a sink error reaches the caller of record, who can ignore it with try?")
    func sinkErrorsPropagate() async throws {
        struct FailingSink: TelemetrySink {
            func emit(_ event: Event) async throws {
                throw TelemetryError(code: .io, message: "cannot write")
            }
        }
        let context = Self.context(sink: FailingSink(), policy: .enabled)
        await #expect(throws: TelemetryError.self) { try await context.record("x") }
        try? await context.record("x")  // the host's way of never seeing a telemetry failure
    }

    @Test("exposes its configuration")
    func configuration() {
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        #expect(context.tool == "my-cli")
        #expect(context.toolVersion == "1.2.0")
        #expect(context.policy == .enabled)
        #expect(context.sink as? MemorySink === sink)
        #expect(CollectionPolicy.disabled.description == "disabled")
        #expect(CollectionPolicy.enabled.description == "enabled")
    }
}

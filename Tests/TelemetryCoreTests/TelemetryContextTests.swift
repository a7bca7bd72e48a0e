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
        func emit(_ event: Event) { emits.increment() }
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
        let context = TelemetryContext(
            tool: "my-cli",
            toolVersion: "1.2.0",
            sink: sink,
            policy: .enabled,
            salt: "tests.t9"
        )
        let before = Date()
        context.record("command_run")
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
        @Sendable func attributes() -> TelemetryAttributes {
            evaluations.increment()
            return ["expensive": "value"]
        }
        let context = Self.context(sink: sink, policy: .disabled, derivations: derivations)
        for _ in 0..<100 {
            context.record("command_run", attributes: attributes())
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
        enabled.record("command_run", attributes: attributes())
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
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { (index.isMultiple(of: 2) ? context : copy).record("ping") }
            }
            await group.waitForAll()
        }
        #expect(derivations.value == 1)
        #expect(sink.count == 50)
    }

    @Test("first uses racing on several threads derive the machine id once, and every event gets it")
    func machineIdDerivedOnceUnderRace() {
        let derivations = Counter()
        let sink = MemorySink()
        let context = TelemetryContext(tool: "my-cli", toolVersion: "1.2.0", sink: sink, policy: .enabled) {
            derivations.increment()
            // A derivation that reads files takes a while: long enough for every thread to
            // arrive while the first is still at it.
            usleep(20_000)
            return String(repeating: "c", count: 64)
        }
        DispatchQueue.concurrentPerform(iterations: 8) { _ in context.record("ping") }
        #expect(derivations.value == 1, "each racing first use derived its own")
        #expect(sink.count == 8)
        #expect(sink.snapshot().allSatisfy { $0.machineId == String(repeating: "c", count: 64) })
    }

    @Test("T11: attributes arrive unchanged")
    func attributesArrive() async throws {
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        let attributes: TelemetryAttributes = [
            "command": "build", "durationMs": 412, "ratio": 0.25, "cached": true, "none": nil,
            "targets": ["Core", "Sinks"], "nested": ["depth": 2],
        ]
        context.record("command_run", attributes: attributes)
        #expect(sink.snapshot().first?.attributes == attributes)
    }

    @Test("T12: TelemetryContext is Sendable and copies share one sink")
    func sendable() async throws {
        func requireSendable<T: Sendable>(_: T.Type) {}
        requireSendable(TelemetryContext.self)
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        // Cross task boundaries with the value itself.
        let task = Task.detached { [context] in context.record("from_detached_task") }
        await task.value
        let copy = context
        copy.record("from_copy")
        #expect(sink.snapshot().map(\.name) == ["from_detached_task", "from_copy"])
    }

    @Test("S4: two records arrive in the order they were made")
    func recordsArriveInOrder() async throws {
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        context.record("first", attributes: ["n": 1])
        context.record("second", attributes: ["n": 2])
        let events = sink.snapshot()
        #expect(events.map(\.name) == ["first", "second"])
        #expect(events.map { $0.attributes["n"] } == [1, 2])
        #expect(events[0].timestamp <= events[1].timestamp)
    }

    @Test("record is synchronous: plain synchronous code records, and nothing is thrown at it")
    func recordFromSynchronousCode() {
        struct FailingSink: TelemetrySink {
            let attempts = Counter()
            func emit(_ event: Event) { attempts.increment() }  // a sink keeps its failures (statistics, logger)
            func flush() async throws { throw TelemetryError(code: .io, message: "cannot write") }
        }
        // A plain function, the shape of an ArgumentParser `run()` or a callback.
        func synchronousCallSite(_ context: TelemetryContext) {
            context.record("command_run", attributes: ["command": "build"])
        }
        let sink = MemorySink()
        synchronousCallSite(Self.context(sink: sink, policy: .enabled))
        #expect(sink.snapshot().map(\.name) == ["command_run"])
        let failing = FailingSink()
        synchronousCallSite(Self.context(sink: failing, policy: .enabled))
        #expect(failing.attempts.value == 1)
    }

    @Test("every recorded event gets its own id, for de-duplication by a collector")
    func eventsHaveUniqueIdentifiers() async {
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<500 { context.record("ping") } }
            }
        }
        let identifiers = sink.snapshot().compactMap(\.id)
        #expect(identifiers.count == 4000)
        #expect(Set(identifiers).count == 4000)
        #expect(identifiers.allSatisfy { $0.utf8.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
    }

    @Test("a recorded event's id is written as it reads: the line decodes to an equal event with the same id text")
    func recordedIdentifierRoundTrips() throws {
        let sink = MemorySink()
        let context = Self.context(sink: sink, policy: .enabled)
        context.record("ping", attributes: ["n": 1])
        let event = try #require(sink.snapshot().first)
        let id = try #require(event.id)
        #if os(Linux) && arch(x86_64)
        #expect(event.operatingSystem == "linux" && event.architecture == "x86_64")
        #endif
        #expect(event.operatingSystem != nil && event.architecture != nil, "a context names its platform")
        let line = EventEncoder().encode(event)
        #expect(String(decoding: line, as: UTF8.self).contains(#""event_id":"\#(id)""#))
        let decoded = try EventDecoder().decode(line)
        #expect(decoded.id == id)
        var expected = event
        expected.timestamp = decoded.timestamp  // the line keeps whole milliseconds
        #expect(decoded == expected)
        #expect(Set([decoded, expected]).count == 1, "equal events hash alike")
    }

    @Test("shutdown shuts a managed sink down, flushes any other, and never waits past its deadline")
    func shutdownIsBounded() async throws {
        final class HangingSink: ManagedTelemetrySink {
            let shutdowns = Counter()
            func emit(_ event: Event) {}
            func shutdown(deadline: ContinuousClock.Instant) async throws {
                shutdowns.increment()
                try? await Task.sleep(until: deadline, clock: .continuous)
            }
            func flush() async throws {
                // Ignores cancellation: the context's bound must hold anyway.
                let end = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
            }
        }
        let managed = HangingSink()
        let start = ContinuousClock.now
        await Self.context(sink: managed, policy: .enabled).shutdown(deadline: .now + .milliseconds(300))
        #expect(managed.shutdowns.value == 1)
        #expect(ContinuousClock.now - start < .seconds(5))

        let counting = CountingSink()
        await Self.context(sink: counting, policy: .enabled).shutdown(deadline: .now + .seconds(5))
        #expect(counting.flushes.value == 1)

        // A plain sink whose flush hangs and ignores cancellation is left behind at the deadline.
        struct UnmanagedHangingSink: TelemetrySink {
            func emit(_ event: Event) {}
            func flush() async throws {
                let end = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
            }
        }
        let begin = ContinuousClock.now
        await Self.context(sink: UnmanagedHangingSink(), policy: .enabled).shutdown(deadline: .now + .milliseconds(300))
        #expect(ContinuousClock.now - begin < .seconds(5))
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

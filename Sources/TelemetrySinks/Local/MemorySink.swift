//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

@_spi(TelemetryInternals) public import TelemetryCore

/// A sink that keeps events in memory, in the order they were emitted.
///
/// `MemorySink` is the sink for tests, previews and in-process inspection. It is a reference
/// type: every copy of a `TelemetryContext` that holds it, and the test that created it, see
/// the same events.
///
/// ```swift
/// let sink = MemorySink()
/// let context = TelemetryContext(tool: "my-cli", toolVersion: "1.0.0",
///                                sink: sink, policy: .enabled, salt: "my-cli")
/// context.record("command_run", attributes: ["command": "build"])
/// #expect(sink.snapshot().map(\.name) == ["command_run"])
/// ```
///
/// With a `capacity`, the sink keeps at most that many events: when it is full, a new event
/// pushes out the **oldest** one, and ``droppedCount`` counts the events pushed out. Memory
/// therefore stays bounded however long the host runs. Without a capacity it keeps everything,
/// which is right for a test and wrong for a long-running server.
public final class MemorySink: TelemetrySink {
    /// The most events the sink keeps, or `nil` for no limit.
    public let capacity: Int?

    private let state: LockedValue<State>

    /// Creates an empty sink.
    ///
    /// - Parameter capacity: The most events to keep; when full, the oldest event is dropped.
    ///   `nil` (the default) keeps every event.
    /// - Precondition: `capacity` is `nil` or greater than zero. A capacity of zero or less is a
    ///   programming error (a sink that can hold nothing), caught on the first run, not an
    ///   operational condition: hence a precondition rather than a thrown error.
    public init(capacity: Int? = nil) {
        if let capacity {
            precondition(
                capacity > 0,
                "MemorySink(capacity:) needs a capacity greater than zero, or nil for no limit; got \(capacity)."
            )
        }
        self.capacity = capacity
        self.state = LockedValue(State(capacity: capacity))
    }

    /// Appends `event`; when the sink is full, drops the oldest event first.
    public func emit(_ event: Event) {
        state.withLock { $0.append(event) }
    }

    /// The events held now, oldest first. The sink keeps them.
    public func snapshot() -> [Event] {
        state.withLock { $0.ordered() }
    }

    /// Returns the events held now, oldest first, and removes them from the sink.
    ///
    /// Taking and removing happen at once: an event emitted concurrently is either in the result
    /// or still in the sink, never lost and never returned twice.
    public func drain() -> [Event] {
        state.withLock { state in
            let events = state.ordered()
            state.removeAll()
            return events
        }
    }

    /// Removes every event. ``droppedCount`` is kept: it counts what capacity pushed out.
    public func clear() {
        state.withLock { $0.removeAll() }
    }

    /// The number of events held now.
    public var count: Int {
        state.withLock { $0.events.count }
    }

    /// How many events were dropped, since the sink was created, because it was full.
    public var droppedCount: Int {
        state.withLock { $0.droppedCount }
    }
}

extension MemorySink {
    /// A ring buffer: `events` grows up to `capacity`, then `head` marks the oldest event and
    /// each new event overwrites it, so a full sink costs no copying per emit.
    private struct State: Sendable {
        let capacity: Int?
        var events: [Event] = []
        var head = 0
        var droppedCount = 0

        init(capacity: Int?) {
            self.capacity = capacity
        }

        mutating func append(_ event: Event) {
            guard let capacity, events.count >= capacity else {
                events.append(event)
                return
            }
            events[head] = event
            head = (head + 1) % capacity
            droppedCount += 1
        }

        func ordered() -> [Event] {
            guard head > 0 else { return events }
            return Array(events[head...] + events[..<head])
        }

        mutating func removeAll() {
            events.removeAll()
            head = 0
        }
    }
}

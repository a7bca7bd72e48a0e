//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import Logging
public import TelemetryCore

/// A sink that hands each event to an `async` closure, from the background, behind a bounded
/// queue: the adapter for a destination that is an actor or an `async` client.
///
/// ``emit(_:)`` only enqueues (a full queue drops the new event and counts it); the closure runs
/// on the ``DeliveryQueue`` engine the remote sinks use, one event at a time, each call bounded
/// by ``DeliveryConfiguration/requestTimeout``. What it throws is counted, retried if the
/// configuration's ``RetryPolicy`` says so (by default it does not), and logged without its
/// text, never thrown at the host.
///
/// ```swift
/// actor Ledger { func append(_ event: Event) async throws { … } }
/// let ledger = Ledger()
/// let sink = AsyncSink { event in try await ledger.append(event) }
/// ```
public struct AsyncSink: ManagedTelemetrySink {
    private let queue: DeliveryQueue<Event, ContinuousClock>

    /// The defaults: 2048 queued, one event per call, a 10 s limit per call, no retries.
    public static var defaultConfiguration: DeliveryConfiguration {
        DeliveryConfiguration(maxBatchSize: 1, scheduleDelay: .milliseconds(100), retryPolicy: .none)
    }

    /// Creates the sink and starts its background task.
    ///
    /// - Parameters:
    ///   - configuration: Capacity, time limit per call, retries; one event per call always.
    ///   - logger: Where drops and failures are reported.
    ///   - body: Receives each event.
    /// - Throws: A `TelemetryError` with the `invalidConfiguration` code for an out-of-range setting.
    public init(
        configuration: DeliveryConfiguration = AsyncSink.defaultConfiguration,
        logger: Logger = Logger(label: "swift-telemetry.async-sink"),
        _ body: @escaping @Sendable (Event) async throws -> Void
    ) throws(TelemetryError) {
        var configuration = configuration
        configuration.maxBatchSize = 1
        self.queue = try DeliveryQueue(configuration: configuration, logger: logger) { events in
            do {
                try await body(events[0])
                return .delivered
            } catch is CancellationError {
                return .failed(reason: "cancelled")
            } catch {
                // The error's text is the host's and may hold anything: its type says enough.
                return .failed(reason: "the closure threw \(type(of: error))")
            }
        }
    }

    /// Queues `event` and returns at once.
    public func emit(_ event: Event) {
        queue.enqueue(event)
    }

    /// Returns once every event queued before the call has been handed to the closure (or
    /// failed).
    public func flush() async throws {
        await queue.flush()
    }

    /// Hands what is queued to the closure until `deadline`, then stops.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        try await queue.shutdown(deadline: deadline)
    }

    /// The counters: enqueued, delivered (handed over), dropped, retried, in flight.
    public var statistics: DeliveryStatistics {
        queue.statistics
    }
}

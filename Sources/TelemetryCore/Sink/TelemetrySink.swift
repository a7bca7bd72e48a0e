//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A destination for telemetry events: memory, a JSONL file, an HTTP collector, anything.
///
/// A ``TelemetryContext`` hands every recorded ``Event`` to its sink. Implement this protocol to
/// send events somewhere new; the built-in sinks live in the `TelemetrySinks` module.
///
/// ## Implementation requirements
///
/// - ``emit(_:)`` is called from many tasks at once and must be safe under that concurrency.
/// - ``emit(_:)`` must **never wait on the network**: a remote sink enqueues the event into a
///   bounded queue and returns, and delivers from background work it owns (adopt
///   ``ManagedTelemetrySink`` for that). A local sink may perform a short, bounded local write.
/// - ``emit(_:)`` throws only for a failure of this event (a write error, an encoding error),
///   as a ``TelemetryError``. It must never crash the host and must keep memory bounded.
/// - ``flush()`` returns once every event emitted before the call has been delivered, or has
///   definitively failed. The default implementation does nothing, which is right for sinks that
///   deliver synchronously in ``emit(_:)``.
///
/// A conforming sink can be checked with a test like this one:
///
/// ```swift
/// @Test func deliversWhatItIsGiven() async throws {
///     let sink = MySink()
///     let context = TelemetryContext(tool: "t", toolVersion: "1", sink: sink, policy: .enabled, salt: "s")
///     try await context.record("ping", attributes: ["n": 1])
///     try await context.flush()
///     // … assert that "ping" arrived where MySink sends it.
/// }
/// ```
public protocol TelemetrySink: Sendable {
    /// Accepts one event for delivery.
    ///
    /// - Parameter event: The event to deliver.
    /// - Throws: A ``TelemetryError`` when this event could not be accepted.
    func emit(_ event: Event) async throws

    /// Returns once every event emitted before the call has been delivered or has failed.
    ///
    /// - Throws: A ``TelemetryError`` when delivery failed.
    func flush() async throws
}

extension TelemetrySink {
    /// Does nothing: sinks that deliver in ``emit(_:)`` have nothing left to flush.
    public func flush() async throws {}
}

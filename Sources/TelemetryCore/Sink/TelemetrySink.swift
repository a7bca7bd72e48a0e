//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A destination for telemetry events: memory, a JSONL file, an HTTP collector, anything.
///
/// A ``TelemetryContext`` hands every recorded ``Event`` to its sink, the way swift-log's
/// `Logger` hands every message to its `LogHandler`. Implement this protocol to send events
/// somewhere new; the built-in sinks live in the `TelemetrySinks` module.
///
/// ## Implementation requirements
///
/// - ``emit(_:)`` is synchronous and is called from many threads and tasks at once; it must be
///   safe under that concurrency and cheap, because it runs on the host's own path (a request
///   handler, a command's `run()`).
/// - ``emit(_:)`` must **never wait on the network** and never throw: a remote sink appends the
///   event to a bounded queue and returns, and delivers from background work it owns (adopt
///   ``ManagedTelemetrySink`` for that). A local sink may perform a short, bounded local write.
///   A failure (a full queue, a full disk) is counted in the sink's statistics and reported
///   through its `Logger`, never to the caller.
/// - Memory stays bounded whatever the host does.
/// - ``flush()`` returns once every event emitted before the call has been delivered, or has
///   definitively failed. The default implementation does nothing, which is right for sinks that
///   deliver synchronously in ``emit(_:)``.
///
/// A sink whose destination is `async` (an actor, an async client) needs no hand-written queue:
/// `AsyncSink` in `TelemetrySinks` runs an `async` closure per event behind a bounded queue.
///
/// A conforming sink can be checked with a test like this one:
///
/// ```swift
/// @Test func deliversWhatItIsGiven() async throws {
///     let sink = MySink()
///     let context = TelemetryContext(tool: "t", toolVersion: "1", sink: sink, policy: .enabled, salt: "s")
///     context.record("ping", attributes: ["n": 1])
///     try await context.flush()
///     // … assert that "ping" arrived where MySink sends it.
/// }
/// ```
public protocol TelemetrySink: Sendable {
    /// Accepts one event for delivery; returns at once, never throws, never waits on the network.
    ///
    /// - Parameter event: The event to deliver.
    func emit(_ event: Event)

    /// Returns once every event emitted before the call has been delivered or has failed.
    ///
    /// - Throws: A ``TelemetryError`` when delivery failed (for a file sink, the first write
    ///   error since the last flush).
    func flush() async throws
}

extension TelemetrySink {
    /// Does nothing: sinks that deliver in ``emit(_:)`` have nothing left to flush.
    public func flush() async throws {}
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A sink that drops or rewrites events before they reach another sink.
///
/// Use it to keep an event out of a remote collector, or to redact an attribute:
///
/// ```swift
/// let sink = FilteringSink(httpSink) { event in
///     guard event.name != "debug_dump" else { return nil }      // drop
///     var event = event
///     event.attributes["hostname"] = nil                         // redact
///     return event
/// }
/// ```
///
/// The transform runs on the caller of ``emit(_:)``: keep it cheap and free of I/O.
public struct FilteringSink: ManagedTelemetrySink {
    /// The sink that receives what the filter keeps.
    public let base: any TelemetrySink
    private let transform: @Sendable (Event) -> Event?

    /// Creates a sink that passes each event through `transform`: the event it returns goes on to
    /// `base`; `nil` drops the event.
    public init(_ base: any TelemetrySink, transform: @escaping @Sendable (Event) -> Event?) {
        self.base = base
        self.transform = transform
    }

    /// Creates a sink that forwards only the events for which `isIncluded` returns `true`.
    public init(_ base: any TelemetrySink, isIncluded: @escaping @Sendable (Event) -> Bool) {
        self.init(base, transform: { isIncluded($0) ? $0 : nil })
    }

    /// Forwards the transformed event to ``base``, or drops it.
    public func emit(_ event: Event) {
        guard let kept = transform(event) else { return }
        base.emit(kept)
    }

    /// Flushes ``base``.
    public func flush() async throws {
        try await base.flush()
    }

    /// Shuts ``base`` down if it is a ``ManagedTelemetrySink``, and flushes it otherwise.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        try await base.shutdownOrFlush(deadline: deadline)
    }
}

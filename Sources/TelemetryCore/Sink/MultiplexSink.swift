//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A sink that hands every event to several sinks, like swift-log's `MultiplexLogHandler`.
///
/// A typical use keeps a local audit trail next to a remote collector:
///
/// ```swift
/// let sink = MultiplexSink([try FileSink(path: auditPath), httpSink])
/// ```
///
/// Each sink receives every event, in the order the sinks were given. ``flush()`` and
/// ``shutdown(deadline:)`` reach every sink even when an earlier one fails; the first error is
/// rethrown once all have been tried.
public struct MultiplexSink: ManagedTelemetrySink {
    /// The sinks, in delivery order.
    public let sinks: [any TelemetrySink]

    /// Creates a sink that forwards to `sinks`, in order.
    public init(_ sinks: [any TelemetrySink]) {
        self.sinks = sinks
    }

    /// Emits `event` to every sink.
    public func emit(_ event: Event) {
        for sink in sinks {
            sink.emit(event)
        }
    }

    /// Flushes every sink; rethrows the first error after all sinks were flushed.
    public func flush() async throws {
        try await forEachSink { try await $0.flush() }
    }

    /// Shuts down every sink that is a ``ManagedTelemetrySink`` and flushes the others, all
    /// against the same deadline; rethrows the first error.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        try await forEachSink { try await $0.shutdownOrFlush(deadline: deadline) }
    }

    private func forEachSink(_ body: (any TelemetrySink) async throws -> Void) async throws {
        var firstError: (any Error)?
        for sink in sinks {
            do {
                try await body(sink)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }
}

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
/// Each sink receives every event, in the order the sinks were given, even when an earlier
/// sink throws; the first error is rethrown once all sinks have had the event.
public struct MultiplexSink: ManagedTelemetrySink {
    /// The sinks, in delivery order.
    public let sinks: [any TelemetrySink]

    /// Creates a sink that forwards to `sinks`, in order.
    public init(_ sinks: [any TelemetrySink]) {
        self.sinks = sinks
    }

    /// Emits `event` to every sink; rethrows the first error after all sinks were tried.
    public func emit(_ event: Event) async throws {
        var firstError: (any Error)?
        for sink in sinks {
            do {
                try await sink.emit(event)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }

    /// Flushes every sink; rethrows the first error after all sinks were flushed.
    public func flush() async throws {
        var firstError: (any Error)?
        for sink in sinks {
            do {
                try await sink.flush()
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }

    /// Shuts down every sink that is a ``ManagedTelemetrySink`` and flushes the others, all
    /// against the same deadline; rethrows the first error.
    public func shutdown(deadline: ContinuousClock.Instant) async throws {
        var firstError: (any Error)?
        for sink in sinks {
            do {
                if let managed = sink as? any ManagedTelemetrySink {
                    try await managed.shutdown(deadline: deadline)
                } else {
                    try await sink.flush()
                }
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }
}

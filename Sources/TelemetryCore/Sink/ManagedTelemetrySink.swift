//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A sink that owns background work (a delivery queue, a write timer) and must be shut down.
///
/// Call ``shutdown(deadline:)`` once, when the host stops: it delivers what it can before the
/// deadline, stops the background work and releases the sink's resources. After shutdown,
/// ``TelemetrySink/emit(_:)`` drops events and counts them.
///
/// A ``TelemetryContext`` shuts its sink down with ``TelemetryContext/shutdown(deadline:)``;
/// with the `ServiceLifecycleSupport` trait the remote sinks are also a `Service`.
public protocol ManagedTelemetrySink: TelemetrySink {
    /// Delivers what is pending, then stops the sink's background work.
    ///
    /// Idempotent: a second call returns at once. Never waits past `deadline`.
    ///
    /// - Parameter deadline: The instant by which shutdown returns, whatever is still pending.
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/shutdown`` code when the
    ///   deadline passed with events still undelivered, or the error of the final delivery.
    func shutdown(deadline: ContinuousClock.Instant) async throws
}

extension TelemetrySink {
    /// Shuts the sink down if it is a ``ManagedTelemetrySink``, and flushes it otherwise, never
    /// waiting past `deadline`: the one rule every composite sink applies to what it wraps.
    package func shutdownOrFlush(deadline: ContinuousClock.Instant) async throws {
        if let managed = self as? any ManagedTelemetrySink {
            try await managed.shutdown(deadline: deadline)
            return
        }
        let flushed = await Deadline.run(until: deadline) { () async -> Result<Void, any Error> in
            do {
                try await self.flush()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        switch flushed {
        case .success?: return
        case .failure(let error)?: throw error
        case nil:
            throw TelemetryError(
                code: .shutdown,
                message: "the sink did not finish flushing before the shutdown deadline."
            )
        }
    }
}

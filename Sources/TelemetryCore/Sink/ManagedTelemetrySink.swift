//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A sink that owns background work (a delivery queue, a write timer) and must be shut down.
///
/// Call ``shutdown(deadline:)`` once, when the host stops: it delivers what it can before the
/// deadline, stops the background work and releases the sink's resources. After shutdown,
/// ``TelemetrySink/emit(_:)`` drops events (and may throw a ``TelemetryError`` with the
/// ``TelemetryError/Code/shutdown`` code).
///
/// ```swift
/// let sink = try FileSink(path: path, durability: .buffered)
/// defer { Task { try? await sink.shutdown(deadline: .now + .seconds(2)) } }
/// ```
public protocol ManagedTelemetrySink: TelemetrySink {
    /// Delivers what is pending, then stops the sink's background work.
    ///
    /// Idempotent: a second call returns at once.
    ///
    /// - Parameter deadline: The instant by which shutdown returns, whatever is still pending.
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/shutdown`` code when the
    ///   deadline passed with events still undelivered, or the error of the final delivery.
    func shutdown(deadline: ContinuousClock.Instant) async throws
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if ServiceLifecycleSupport
import Logging
import ServiceLifecycle
import TelemetryCore

/// The `run()` of every sink that is a swift-service-lifecycle `Service`: wait for graceful
/// shutdown, then drain within a budget.
enum GracefulDrain {
    /// Waits until the service group shuts down gracefully, then shuts `sink` down with a
    /// deadline `timeout` away. Cancellation skips the drain. Never throws: telemetry must not
    /// turn a clean shutdown into a failed one; an incomplete drain is logged instead.
    static func run(_ sink: some ManagedTelemetrySink, timeout: Duration, logger: Logger) async {
        do {
            try await gracefulShutdown()
        } catch {
            // Cancelled: the host is going down hard; stop without waiting.
            try? await sink.shutdown(deadline: .now)
            return
        }
        do {
            try await sink.shutdown(deadline: .now + timeout)
        } catch {
            logger.warning("Telemetry was not fully delivered before shutdown", metadata: ["error": "\(error)"])
        }
    }
}
#endif

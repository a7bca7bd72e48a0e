//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if ServiceLifecycleSupport
public import ServiceLifecycle

extension HTTPSink: Service {
    /// Runs until the `ServiceGroup` shuts down gracefully, then delivers what is queued within
    /// ``Configuration/shutdownTimeout`` and stops. Never throws.
    ///
    /// ```swift
    /// let sink = try HTTPSink(endpoint: "https://collector.example.com/v1/events")
    /// let group = ServiceGroup(services: [server, sink], gracefulShutdownSignals: [.sigterm], logger: logger)
    /// try await group.run()
    /// ```
    public func run() async throws {
        await GracefulDrain.run(self, timeout: configuration.shutdownTimeout, logger: delivery.logger)
    }
}

extension OTLPSink: Service {
    /// Runs until the `ServiceGroup` shuts down gracefully, then exports what is queued within
    /// ``Configuration/shutdownTimeout`` and stops. Never throws.
    public func run() async throws {
        await GracefulDrain.run(self, timeout: configuration.shutdownTimeout, logger: delivery.logger)
    }
}
#endif

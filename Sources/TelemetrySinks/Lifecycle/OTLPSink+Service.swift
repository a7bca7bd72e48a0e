//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if ServiceLifecycleSupport
public import ServiceLifecycle

extension OTLPSink: Service {
    /// Runs until the `ServiceGroup` shuts down gracefully, then exports what is queued within
    /// ``Configuration/shutdownTimeout`` and stops. Never throws.
    ///
    /// ```swift
    /// let sink = try OTLPSink(configuration: .init(endpoint: "https://otel.example.com/v1/logs"))
    /// let group = ServiceGroup(services: [server, sink], gracefulShutdownSignals: [.sigterm], logger: logger)
    /// try await group.run()
    /// ```
    public func run() async throws {
        await GracefulDrain.run(timeout: configuration.shutdownTimeout, logger: logger) { deadline in
            try await shutdown(deadline: deadline)
        }
    }
}
#endif

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// A sink that discards every event.
///
/// Use it where an API needs a sink but nothing should be kept: in a test, in a preview, or as
/// the sink of a context whose policy may be enabled later. It holds no state and never fails.
///
/// ```swift
/// let context = TelemetryContext(tool: "my-cli", toolVersion: "1.0.0",
///                                sink: NoopSink(), policy: .enabled, salt: "my-cli")
/// ```
public struct NoopSink: TelemetrySink {
    /// Creates a sink that discards every event.
    @inlinable
    public init() {}

    /// Discards `event`.
    @inlinable
    public func emit(_ event: Event) {}
}

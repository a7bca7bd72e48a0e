//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// A sink that prints each event to standard error instead of sending it: what
/// `<TOOL>_TELEMETRY_DEBUG=1` (and Better Auth's `telemetry.debug`) selects.
///
/// Each event is printed as `telemetry event ` followed by what would have been sent: its
/// ``EventEncoder`` line for ``HTTPBodyFormat/eventArray``, or its Better Auth envelope as JSON
/// indented by two spaces for ``HTTPBodyFormat/betterAuthEnvelope`` (Better Auth's and rustauth's
/// debug output).
public struct DebugSink: TelemetrySink {
    /// How events are shown.
    public let format: HTTPBodyFormat
    private let write: @Sendable (String) -> Void

    /// Creates a sink that prints to standard error.
    ///
    /// - Parameter format: Show each event as a line (the default) or as a Better Auth envelope.
    public init(format: HTTPBodyFormat = .eventArray) {
        self.init(format: format, write: StandardError.write)
    }

    /// Creates a sink that hands each printed event to `write` (the publisher's tests capture it).
    package init(format: HTTPBodyFormat, write: @escaping @Sendable (String) -> Void) {
        self.format = format
        self.write = write
    }

    /// Prints `event`.
    public func emit(_ event: Event) {
        switch format.kind {
        case .eventArray:
            write("telemetry event " + String(decoding: EventEncoder().encode(event), as: UTF8.self) + "\n")
        case .betterAuthEnvelope:
            write("telemetry event " + HTTPBodyFormat.envelope(of: event).prettyJSON + "\n")
        }
    }
}

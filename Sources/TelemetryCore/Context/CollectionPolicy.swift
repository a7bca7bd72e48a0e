//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Whether telemetry is collected at all.
///
/// `disabled` is the default everywhere: a ``TelemetryContext`` with a disabled policy builds no
/// event, evaluates no attribute, derives no machine id and never touches its sink.
public enum CollectionPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Nothing is collected.
    case disabled
    /// Events are recorded and handed to the sink.
    case enabled

    /// `"disabled"` or `"enabled"`.
    public var description: String {
        switch self {
        case .disabled: "disabled"
        case .enabled: "enabled"
        }
    }
}

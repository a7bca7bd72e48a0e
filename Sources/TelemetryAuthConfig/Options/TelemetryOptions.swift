//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The host's own telemetry switch (Better Auth's `telemetry` option).
///
/// The user's environment still decides first: `DO_NOT_TRACK`, `<TOOL>_TELEMETRY=false` and a
/// consent file saying *disabled* all beat `enabled: true` (see the consent resolution).
public struct TelemetryOptions: Sendable {
    /// Whether the host opts in. `nil` (the default) leaves the decision to the environment.
    public var enabled: Bool?
    /// Print events as pretty JSON to standard error instead of sending them to the endpoint.
    public var debug: Bool

    /// Creates the options; by default telemetry is not requested and debug is off.
    public init(enabled: Bool? = nil, debug: Bool = false) {
        self.enabled = enabled
        self.debug = debug
    }
}

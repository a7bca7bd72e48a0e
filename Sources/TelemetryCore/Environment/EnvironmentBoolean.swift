//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The strict reading of a boolean environment variable such as `MY_CLI_TELEMETRY`.
///
/// Stricter than Better Auth and rustauth, where `off` and `no` mean *on*:
///
/// | value (trimmed, any case) | result |
/// |---|---|
/// | unset or empty | ``unset`` |
/// | `1`, `true`, `yes`, `on` | ``true`` |
/// | `0`, `false`, `no`, `off` | ``false`` |
/// | anything else | ``invalid(_:)``: never enables, and is reported |
public enum EnvironmentBoolean: Sendable, Hashable {
    /// The variable is absent or empty.
    case unset
    /// The variable says yes.
    case `true`
    /// The variable says no.
    case `false`
    /// The variable holds something that is neither; the raw value is kept for the report.
    case invalid(String)

    /// Parses `value` (nil means the variable is absent).
    public init(parsing value: String?) {
        guard let value else {
            self = .unset
            return
        }
        switch value.trimmingWhitespace().lowercased() {
        case "": self = .unset
        case "1", "true", "yes", "on": self = .true
        case "0", "false", "no", "off": self = .false
        default: self = .invalid(value)
        }
    }

    /// Reads and parses `name` from `environment`.
    public init(_ name: String, in environment: [String: String]) {
        self.init(parsing: environment[name])
    }

    /// `true` only for ``true``: an invalid value never enables anything.
    public var isTrue: Bool { self == .true }

    /// `true` only for ``false``.
    public var isFalse: Bool { self == .false }
}

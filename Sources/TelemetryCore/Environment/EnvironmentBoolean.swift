//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The strict reading of a boolean environment variable such as `MY_CLI_TELEMETRY`.
///
/// An opt-in never comes from a value that is not clearly yes; an opt-out variable
/// (`DO_NOT_TRACK`) opts out for anything that is not clearly no (``optsOut``).
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

    /// How an opt-out variable such as `DO_NOT_TRACK` reads it: anything but unset, empty or an
    /// explicit false (`0`, `false`, `no`, `off`) opts out, so `DO_NOT_TRACK=2` or
    /// `DO_NOT_TRACK=yes please` never leaves collection on.
    public var optsOut: Bool {
        switch self {
        case .true, .invalid: true
        case .false, .unset: false
        }
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser

/// The exit codes of `telemetry`, documented in `--help` and the README.
enum CommandExitCode {
    /// Success; for `audit`, a clean log.
    static let success = ExitCode(0)
    /// `audit`: the log has invalid lines or suspicious values.
    static let findings = ExitCode(1)
    /// A file could not be read or written.
    static let io = ExitCode(2)
    /// The request was refused (enable under CI).
    static let refused = ExitCode(3)
    /// A usage error (ArgumentParser's own code for validation errors).
    static let usage = ExitCode(64)
}

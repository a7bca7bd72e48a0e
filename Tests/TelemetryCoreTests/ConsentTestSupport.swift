//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryTestSupport

@testable import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The consent tests' temporary directory.
typealias ConsentTestDirectory = TemporaryDirectory

extension TelemetryConsent {
    /// A consent for `my-cli` whose file lives in `directory`, outside any test run unless the
    /// environment says so.
    static func testing(
        _ directory: ConsentTestDirectory,
        environment: [String: String] = [:],
        executablePath: String = "/usr/local/bin/my-cli",
        adminPolicyPaths: [String] = []
    ) throws -> TelemetryConsent {
        var environment = environment
        environment["MY_CLI_TELEMETRY_DIR"] = directory.path
        return try TelemetryConsent(
            tool: "my-cli",
            environment: environment,
            stateDirectory: nil,
            executablePath: executablePath,
            adminPolicyPaths: adminPolicyPaths
        )
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// Builds the `init` envelope that `telemetry preview` prints.
enum PreviewEvent {
    /// The envelope `{"type":"init","anonymousId":…,"payload":{…}}`.
    static func make(consent: TelemetryConsent) async -> TelemetryValue {
        // The detectors and the auth-config publisher are separate issues; until they are wired
        // in, the payload has its final keys with what this module knows, and says so.
        Console.diagnostic("note: detectors and auth-config snapshot are not wired in yet; unknown payload values are null")
        let environment = consent.environment
        let runtimeEnvironment: String =
            if environment["SWIFT_ENV"] == "production" { "production" }
            else if consent.isCI { "ci" }
            else if consent.isTestRun { "test" }
            else { "development" }
        return .object([
            "type": "init",
            "anonymousId": .string(randomIdentifier()),
            "payload": .object([
                "config": .object([:]),
                "runtime": .object(["name": "swift", "version": .string(compilerVersion)]),
                "database": .null,
                "framework": .null,
                "environment": .string(runtimeEnvironment),
                "systemInfo": .null,
                "packageManager": .object(["name": "swiftpm", "version": .null]),
            ]),
        ])
    }

    /// 32 characters of `[A-Za-z0-9]`, as Better Auth's anonymous id without project or URL.
    static func randomIdentifier() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<32).map { _ in alphabet.randomElement()! })
    }

    static var compilerVersion: String {
        #if compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }
}

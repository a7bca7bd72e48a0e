//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors

/// Builds the `init` event: the project id, the auth-config snapshot and the detectors.
struct InitEventBuilder: Sendable {
    let options: AuthOptions
    let context: AuthTelemetryContext
    let environment: [String: String]
    let workingDirectory: String?

    init(options: AuthOptions, context: AuthTelemetryContext) {
        self.options = options
        self.context = context
        self.environment = context.environment ?? RuntimeEnvironment.processEnvironment
        self.workingDirectory = context.workingDirectory ?? FileSystem.currentDirectory()
    }

    /// The project's anonymous id: the override, else the hash of the base URL and the
    /// `Package.swift` name (see `AnonymousId`).
    func anonymousId() -> String {
        if let fixed = context.overrides.anonymousId { return fixed }
        context.probe?.record(.anonymousId)
        return AnonymousId.derive(baseURL: options.baseURL, projectName: projectName())
    }

    /// The `name:` of `Package(` in the working directory's `Package.swift`.
    func projectName() -> String? {
        workingDirectory.flatMap(PackageManifest.packageName(inDirectory:))
    }

    /// The detector members of the payload, overrides first; detection runs only when some
    /// detector is not overridden.
    func detectedMembers() async -> [String: TelemetryValue] {
        let overrides = context.overrides
        var members: [String: TelemetryValue] = [
            "runtime": .null, "database": .null, "framework": .null, "environment": .null,
            "systemInfo": .null, "packageManager": .null,
        ]
        if !overrides.replacesEveryDetector {
            context.probe?.record(.detection)
            let inputs = DetectionInputs.host(environment: environment, workingDirectory: workingDirectory)
            members = await DetectedEnvironment.detect(inputs).payloadMembers
        }
        if let value = overrides.runtime { members["runtime"] = value }
        if let value = overrides.database { members["database"] = value }
        if let value = overrides.framework { members["framework"] = value }
        if let value = overrides.environment { members["environment"] = value }
        if let value = overrides.systemInfo { members["systemInfo"] = value }
        if let value = overrides.packageManager { members["packageManager"] = value }
        return members
    }

    /// The complete `init` event for `anonymousId`.
    func event(anonymousId: String) async -> TelemetryEvent {
        var payload = await detectedMembers()
        payload["config"] = telemetryAuthConfig(options: options, context: context)
        return TelemetryEvent(type: "init", anonymousId: anonymousId, payload: .object(payload))
    }
}

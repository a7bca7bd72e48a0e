//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// `payload.packageManager`: `{"name": "swiftpm", "version": <toolchain version>}` when the
/// host was built by SwiftPM or its project has a `Package.swift`, else `null`.
///
/// SwiftPM ships with the compiler, so the toolchain version is the compiler's (see
/// CompilerVersion); it is `null` when unknown.
public enum PackageManagerDetector {
    /// The package manager for `inputs`.
    public static func detect(_ inputs: DetectionInputs) -> TelemetryValue {
        let usesSwiftPM =
            inputs.isSwiftPackageBuild
            || PackageManifest.projectDirectory(startingAt: inputs.workingDirectory) != nil
        guard usesSwiftPM else { return .null }
        return ["name": "swiftpm", "version": inputs.compilerVersion.map(TelemetryValue.string) ?? .null]
    }
}

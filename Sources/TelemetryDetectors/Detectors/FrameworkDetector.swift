//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// `payload.framework`: the first of DependencyTable/frameworks the project uses, as
/// `{"name": "vapor", "version": "4.122.3"}`, or `null`.
///
/// The version is the one `Package.resolved` pins, else the lower bound `Package.swift`
/// requires; the project is searched from the working directory upward.
public enum FrameworkDetector {
    /// The framework of the project at or above `inputs.workingDirectory`.
    public static func detect(_ inputs: DetectionInputs) -> TelemetryValue {
        detect(in: PackageManifest.dependencies(startingAt: inputs.workingDirectory))
    }

    /// The framework among already-read dependencies.
    public static func detect(in dependencies: ProjectDependencies) -> TelemetryValue {
        DependencyTable.frameworks.firstMatch(in: dependencies)
    }
}

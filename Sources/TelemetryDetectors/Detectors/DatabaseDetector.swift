//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// `payload.database`: the first of DependencyTable/databases the project uses, as
/// `{"name": "postgresql", "version": "1.29.0"}`, or `null`.
///
/// The version is the one `Package.resolved` pins, else the lower bound `Package.swift`
/// requires; the project is searched from the working directory upward.
public enum DatabaseDetector {
    /// The database of the project at or above `inputs.workingDirectory`.
    public static func detect(_ inputs: DetectionInputs) -> TelemetryValue {
        detect(in: PackageManifest.dependencies(startingAt: inputs.workingDirectory))
    }

    /// The database among already-read dependencies.
    public static func detect(in dependencies: ProjectDependencies) -> TelemetryValue {
        DependencyTable.databases.firstMatch(in: dependencies)
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// The six detector results of a Better Auth `init` payload.
///
/// ```swift
/// let detected = await DetectedEnvironment.detect(.host())
/// payload.merge(detected.payloadMembers) { _, detected in detected }
/// ```
///
/// Detection reads files (`Package.resolved`, `/proc/cpuinfo`, …), so call it only once
/// telemetry is known to be enabled; nothing runs before ``detect(_:)`` is called.
public struct DetectedEnvironment: Sendable, Hashable {
    /// `{"name": "swift", "version": "6.3.1"}` (``RuntimeDetector``).
    public var runtime: TelemetryValue
    /// `{"name": "postgresql", "version": "1.29.0"}` or `null` (``DatabaseDetector``).
    public var database: TelemetryValue
    /// `{"name": "vapor", "version": "4.122.3"}` or `null` (``FrameworkDetector``).
    public var framework: TelemetryValue
    /// `"production"`, `"ci"`, `"test"` or `"development"` (``EnvironmentDetector``).
    public var environment: TelemetryValue
    /// The machine (``SystemInfoDetector``).
    public var systemInfo: TelemetryValue
    /// `{"name": "swiftpm", "version": "6.3.1"}` or `null` (``PackageManagerDetector``).
    public var packageManager: TelemetryValue

    /// Creates a result from given values, e.g. for a test double of the detectors.
    public init(
        runtime: TelemetryValue,
        database: TelemetryValue,
        framework: TelemetryValue,
        environment: TelemetryValue,
        systemInfo: TelemetryValue,
        packageManager: TelemetryValue
    ) {
        self.runtime = runtime
        self.database = database
        self.framework = framework
        self.environment = environment
        self.systemInfo = systemInfo
        self.packageManager = packageManager
    }

    /// The payload keys, as upstream names them: `runtime`, `database`, `framework`,
    /// `environment`, `systemInfo`, `packageManager`. Undetected values are `null`, never
    /// omitted.
    public var payloadMembers: [String: TelemetryValue] {
        [
            "runtime": runtime,
            "database": database,
            "framework": framework,
            "environment": environment,
            "systemInfo": systemInfo,
            "packageManager": packageManager,
        ]
    }

    /// Runs every detector over `inputs`, off the caller's task: the file reads happen in a
    /// detached task, so an actor or a request handler awaiting this is never blocked on them.
    public static func detect(_ inputs: DetectionInputs) async -> DetectedEnvironment {
        await Task.detached(priority: .utility) { detectSynchronously(inputs) }.value
    }

    /// Runs every detector over `inputs` on the calling thread (the manifests are read once
    /// for both the framework and the database).
    public static func detectSynchronously(_ inputs: DetectionInputs) -> DetectedEnvironment {
        let dependencies = PackageManifest.dependencies(startingAt: inputs.workingDirectory)
        return DetectedEnvironment(
            runtime: RuntimeDetector.detect(inputs),
            database: DatabaseDetector.detect(in: dependencies),
            framework: FrameworkDetector.detect(in: dependencies),
            environment: EnvironmentDetector.detect(inputs),
            systemInfo: SystemInfoDetector.detect(inputs),
            packageManager: PackageManagerDetector.detect(inputs)
        )
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// `payload.environment`: `"production"`, `"ci"`, `"test"` or `"development"`, the first
/// rule that holds winning:
///
/// 1. `SWIFT_ENV` is `production` (trimmed, any case);
/// 2. CI (`RuntimeEnvironment.isCI(environment:)`);
/// 3. a test run (`RuntimeEnvironment.isTestRun(environment:executablePath:)`);
/// 4. otherwise development.
public enum EnvironmentDetector {
    /// The environment of `inputs`.
    public static func detect(_ inputs: DetectionInputs) -> TelemetryValue {
        .string(name(inputs))
    }

    /// The environment's name.
    public static func name(_ inputs: DetectionInputs) -> String {
        if inputs.environment["SWIFT_ENV"]?.trimmingWhitespace().lowercased() == "production" { return "production" }
        if RuntimeEnvironment.isCI(environment: inputs.environment) { return "ci" }
        if RuntimeEnvironment.isTestRun(environment: inputs.environment, executablePath: inputs.executablePath) {
            return "test"
        }
        return "development"
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// `payload.systemInfo`: the machine, as an object with every key of Better Auth's Node build
/// plus rustauth's `isCI`, each `null` when unknown:
///
/// ```json
/// {
///   "deploymentVendor": "fly-io", "systemPlatform": "linux", "systemRelease": "6.8.0-45-generic",
///   "systemArchitecture": "x64", "cpuCount": 8, "cpuModel": "AMD EPYC 7B13", "cpuSpeed": 2450,
///   "memory": 25275981824, "isWSL": false, "isDocker": true, "isTTY": false, "isCI": false
/// }
/// ```
public enum SystemInfoDetector {
    /// The keys of the object, in the order Better Auth lists them.
    public static let keys = [
        "deploymentVendor", "systemPlatform", "systemRelease", "systemArchitecture", "cpuCount", "cpuModel",
        "cpuSpeed", "memory", "isWSL", "isDocker", "isTTY", "isCI",
    ]

    /// The system information of `inputs`.
    public static func detect(_ inputs: DetectionInputs) -> TelemetryValue {
        let system = inputs.system
        return [
            "deploymentVendor": optional(DeploymentVendorDetector.detect(inputs)),
            "systemPlatform": optional(system.platform),
            "systemRelease": optional(system.release),
            "systemArchitecture": optional(system.architecture),
            "cpuCount": optional(system.cpuCount),
            "cpuModel": optional(system.cpuModel),
            "cpuSpeed": optional(system.cpuSpeed),
            "memory": optional(system.memory),
            "isWSL": .bool(ContainerDetector.isWSL(system)),
            "isDocker": .bool(ContainerDetector.isDocker(system)),
            "isTTY": inputs.standardOutputIsTerminal.map(TelemetryValue.bool) ?? .null,
            "isCI": .bool(RuntimeEnvironment.isCI(environment: inputs.environment)),
        ]
    }

    private static func optional(_ value: String?) -> TelemetryValue {
        value.map(TelemetryValue.string) ?? .null
    }

    private static func optional(_ value: Int?) -> TelemetryValue {
        value.map(TelemetryValue.int) ?? .null
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// `payload.runtime`: `{"name": "swift", "version": <compiler version>}`.
///
/// The version is the compiler that built the library (see CompilerVersion), e.g.
/// `{"name": "swift", "version": "6.3.1"}`; `null` only if it is unknown.
public enum RuntimeDetector {
    /// The runtime of `inputs` (its DetectionInputs/compilerVersion).
    public static func detect(_ inputs: DetectionInputs) -> TelemetryValue {
        ["name": "swift", "version": inputs.compilerVersion.map(TelemetryValue.string) ?? .null]
    }
}

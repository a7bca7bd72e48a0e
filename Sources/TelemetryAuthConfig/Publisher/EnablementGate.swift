//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// The environment switches of one tool and the decision whether its publisher collects.
struct EnablementGate {
    let tool: String
    let environment: [String: String]
    let prefix: String

    init(tool: String, environment: [String: String]) {
        self.tool = tool
        self.environment = environment
        self.prefix = String(tool.uppercased().map { $0 == "-" || $0 == "." ? "_" : $0 })
    }

    /// `<TOOL>_TELEMETRY_DEBUG` is true (strict parsing).
    var debugSwitch: Bool { EnvironmentBoolean("\(prefix)_TELEMETRY_DEBUG", in: environment).isTrue }

    /// `<TOOL>_TELEMETRY_ENDPOINT`, or `nil` when unset or blank (upstream: empty = none).
    var endpoint: String? {
        guard let value = environment["\(prefix)_TELEMETRY_ENDPOINT"] else { return nil }
        let trimmed = String(value.trimmingWhitespaceAndNewlines())
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whether to collect (DESIGN section 3; interim: environment, tests and options).
    func isEnabled(optionsEnabled: Bool?, skipTestCheck: Bool) -> Bool {
        if EnvironmentBoolean("DO_NOT_TRACK", in: environment).isTrue { return false }
        let toolSwitch = EnvironmentBoolean("\(prefix)_TELEMETRY", in: environment)
        if toolSwitch.isFalse { return false }
        if !skipTestCheck && RuntimeEnvironment.isTestRun(environment: environment) { return false }
        if toolSwitch.isTrue { return true }
        return optionsEnabled == true
    }
}

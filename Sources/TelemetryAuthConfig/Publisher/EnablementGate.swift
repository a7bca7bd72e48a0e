//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// The environment switches of one tool, and the consent decision for its publisher.
///
/// The debug switch and the endpoint are read from the injected environment only: they decide
/// the hard no-op, which must touch nothing else. The consent file is read only by
/// `decide(optionsEnabled:skipTestCheck:executablePath:)`, after a destination exists.
struct EnablementGate {
    let tool: String
    let environment: [String: String]
    /// `SWIFT_AUTH` for `swift-auth`, as `TelemetryConsent` derives it.
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

    /// The consent decision of DESIGN section 3 (environment, consent file, test run, options).
    /// An invalid tool name fails closed: disabled, with the reason.
    func decide(optionsEnabled: Bool?, skipTestCheck: Bool, executablePath: String?) -> TelemetryDecision {
        do {
            let consent = try TelemetryConsent(tool: tool, environment: environment, executablePath: executablePath)
            return consent.decide(optionsEnabled: optionsEnabled, skipTestCheck: skipTestCheck)
        } catch {
            return TelemetryDecision(policy: .disabled, source: .default, reason: "the tool name is invalid", diagnostics: [error.description])
        }
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

extension TelemetryConsent {
    /// Decides whether telemetry is collected, and says why.
    ///
    /// The first matching row wins; opt-outs beat opt-ins, and the user beats the author:
    ///
    /// | # | condition | result | source |
    /// |---|---|---|---|
    /// | 1 | `DO_NOT_TRACK` is true | disabled | ``TelemetryDecision/Source/doNotTrack`` |
    /// | 2 | `<TOOL>_TELEMETRY` is false | disabled | ``TelemetryDecision/Source/environment`` |
    /// | 3 | the consent file says disabled | disabled | ``TelemetryDecision/Source/consentFile`` |
    /// | 4 | a test run, and not `skipTestCheck` | disabled | ``TelemetryDecision/Source/testRun`` |
    /// | 5 | `<TOOL>_TELEMETRY` is true | enabled | ``TelemetryDecision/Source/environment`` |
    /// | 6 | the consent file says enabled | enabled | ``TelemetryDecision/Source/consentFile`` |
    /// | 7 | `optionsEnabled == true` | enabled | ``TelemetryDecision/Source/options`` |
    /// | 8 | otherwise | disabled | ``TelemetryDecision/Source/default`` |
    ///
    /// A value that is not a boolean (`MY_CLI_TELEMETRY=maybe`), a corrupt consent file or one of
    /// an unknown version never enables anything: it is ignored and reported in
    /// ``TelemetryDecision/diagnostics``. Reads the consent file; never throws.
    ///
    /// - Parameters:
    ///   - optionsEnabled: What the host's own options say (`nil`: nothing).
    ///   - skipTestCheck: Collect even in a test run (for tests of the telemetry itself).
    public func decide(optionsEnabled: Bool? = nil, skipTestCheck: Bool = false) -> TelemetryDecision {
        var diagnostics: [String] = []
        var opinions: [Opinion] = []

        let doNotTrack = EnvironmentBoolean("DO_NOT_TRACK", in: environment)
        let doNotTrackText = "DO_NOT_TRACK=\(environment["DO_NOT_TRACK"] ?? "")"
        switch doNotTrack {
        case .true: opinions.append(Opinion(row: 1, source: .doNotTrack, policy: .disabled, reason: "\(doNotTrackText) is set", summary: doNotTrackText))
        case .invalid(let raw): diagnostics.append(Self.invalidValue("DO_NOT_TRACK", raw))
        case .false, .unset: break
        }

        let switchName = variables.telemetry
        let switchText = "\(switchName)=\(environment[switchName] ?? "")"
        switch environmentSwitch {
        case .false: opinions.append(Opinion(row: 2, source: .environment, policy: .disabled, reason: "\(switchText) is set", summary: switchText))
        case .true: opinions.append(Opinion(row: 5, source: .environment, policy: .enabled, reason: "\(switchText) is set", summary: switchText))
        case .invalid(let raw): diagnostics.append(Self.invalidValue(switchName, raw))
        case .unset: break
        }

        let stored = storedRecord()
        if let problem = stored.problem { diagnostics.append(problem) }
        if let record = stored.record, let state = record.state {
            let since = record.decidedAt.map { " since \(Timestamp.format($0))" } ?? ""
            opinions.append(
                Opinion(
                    row: state == .disabled ? 3 : 6,
                    source: .consentFile,
                    policy: state == .disabled ? .disabled : .enabled,
                    reason: "the consent file says \(state.rawValue)\(since)",
                    summary: "the consent file, which says \(state.rawValue)"
                )
            )
        }

        if !skipTestCheck, isTestRun {
            opinions.append(
                Opinion(row: 4, source: .testRun, policy: .disabled, reason: "this is a test run (swift test, SWIFT_ENV=test or TEST)", summary: "the test-run check")
            )
        }

        switch optionsEnabled {
        case true?: opinions.append(Opinion(row: 7, source: .options, policy: .enabled, reason: "the host's options enable it", summary: "the host's options, which say enabled"))
        case false?: opinions.append(Opinion(row: 9, source: .default, policy: .disabled, reason: "the host's options disable it", summary: "the host's options, which say disabled"))
        case nil: break
        }

        opinions.sort { $0.row < $1.row }
        let winner =
            opinions.first { $0.row <= 7 }
            ?? Opinion(
                row: 8,
                source: .default,
                policy: .disabled,
                reason: optionsEnabled == false ? "the host's options disable it, and nothing enables it" : "telemetry is off unless it is enabled",
                summary: ""
            )
        let overridden = opinions.filter { $0.row > winner.row && $0.policy != winner.policy }.map(\.summary)
        return TelemetryDecision(
            policy: winner.policy,
            source: winner.source,
            reason: winner.reason,
            overridden: overridden,
            diagnostics: diagnostics
        )
    }

    /// What one source says, and where it stands in the table.
    private struct Opinion {
        var row: Int
        var source: TelemetryDecision.Source
        var policy: CollectionPolicy
        var reason: String
        var summary: String
    }

    private static func invalidValue(_ name: String, _ raw: String) -> String {
        "\(name)=\(raw.debugDescription) is not a boolean (use 1, true, yes, on or 0, false, no, off); it is ignored"
    }
}

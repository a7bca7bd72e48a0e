//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The outcome of consent resolution: whether telemetry is collected, which source decided, and
/// why, with what the lower-precedence sources said.
///
/// ``TelemetryConsent/decide(optionsEnabled:skipTestCheck:)`` produces it; `telemetry status`
/// prints it, so that a user who sees "disabled" also sees *what* disabled it:
///
/// ```
/// disabled: DO_NOT_TRACK=1 is set (overrides the consent file, which says enabled)
/// ```
public struct TelemetryDecision: Sendable, Hashable, CustomStringConvertible {
    /// The source that decided, in order of precedence (see ``TelemetryConsent/decide(optionsEnabled:skipTestCheck:)``).
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// The administrator's machine-wide policy turns telemetry off.
        case adminPolicy
        /// `DO_NOT_TRACK` is set (to anything but an explicit false): the cross-tool opt-out.
        case doNotTrack
        /// `<TOOL>_TELEMETRY` is true or false.
        case environment
        /// The user's stored decision (`telemetry enable` / `telemetry disable`).
        case consentFile
        /// The process runs under tests (`swift test`, `SWIFT_ENV=test`, `TEST`).
        case testRun
        /// The host's own options (the author's choice, below every user's choice).
        case options
        /// Nothing said anything: telemetry is off.
        case `default`
    }

    /// Whether events are collected.
    public var policy: CollectionPolicy
    /// The source that decided.
    public var source: Source
    /// Why, in plain English, for example `DO_NOT_TRACK=1 is set`.
    public var reason: String
    /// What lower-precedence sources said that disagrees with the decision, in plain English,
    /// for example `the consent file, which says enabled`. Empty when nothing was overridden.
    public var overridden: [String]
    /// Problems found on the way, for example an invalid `<TOOL>_TELEMETRY` value or a corrupt
    /// consent file. None of them ever enables collection; show them to the user on stderr.
    public var diagnostics: [String]

    /// Creates a decision.
    ///
    /// - Parameters:
    ///   - policy: Whether events are collected.
    ///   - source: The source that decided.
    ///   - reason: Why, in plain English.
    ///   - overridden: What lower-precedence sources said that disagrees.
    ///   - diagnostics: Problems found while deciding.
    public init(
        policy: CollectionPolicy,
        source: Source,
        reason: String,
        overridden: [String] = [],
        diagnostics: [String] = []
    ) {
        self.policy = policy
        self.source = source
        self.reason = reason
        self.overridden = overridden
        self.diagnostics = diagnostics
    }

    /// `<policy>: <reason>`, followed by `(overrides …)` when lower-precedence sources disagreed.
    public var description: String {
        var text = "\(policy): \(reason)"
        if !overridden.isEmpty {
            text += " (overrides \(Self.list(overridden)))"
        }
        return text
    }

    /// `a`, `a and b`, `a; b and c`: items may hold commas themselves, so longer lists use `;`.
    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: "; ") + " and " + items.last!
    }
}

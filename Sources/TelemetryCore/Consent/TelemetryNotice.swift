//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The first-run notice a host shows its users: once per notice version, on stderr, only to a
/// person at a terminal.
///
/// The front door (`TelemetryContext.standard(tool:toolVersion:configuration:)`) shows it for
/// you. A host that resolves consent itself calls:
///
/// ```swift
/// let consent = try TelemetryConsent(tool: "my-cli")
/// TelemetryNotice.standard(for: consent).showIfNeeded(consent: consent)
/// ```
///
/// The notice is not shown when stderr is not a terminal, under CI, in a test run, when
/// `<TOOL>_TELEMETRY_NOTICE` is false, when the user already chose through the environment
/// (`DO_NOT_TRACK` or a valid `<TOOL>_TELEMETRY`), or when this version (or a later one) was
/// already shown. Showing it is remembered in the consent file's `noticeVersion`; it never
/// changes the user's decision. Bump ``version`` when what you collect changes, to show it again.
public struct TelemetryNotice: Sendable, Hashable {
    /// The notice's version; a user sees each version at most once.
    public var version: Int
    /// The text, shown as is (a final newline is added when missing).
    public var text: String

    /// Creates a notice.
    ///
    /// - Parameters:
    ///   - version: The notice's version, 1 or more.
    ///   - text: What to tell the user.
    public init(version: Int = 1, text: String) {
        self.version = version
        self.text = text
    }

    /// A plain notice for an opt-in tool: what it is, how to enable, disable and inspect it.
    ///
    /// - Parameters:
    ///   - consent: The tool's consent.
    ///   - command: The command the tool's users run to manage telemetry: by default
    ///     `<tool> telemetry`, the subcommand group of `TelemetryCommands` mounted in the host.
    ///   - version: The notice's version.
    public static func standard(
        for consent: TelemetryConsent,
        command: String? = nil,
        version: Int = 1
    ) -> TelemetryNotice {
        let tool = consent.tool
        let names = consent.variables
        let command = command ?? "\(tool) telemetry"
        return TelemetryNotice(
            version: version,
            text: """
                \(tool) can send anonymous usage statistics to help its authors. It is off unless you turn it on.
                  enable:  \(command) enable    (or \(names.telemetry)=1)
                  disable: \(command) disable   (or \(names.telemetry)=0, or DO_NOT_TRACK=1)
                  inspect: \(command) status, \(command) preview
                This notice is shown once; \(names.notice)=0 hides it.
                """
        )
    }

    /// Whether the notice would be shown now to `consent`'s user.
    ///
    /// - Parameters:
    ///   - consent: The tool's consent (environment and consent file).
    ///   - isTerminal: Whether stderr is a terminal.
    public func shouldShow(consent: TelemetryConsent, isTerminal: Bool) -> Bool {
        guard isTerminal, !consent.isCI, !consent.isTestRun else { return false }
        let environment = consent.environment
        if EnvironmentBoolean(consent.variables.notice, in: environment) == .false { return false }
        // A user who already chose through the environment needs no notice.
        if EnvironmentBoolean("DO_NOT_TRACK", in: environment).optsOut { return false }
        switch consent.environmentSwitch {
        case .true, .false: return false
        case .unset, .invalid: break
        }
        let shown = consent.store.read().record?.noticeVersion ?? 0
        return shown < version
    }

    /// Shows the notice when ``shouldShow(consent:isTerminal:)`` says so, and remembers it.
    ///
    /// If the consent file cannot be written the notice is still shown (and will be again);
    /// nothing is thrown, so a host can call this unconditionally at start-up.
    ///
    /// - Parameters:
    ///   - consent: The tool's consent.
    ///   - isTerminal: Whether stderr is a terminal; ``standardErrorIsTerminal`` by default.
    /// - Returns: Whether the notice was shown.
    @discardableResult
    public func showIfNeeded(
        consent: TelemetryConsent,
        isTerminal: Bool = TelemetryNotice.standardErrorIsTerminal
    ) -> Bool {
        showIfNeeded(consent: consent, isTerminal: isTerminal, output: StandardError.write)
    }

    /// ``showIfNeeded(consent:isTerminal:)`` writing to `output` (tests capture it).
    @discardableResult
    func showIfNeeded(consent: TelemetryConsent, isTerminal: Bool, output: (String) -> Void) -> Bool {
        guard shouldShow(consent: consent, isTerminal: isTerminal) else { return false }
        output(text.hasSuffix("\n") ? text : text + "\n")
        try? consent.store.recordNoticeShown(version: version)
        return true
    }

    /// Whether the process's stderr is a terminal.
    public static var standardErrorIsTerminal: Bool {
        isatty(2) != 0
    }
}

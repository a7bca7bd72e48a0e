//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// What binds ``TelemetryCommand`` to the tool that mounts it.
///
/// A host names itself once, and its users run `mytool telemetry status`, `enable`, `disable`,
/// `reset`, `preview`, `audit` and `tail` for exactly that tool:
///
/// ```swift
/// import ArgumentParser
/// import TelemetryCommands
///
/// enum MyToolTelemetry: TelemetryCommandHost {
///     static let tool = "mytool"
/// }
///
/// @main struct MyTool: ParsableCommand {
///     static let configuration = CommandConfiguration(
///         subcommands: [Build.self, TelemetryCommand<MyToolTelemetry>.self]
///     )
/// }
/// ```
///
/// Keep these values equal to the ones the tool gives `TelemetryContext.standard(tool:toolVersion:configuration:)`,
/// so that the commands read and change the consent the tool's events obey.
public protocol TelemetryCommandHost: Sendable {
    /// The tool's name (`mytool`).
    static var tool: String { get }
    /// The name whose consent the tool follows: its family's (`foo` for `foo-lsp`), or the
    /// tool's own. Defaults to ``tool``.
    static var consentTool: String { get }
    /// How users reach these commands, for the notice and messages. Defaults to
    /// `"<tool> telemetry"`.
    static var commandPath: String { get }
    /// The endpoint the tool sends to when `<TOOL>_TELEMETRY_ENDPOINT` is not set, for `status`
    /// (only its origin is shown). Defaults to `nil`.
    static var defaultEndpoint: String? { get }
    /// Whether the commands take `--tool NAME` instead of being bound to ``tool`` (the
    /// standalone `telemetry` executable). Defaults to `false`.
    static var takesToolOption: Bool { get }
    /// The tool's own opt-in, as it passes `Configuration.optionsEnabled` to the front door, so
    /// that `status` and `preview` decide as the tool does. Defaults to `nil` (none).
    static var optionsEnabled: Bool? { get }
    /// What `preview` prints: the default shows what every event of the tool carries (tool,
    /// machine id, destination) and the latest events of its local copy, sending nothing.
    ///
    /// - Parameters:
    ///   - consent: The consent of the tool being previewed; `nil` only for the standalone
    ///     command run without `--tool`.
    ///   - json: Whether `--json` was given.
    static func preview(consent: TelemetryConsent?, json: Bool) async -> String
}

extension TelemetryCommandHost {
    /// The tool's own name.
    public static var consentTool: String { tool }
    /// `"<tool> telemetry"`.
    public static var commandPath: String { "\(tool) telemetry" }
    /// None.
    public static var defaultEndpoint: String? { nil }
    /// Bound to ``tool``.
    public static var takesToolOption: Bool { false }
    /// None: the user's consent alone decides.
    public static var optionsEnabled: Bool? { nil }

    /// The identity every event carries, and the latest events of the local copy.
    public static func preview(consent: TelemetryConsent?, json: Bool) async -> String {
        guard let consent else { return "pass --tool NAME to preview what that tool sends" }
        return StandardPreview.text(
            consent: consent,
            defaultEndpoint: defaultEndpoint,
            isEnabled: consent.decide(optionsEnabled: optionsEnabled).policy == .enabled,
            json: json
        )
    }
}

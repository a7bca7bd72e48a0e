//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Whether one tool may collect telemetry, and why: the precedence table over the
/// administrator's policy, the environment, the user's stored decision and the host's options.
///
/// ```swift
/// let consent = try TelemetryConsent(tool: "my-cli")
/// let decision = consent.decide()       // policy + source + reason + what it overrode
/// print(decision)                       // "disabled: DO_NOT_TRACK=1 is set (overrides the consent file, which says enabled)"
/// ```
///
/// The stored decision lives in a ``ConsentStore``; the environment variables are the tool's
/// ``TelemetryVariables``. Every read goes through the injected ``environment``, so tests never
/// touch the process's. Most tools never create one: the front door in `TelemetrySinks`
/// resolves consent for them.
public struct TelemetryConsent: Sendable {
    /// The tool's name, a slug such as `my-cli`.
    public var tool: String { store.tool }
    /// The environment every decision reads.
    public let environment: [String: String]
    /// The tool's environment variable names.
    public let variables: TelemetryVariables
    /// Where the user's decision is stored.
    public let store: ConsentStore
    /// The path of the running executable, for test-run detection.
    let executablePath: String?
    /// Where the administrator's policy is looked for.
    let adminPolicyPaths: [String]

    /// Creates the consent of `tool`.
    ///
    /// - Parameters:
    ///   - tool: The tool's name: 1 to 64 characters of `a`–`z`, `0`–`9`, `.`, `_`, `-`,
    ///     starting with a letter or digit (it names a directory, so no `/` and no `..`).
    ///   - environment: The environment to read; the process environment by default.
    ///   - stateDirectory: The base state directory, replacing ``StateDirectory/base(environment:)``.
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` when `tool` is not a valid name.
    public init(
        tool: String,
        environment: [String: String] = RuntimeEnvironment.processEnvironment,
        stateDirectory: String? = nil
    ) throws(TelemetryError) {
        try self.init(
            tool: tool,
            environment: environment,
            stateDirectory: stateDirectory,
            executablePath: CommandLine.arguments.first,
            adminPolicyPaths: AdminPolicy.standardPaths
        )
    }

    /// Creates the consent of `tool` with an explicit executable path (for test-run detection)
    /// and administrator policy locations: for the publisher, whose host may relocate both.
    package init(
        tool: String,
        environment: [String: String],
        stateDirectory: String?,
        executablePath: String?,
        adminPolicyPaths: [String]
    ) throws(TelemetryError) {
        self.store = try ConsentStore(tool: tool, environment: environment, stateDirectory: stateDirectory)
        self.environment = environment
        self.variables = TelemetryVariables(tool: tool)
        self.executablePath = executablePath
        self.adminPolicyPaths = adminPolicyPaths
    }

    // MARK: - Environment

    /// Whether the process runs under CI (see ``RuntimeEnvironment/isCI(environment:)``).
    public var isCI: Bool { RuntimeEnvironment.isCI(environment: environment) }

    /// Whether the process is a test run (see ``RuntimeEnvironment/isTestRun(environment:executablePath:)``).
    public var isTestRun: Bool {
        RuntimeEnvironment.isTestRun(environment: environment, executablePath: executablePath)
    }

    /// `<TOOL>_TELEMETRY`, parsed strictly.
    public var environmentSwitch: EnvironmentBoolean {
        EnvironmentBoolean(variables.telemetry, in: environment)
    }

    /// `<TOOL>_TELEMETRY_DEBUG`, parsed strictly.
    public var debugSwitch: EnvironmentBoolean {
        EnvironmentBoolean(variables.debug, in: environment)
    }

    /// `<TOOL>_TELEMETRY_ENDPOINT` exactly as set (an empty value is returned as is: upstream
    /// treats a set-but-empty endpoint as "send nothing"), or `nil` when unset.
    public var endpointOverride: String? {
        environment[variables.endpoint]
    }

    // MARK: - Decision

    /// Decides whether telemetry is collected, and says why.
    ///
    /// The first matching row wins; opt-outs beat opt-ins, and the user beats the author:
    ///
    /// | # | condition | result | source |
    /// |---|---|---|---|
    /// | 1 | the administrator's policy turns it off | disabled | ``TelemetryDecision/Source/adminPolicy`` |
    /// | 2 | `DO_NOT_TRACK` is set to anything but `0`/`false`/`no`/`off` or empty | disabled | ``TelemetryDecision/Source/doNotTrack`` |
    /// | 3 | `<TOOL>_TELEMETRY` is false | disabled | ``TelemetryDecision/Source/environment`` |
    /// | 4 | the consent file says disabled | disabled | ``TelemetryDecision/Source/consentFile`` |
    /// | 5 | a test run, and not `skipTestCheck` | disabled | ``TelemetryDecision/Source/testRun`` |
    /// | 6 | `<TOOL>_TELEMETRY` is true | enabled | ``TelemetryDecision/Source/environment`` |
    /// | 7 | a trusted consent file says enabled | enabled | ``TelemetryDecision/Source/consentFile`` |
    /// | 8 | `optionsEnabled == true` | enabled | ``TelemetryDecision/Source/options`` |
    /// | 9 | otherwise | disabled | ``TelemetryDecision/Source/default`` |
    ///
    /// An opt-in value that is not a boolean (`MY_CLI_TELEMETRY=maybe`), a corrupt consent file,
    /// one of an unknown version, or an opt-in from a file whose provenance does not prove the
    /// user wrote it (see ``ConsentStore``) never enables anything: it is ignored and reported in
    /// ``TelemetryDecision/diagnostics``. Reads the policy and consent files; never throws.
    ///
    /// - Parameters:
    ///   - optionsEnabled: What the host's own options say (`nil`: nothing).
    ///   - skipTestCheck: Collect even in a test run (for tests of the telemetry itself).
    public func decide(optionsEnabled: Bool? = nil, skipTestCheck: Bool = false) -> TelemetryDecision {
        var diagnostics: [String] = []
        var opinions: [Opinion] = []

        if let admin = AdminPolicy.disabling(tool: tool, paths: adminPolicyPaths) {
            opinions.append(
                Opinion(
                    row: 1,
                    source: .adminPolicy,
                    policy: .disabled,
                    reason: admin.reason,
                    summary: "the administrator's policy"
                )
            )
            if let problem = admin.problem { diagnostics.append(problem) }
        }

        let doNotTrack = EnvironmentBoolean("DO_NOT_TRACK", in: environment)
        if doNotTrack.optsOut {
            let text = "DO_NOT_TRACK=\(environment["DO_NOT_TRACK"] ?? "")"
            let reason =
                doNotTrack == .true
                ? "\(text) is set" : "\(text) is set (any value but 0, false, no, off or empty opts out)"
            opinions.append(Opinion(row: 2, source: .doNotTrack, policy: .disabled, reason: reason, summary: text))
        }

        let switchText = "\(variables.telemetry)=\(environment[variables.telemetry] ?? "")"
        switch environmentSwitch {
        case .false:
            opinions.append(
                Opinion(
                    row: 3,
                    source: .environment,
                    policy: .disabled,
                    reason: "\(switchText) is set",
                    summary: switchText
                )
            )
        case .true:
            opinions.append(
                Opinion(
                    row: 6,
                    source: .environment,
                    policy: .enabled,
                    reason: "\(switchText) is set",
                    summary: switchText
                )
            )
        case .invalid(let raw): diagnostics.append(Self.invalidValue(variables.telemetry, raw))
        case .unset: break
        }

        let stored = store.read()
        diagnostics.append(contentsOf: stored.problems)
        if let state = stored.effectiveState {
            let since = stored.record?.decidedAt.map { " since \(Timestamp.format($0))" } ?? ""
            opinions.append(
                Opinion(
                    row: state == .disabled ? 4 : 7,
                    source: .consentFile,
                    policy: state == .disabled ? .disabled : .enabled,
                    reason: "the consent file says \(state.rawValue)\(since)",
                    summary: "the consent file, which says \(state.rawValue)"
                )
            )
        }

        if !skipTestCheck, isTestRun {
            opinions.append(
                Opinion(
                    row: 5,
                    source: .testRun,
                    policy: .disabled,
                    reason: "this is a test run (swift test, SWIFT_ENV=test or TEST)",
                    summary: "the test-run check"
                )
            )
        }

        switch optionsEnabled {
        case true?:
            opinions.append(
                Opinion(
                    row: 8,
                    source: .options,
                    policy: .enabled,
                    reason: "the host's options enable it",
                    summary: "the host's options, which say enabled"
                )
            )
        case false?:
            opinions.append(
                Opinion(
                    row: 10,
                    source: .default,
                    policy: .disabled,
                    reason: "the host's options disable it",
                    summary: "the host's options, which say disabled"
                )
            )
        case nil: break
        }

        opinions.sort { $0.row < $1.row }
        let winner =
            opinions.first { $0.row <= 8 }
            ?? Opinion(
                row: 9,
                source: .default,
                policy: .disabled,
                reason: optionsEnabled == false
                    ? "the host's options disable it, and nothing enables it" : "telemetry is off unless it is enabled",
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

    // MARK: - Changing the stored decision

    /// Stores the user's opt-in.
    ///
    /// - Parameter noticeVersion: The version of the notice the user saw when enabling.
    /// - Throws: ``TelemetryError/Code/consent`` under CI (CI machines are shared and
    ///   ephemeral; nothing is written), ``TelemetryError/Code/io`` when the file cannot be
    ///   written.
    public func enable(noticeVersion: Int = 0) throws(TelemetryError) {
        if isCI {
            let set = RuntimeEnvironment.ciVariables.filter { environment[$0] != nil }
            throw TelemetryError(
                code: .consent,
                message:
                    "refusing to enable telemetry for \(tool) under CI (\(set.joined(separator: ", ")) set): a CI machine is shared and ephemeral, so nothing was written. To collect telemetry in CI anyway, set \(variables.telemetry)=1 in the job's environment."
            )
        }
        try store.enable(noticeVersion: noticeVersion)
    }

    // MARK: - Machine id

    /// The salt used when a host passes none: `<tool>.telemetry.v1`. `telemetry status` shows
    /// the machine id for this salt.
    public var defaultSalt: String { "\(tool).telemetry.v1" }

    /// The anonymous machine id this tool's events carry for `salt` (``defaultSalt`` by
    /// default): the host's salted id with the consent file's rotation material mixed in (so
    /// that ``ConsentStore/reset()`` changes it), or, in a CI run, the one fixed id of the CI
    /// vendor (so that ephemeral CI machines never count as new machines).
    public func machineId(salt: String? = nil) -> String {
        let salt = salt ?? defaultSalt
        if let vendor = RuntimeEnvironment.continuousIntegrationVendor(environment: environment) {
            return MachineId.derive(salt: salt, continuousIntegrationVendor: vendor)
        }
        return MachineId.derive(salt: salt, rotation: store.read().record?.rotation)
    }
}

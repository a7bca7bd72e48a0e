//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import struct Foundation.Date

/// One tool's consent: the environment switches, the stored decision, and the resolution
/// between them, with provenance.
///
/// ```swift
/// let consent = try TelemetryConsent(tool: "my-cli")
/// let decision = consent.decide()                 // policy + source + reason
/// let context = consent.makeContext(toolVersion: "1.2.0", sink: try FileSink(path: "…"),
///                                   decision: decision)
/// try await context.record("command_run", attributes: ["command": "build"])
/// ```
///
/// The tool's name (`my-cli`) gives the environment variables (`MY_CLI_TELEMETRY`,
/// `MY_CLI_TELEMETRY_DEBUG`, `MY_CLI_TELEMETRY_ENDPOINT`, `MY_CLI_TELEMETRY_DIR`,
/// `MY_CLI_TELEMETRY_NOTICE`) and the consent file, `<state dir>/my-cli/telemetry.json` (see
/// ``ConsentRecord`` for its format).
///
/// Every read goes through the injected ``environment``, so tests never touch the process's.
public struct TelemetryConsent: Sendable {
    /// The names of a tool's environment variables.
    public struct VariableNames: Sendable, Hashable {
        /// `<TOOL>_TELEMETRY`: the switch (`1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off`).
        public var telemetry: String
        /// `<TOOL>_TELEMETRY_DEBUG`: print events instead of sending them.
        public var debug: String
        /// `<TOOL>_TELEMETRY_ENDPOINT`: the collector URL.
        public var endpoint: String
        /// `<TOOL>_TELEMETRY_DIR`: the directory that holds `telemetry.json`.
        public var directory: String
        /// `<TOOL>_TELEMETRY_NOTICE`: `0` hides the first-run notice without changing consent.
        public var notice: String

        init(prefix: String) {
            telemetry = prefix + "_TELEMETRY"
            debug = prefix + "_TELEMETRY_DEBUG"
            endpoint = prefix + "_TELEMETRY_ENDPOINT"
            directory = prefix + "_TELEMETRY_DIR"
            notice = prefix + "_TELEMETRY_NOTICE"
        }
    }

    /// The name of the consent file inside the tool's directory.
    public static let consentFileName = "telemetry.json"

    /// The tool's name, a slug such as `my-cli`.
    public let tool: String
    /// The environment every decision reads.
    public let environment: [String: String]
    /// The path of the running executable, for test-run detection.
    public let executablePath: String?
    /// The environment variable prefix: the tool's name upper-cased, `-` and `.` as `_`
    /// (`my-cli` → `MY_CLI`).
    public let environmentPrefix: String
    /// The tool's environment variable names.
    public let variables: VariableNames
    /// The consent file: `$<TOOL>_TELEMETRY_DIR/telemetry.json` when that variable is set, else
    /// `<state dir>/<tool>/telemetry.json`; `nil` when there is neither a home directory nor an
    /// override (the tool then has no stored decision and cannot store one).
    public let consentFilePath: String?

    /// Creates the consent of `tool`.
    ///
    /// - Parameters:
    ///   - tool: The tool's name: 1 to 64 characters of `a`–`z`, `0`–`9`, `.`, `_`, `-`,
    ///     starting with a letter or digit (it names a directory, so no `/` and no `..`).
    ///   - environment: The environment to read; the process environment by default.
    ///   - stateDirectory: The base state directory, replacing ``StateDirectory/base(environment:)``
    ///     (the XDG config directory on Linux, Application Support on macOS).
    ///   - executablePath: The running executable's path, for test-run detection; the real one
    ///     by default.
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` when `tool` is not a valid name.
    public init(
        tool: String,
        environment: [String: String] = RuntimeEnvironment.processEnvironment,
        stateDirectory: String? = nil,
        executablePath: String? = CommandLine.arguments.first
    ) throws(TelemetryError) {
        try Self.validate(tool: tool)
        self.tool = tool
        self.environment = environment
        self.executablePath = executablePath
        let prefix = String(tool.uppercased().map { $0 == "-" || $0 == "." ? "_" : $0 })
        self.environmentPrefix = prefix
        let variables = VariableNames(prefix: prefix)
        self.variables = variables
        if let directory = environment[variables.directory], !directory.isEmpty {
            self.consentFilePath = Self.join(directory, Self.consentFileName)
        } else if let base = stateDirectory ?? StateDirectory.base(environment: environment) {
            self.consentFilePath = Self.join(Self.join(base, tool), Self.consentFileName)
        } else {
            self.consentFilePath = nil
        }
    }

    /// Checks that `tool` is a safe name: it becomes a directory name and an environment prefix.
    ///
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` saying what is wrong.
    public static func validate(tool: String) throws(TelemetryError) {
        let bytes = Array(tool.utf8)
        func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        let valid =
            !bytes.isEmpty && bytes.count <= 64 && isLowerAlphanumeric(bytes[0])
            && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
            && !tool.contains("..")
        guard valid else {
            throw TelemetryError(
                code: .invalidConfiguration,
                message: "invalid tool name \(tool.debugDescription): use 1 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit, for example \"my-cli\"."
            )
        }
    }

    // MARK: - Environment

    /// Whether the process runs under CI (see ``RuntimeEnvironment/isCI(environment:)``).
    public var isCI: Bool { RuntimeEnvironment.isCI(environment: environment) }

    /// Whether the process is a test run (see ``RuntimeEnvironment/isTestRun(environment:executablePath:)``).
    public var isTestRun: Bool {
        RuntimeEnvironment.isTestRun(environment: environment, executablePath: executablePath)
    }

    /// `<TOOL>_TELEMETRY`, parsed.
    public var environmentSwitch: EnvironmentBoolean {
        EnvironmentBoolean(variables.telemetry, in: environment)
    }

    /// `<TOOL>_TELEMETRY_DEBUG`, parsed.
    public var debugSwitch: EnvironmentBoolean {
        EnvironmentBoolean(variables.debug, in: environment)
    }

    /// `<TOOL>_TELEMETRY_ENDPOINT` exactly as set (an empty value is returned as is: upstream
    /// treats a set-but-empty endpoint as "send nothing"), or `nil` when unset.
    public var endpointOverride: String? {
        environment[variables.endpoint]
    }

    // MARK: - Consent file

    /// The stored record, or `nil` when there is no usable file; `problem` says why a file that
    /// exists could not be used (corrupt, unknown version, unreadable). Never throws.
    public func storedRecord() -> (record: ConsentRecord?, problem: String?) {
        guard let path = consentFilePath else { return (nil, nil) }
        guard FileSystem.exists(atPath: path) else { return (nil, nil) }
        guard let bytes = FileSystem.readFile(atPath: path, maxBytes: 64 * 1024) else {
            return (nil, "the consent file \(path) cannot be read (not a regular readable file of at most 64 KiB); it is ignored")
        }
        switch ConsentRecord.decode(bytes) {
        case .success(let record):
            return (record, nil)
        case .failure(let problem):
            return (
                nil,
                "the consent file \(path) is ignored: \(problem.message). Run `telemetry reset --tool \(tool)` to replace it"
            )
        }
    }

    /// Stores the user's opt-in.
    ///
    /// - Parameter noticeVersion: The version of the notice the user saw when enabling.
    /// - Throws: ``TelemetryError/Code/consent`` under CI (CI machines are shared and
    ///   ephemeral; nothing is written), ``TelemetryError/Code/io`` when the file cannot be
    ///   written.
    public func enable(noticeVersion: Int = 0) throws(TelemetryError) {
        if isCI {
            throw TelemetryError(
                code: .consent,
                message: "refusing to enable telemetry for \(tool) under CI (\(ciVariablesSet.joined(separator: ", ")) set): a CI machine is shared and ephemeral, so nothing was written. To collect telemetry in CI anyway, set \(variables.telemetry)=1 in the job's environment."
            )
        }
        try update { record in
            record.state = .enabled
            record.decidedAt = Date()
            record.noticeVersion = max(record.noticeVersion, noticeVersion)
        }
    }

    /// Stores the user's opt-out. Allowed everywhere, CI and containers included.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be written.
    public func disable() throws(TelemetryError) {
        try update { record in
            record.state = .disabled
            record.decidedAt = Date()
        }
    }

    /// Forgets the user's decision and rotates the anonymous machine id: fresh random material
    /// replaces the old, so the new id cannot be linked to the old one.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be written.
    public func reset() throws(TelemetryError) {
        try update { record in
            record.state = nil
            record.decidedAt = nil
            record.rotation = MachineId.randomHexadecimal(byteCount: 16)
        }
    }

    /// Remembers that the first-run notice `version` was shown, without touching the decision.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be written.
    public func recordNoticeShown(version: Int) throws(TelemetryError) {
        try update { record in
            record.noticeVersion = max(record.noticeVersion, version)
        }
    }

    /// Reads the record (a corrupt or unknown one counts as empty), changes it, writes it back
    /// atomically with mode 0600 in a directory of mode 0700.
    private func update(_ change: (inout ConsentRecord) -> Void) throws(TelemetryError) {
        guard let path = consentFilePath else {
            throw TelemetryError(
                code: .io,
                message: "no place to store the telemetry consent of \(tool): there is no home directory. Set HOME or \(variables.directory)."
            )
        }
        var record = storedRecord().record ?? ConsentRecord()
        change(&record)
        try FileSystem.createDirectories(atPath: FileSystem.parentDirectory(of: path), mode: 0o700)
        try FileSystem.writeFileAtomically(atPath: path, bytes: record.encoded(), mode: 0o600)
    }

    private var ciVariablesSet: [String] {
        RuntimeEnvironment.ciVariables.filter { environment[$0] != nil }
    }

    // MARK: - Machine id and context

    /// The salt used when a host passes none: `<tool>.telemetry.v1`. `telemetry status` shows
    /// the machine id for this salt.
    public var defaultSalt: String { "\(tool).telemetry.v1" }

    /// The anonymous machine id for `salt` (``defaultSalt`` by default), with the consent
    /// file's rotation material mixed in, so that ``reset()`` changes it.
    public func machineId(salt: String? = nil) -> String {
        MachineId.derive(salt: Self.rotatedSalt(salt ?? defaultSalt, rotation: storedRecord().record?.rotation))
    }

    /// Builds the context a host records with, from `decision` (``decide(optionsEnabled:skipTestCheck:)``
    /// with no options when `nil`).
    ///
    /// When the decision enables collection, the consent file's rotation material is read now
    /// and mixed into `salt`; the machine id itself is derived lazily, on the first record.
    ///
    /// - Parameters:
    ///   - toolVersion: The tool's version, written into every event.
    ///   - sink: Where events go.
    ///   - salt: The machine-id salt; ``defaultSalt`` by default.
    ///   - decision: The decision to apply; resolved now when `nil`.
    public func makeContext(
        toolVersion: String,
        sink: any TelemetrySink,
        salt: String? = nil,
        decision: TelemetryDecision? = nil
    ) -> TelemetryContext {
        let policy = (decision ?? decide()).policy
        guard policy == .enabled else {
            // A disabled context never calls this; an empty id is still safer than a trap.
            return TelemetryContext(tool: tool, toolVersion: toolVersion, sink: sink, policy: .disabled) { "" }
        }
        let effectiveSalt = Self.rotatedSalt(salt ?? defaultSalt, rotation: storedRecord().record?.rotation)
        return TelemetryContext(tool: tool, toolVersion: toolVersion, sink: sink, policy: .enabled) {
            MachineId.derive(salt: effectiveSalt)
        }
    }

    /// `salt` alone before any reset; `salt ‖ 0x1F ‖ rotation` after one.
    static func rotatedSalt(_ salt: String, rotation: String?) -> String {
        guard let rotation else { return salt }
        return salt + "\u{1F}" + rotation
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

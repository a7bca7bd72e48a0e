//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// FoundationEssentials where it exists: it spares Linux binaries Foundation's ICU data.
#if canImport(FoundationEssentials)
import struct FoundationEssentials.Date
#else
import struct Foundation.Date
#endif

/// Where a tool keeps the user's decision, and the rules for reading and changing it.
///
/// The store owns the tool's state directory, `$<TOOL>_TELEMETRY_DIR` when set, else
/// `<state dir>/<tool>` (the XDG config directory on Linux, Application Support on macOS):
///
/// | file | what |
/// |---|---|
/// | `telemetry.json` | the ``ConsentRecord``, mode 0600 |
/// | `telemetry.json.lock` | the advisory lock every writer holds |
/// | `spool/` | events stored before they are sent (removed on ``disable()`` and ``reset()``) |
/// | `events.jsonl` | the local copy of what was sent (rotated as `events.jsonl.1` …) |
///
/// **Reading** never blocks and never follows a symbolic link: the file is opened with
/// `O_NONBLOCK | O_NOFOLLOW`, must be a regular file of at most 64 KiB, and its provenance is
/// checked the way OpenSSH's `StrictModes` checks a user's files: an opt-in counts only when the
/// file is owned by the current user (or root), not writable by group or others, in a directory
/// owned by the user (or root) that others cannot write. Anything else is reported, and its
/// opt-in ignored. An opt-out counts whatever the file's provenance: only an opt-in needs proof
/// (a symbolic link is then read, for its opt-out only).
///
/// **Writing** is serialized across processes by an advisory lock on `telemetry.json.lock`, so
/// concurrent `enable`, `disable`, `reset` and notice updates never lose one another; each
/// write replaces the file atomically and syncs it and its directory, so a `disable` survives a
/// power loss. A file created from nothing (missing, corrupt or untrusted) gets fresh random
/// rotation material, so a lost file gives a new, unlinkable machine id, never an old one (an
/// opt-out read from an untrusted file is kept).
public struct ConsentStore: Sendable {
    /// The name of the consent file inside the tool's directory.
    public static let fileName = "telemetry.json"
    /// The largest consent file read.
    static let maximumFileSize = 64 * 1024

    /// The tool's name, a slug such as `my-cli`.
    public let tool: String
    /// The tool's state directory, or `nil` when there is neither a home directory nor
    /// `<TOOL>_TELEMETRY_DIR` (the tool then has no stored decision and cannot store one).
    public let directory: String?

    /// Creates the store of `tool`.
    ///
    /// - Parameters:
    ///   - tool: The tool's name (see ``validate(tool:)``).
    ///   - environment: The environment to read `<TOOL>_TELEMETRY_DIR`, `HOME` and
    ///     `XDG_CONFIG_HOME` from; the process environment by default.
    ///   - stateDirectory: The base state directory, replacing ``StateDirectory/base(environment:)``.
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` when `tool` is not a valid name.
    public init(
        tool: String,
        environment: [String: String] = RuntimeEnvironment.processEnvironment,
        stateDirectory: String? = nil
    ) throws(TelemetryError) {
        try Self.validate(tool: tool)
        self.tool = tool
        let variables = TelemetryVariables(tool: tool)
        if let directory = environment[variables.directory], !directory.isEmpty {
            self.directory = directory
        } else if let base = stateDirectory ?? StateDirectory.base(environment: environment) {
            self.directory = FileSystem.join(base, tool)
        } else {
            self.directory = nil
        }
    }

    /// The consent file, `<directory>/telemetry.json`.
    public var path: String? { directory.map { FileSystem.join($0, Self.fileName) } }

    /// The spool directory of store-and-forward delivery, `<directory>/spool`.
    public var spoolDirectory: String? { directory.map { FileSystem.join($0, "spool") } }

    /// The local copy of what the tool sends, `<directory>/events.jsonl` (rotated as
    /// `events.jsonl.1` …): what `telemetry preview` and `telemetry tail` show the user.
    public var localCopyPath: String? { directory.map { FileSystem.join($0, "events.jsonl") } }

    /// Checks that `tool` is a safe name: it becomes a directory name and an environment prefix.
    ///
    /// - Throws: ``TelemetryError/Code/invalidConfiguration`` saying what is wrong.
    public static func validate(tool: String) throws(TelemetryError) {
        let bytes = Array(tool.utf8)
        func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        let valid =
            !bytes.isEmpty && bytes.count <= 64 && isLowerAlphanumeric(bytes[0])
            && bytes.allSatisfy {
                isLowerAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
            && !tool.contains("..")
        guard valid else {
            throw TelemetryError(
                code: .invalidConfiguration,
                message:
                    "invalid tool name \(tool.debugDescription): use 1 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit, for example \"my-cli\"."
            )
        }
    }

    // MARK: - Reading

    /// What the store holds, and whether it can be believed.
    public struct Reading: Sendable, Hashable {
        /// The stored record, or `nil` when there is no usable file.
        public var record: ConsentRecord?
        /// Whether the file's provenance proves the user wrote it (see ``ConsentStore``); an
        /// opt-in counts only when this is `true`.
        public var isTrusted: Bool
        /// Why a file that exists could not be used, or why its opt-in does not count.
        public var problems: [String]

        /// The stored opt-out or trusted opt-in; `nil` for none (or an opt-in that does not count).
        public var effectiveState: ConsentRecord.State? {
            switch record?.state {
            case .disabled?: .disabled
            case .enabled? where isTrusted: .enabled
            default: nil
            }
        }
    }

    /// Reads the consent file. Never throws, never blocks, never follows a symbolic link for an
    /// opt-in.
    public func read() -> Reading {
        guard let path, let directory else { return Reading(record: nil, isTrusted: false, problems: []) }
        let contents: FileSystem.FileContents
        switch FileSystem.readFile(atPath: path, maxBytes: Self.maximumFileSize, followsSymbolicLinks: false) {
        case .success(let read):
            contents = read
        case .failure(.missing):
            return Reading(record: nil, isTrusted: false, problems: [])
        case .failure(.symbolicLink):
            return readThroughLink(path)
        case .failure(let failure):
            return Reading(record: nil, isTrusted: false, problems: ["the consent file \(path) is ignored: \(failure)"])
        }
        switch ConsentRecord.decode(contents.bytes) {
        case .failure(let problem):
            return Reading(
                record: nil,
                isTrusted: false,
                problems: [
                    "the consent file \(path) is ignored: \(problem.message). Run `telemetry reset` for \(tool) to replace it"
                ]
            )
        case .success(let record):
            let distrust = Self.distrust(file: contents, directory: directory)
            var problems: [String] = []
            if let distrust, record.state == .enabled {
                problems.append("the consent file \(path) says enabled, but \(distrust); its opt-in does not count")
            }
            return Reading(record: record, isTrusted: distrust == nil, problems: problems)
        }
    }

    /// A symbolic link at the consent path: its opt-out still counts, its opt-in never does.
    private func readThroughLink(_ path: String) -> Reading {
        let problem = "the consent file \(path) is a symbolic link, which is never trusted for an opt-in"
        guard let bytes = FileSystem.contentsOfFile(atPath: path, maxBytes: Self.maximumFileSize),
            case .success(let record) = ConsentRecord.decode(bytes), record.state == .disabled
        else {
            return Reading(record: nil, isTrusted: false, problems: [problem + "; it is ignored"])
        }
        return Reading(record: record, isTrusted: false, problems: [])
    }

    /// Why a file with these owner and mode bits in `directory` cannot prove an opt-in, or `nil`.
    static func distrust(file: FileSystem.FileContents, directory: String) -> String? {
        let user = FileSystem.effectiveUserID
        if file.owner != user && file.owner != 0 {
            return "it is owned by another user (uid \(file.owner))"
        }
        if file.mode & 0o022 != 0 {
            return "it is writable by group or others (mode \(String(file.mode, radix: 8)))"
        }
        guard let parent = FileSystem.ownerAndMode(atPath: directory) else {
            return "its directory \(directory) cannot be inspected"
        }
        if parent.owner != user && parent.owner != 0 {
            return "its directory \(directory) is owned by another user (uid \(parent.owner))"
        }
        if parent.mode & 0o002 != 0 {
            return "its directory \(directory) is writable by others (mode \(String(parent.mode, radix: 8)))"
        }
        return nil
    }

    // MARK: - Writing

    /// Stores the user's opt-in.
    ///
    /// - Parameter noticeVersion: The version of the notice the user saw when enabling.
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be written.
    public func enable(noticeVersion: Int = 0) throws(TelemetryError) {
        try update { record in
            record.state = .enabled
            record.decidedAt = Date()
            record.noticeVersion = max(record.noticeVersion, noticeVersion)
        }
    }

    /// Stores the user's opt-out, and removes the spool of events not yet sent: after a
    /// `disable`, nothing recorded before it leaves the machine.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be written.
    public func disable() throws(TelemetryError) {
        try update { record in
            record.state = .disabled
            record.decidedAt = Date()
        }
        removeSpool()
    }

    /// Forgets the user's decision and rotates the anonymous **machine id** (not the Better Auth
    /// per-project id, which is derived from the project itself): fresh random material replaces
    /// the old, so the new id cannot be linked to the old one.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be written.
    public func reset() throws(TelemetryError) {
        try update { record in
            record.state = nil
            record.decidedAt = nil
            record.rotation = MachineId.randomHexadecimal(byteCount: 16)
        }
        removeSpool()
    }

    /// Remembers that the first-run notice `version` was shown, without touching the decision.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be written.
    public func recordNoticeShown(version: Int) throws(TelemetryError) {
        try update { record in
            record.noticeVersion = max(record.noticeVersion, version)
        }
    }

    /// Removes the spool directory (events stored for sending). Best effort.
    public func removeSpool() {
        if let spoolDirectory { FileSystem.removeFlatDirectory(atPath: spoolDirectory) }
    }

    /// Reads the record under the lock, changes it, and writes it back atomically and durably.
    ///
    /// A missing, corrupt or untrusted file counts as empty, and an empty record starts with
    /// fresh rotation material.
    private func update(_ change: (inout ConsentRecord) -> Void) throws(TelemetryError) {
        guard let path, let directory else {
            throw TelemetryError(
                code: .io,
                message:
                    "no place to store the telemetry consent of \(tool): there is no home directory. Set HOME or \(TelemetryVariables(tool: tool).directory)."
            )
        }
        try FileSystem.createDirectories(atPath: directory, mode: 0o700)
        try FileSystem.withExclusiveLock(atPath: path + ".lock") { () throws(TelemetryError) in
            let reading = read()
            var record: ConsentRecord
            if let stored = reading.record, reading.isTrusted {
                record = stored
            } else {
                // Nothing trustworthy to build on: start afresh, but never drop an opt-out.
                record = ConsentRecord(rotation: MachineId.randomHexadecimal(byteCount: 16))
                if let stored = reading.record, stored.state == .disabled {
                    record.state = .disabled
                    record.decidedAt = stored.decidedAt
                }
            }
            change(&record)
            try FileSystem.writeFileAtomically(atPath: path, bytes: record.encoded(), mode: 0o600)
        }
    }
}

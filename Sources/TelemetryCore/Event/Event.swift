//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// FoundationEssentials where it exists: it spares Linux binaries Foundation's ICU data.
#if canImport(FoundationEssentials)
public import struct FoundationEssentials.Date
#else
public import struct Foundation.Date
#endif

/// One telemetry event: what happened, in which tool, on which (anonymous) machine, and when.
///
/// Events are plain values. A ``TelemetryContext`` builds them for you from its tool name,
/// version and salted machine id; sinks receive them and encode them with ``EventEncoder``.
///
/// The JSON form, one line per event in a JSONL file, always has the same keys in the same
/// order, so the same event always encodes to the same bytes:
///
/// ```json
/// {"schema":1,"name":"command_run","tool":"my-cli","tool_version":"1.2.0","machine_id":"3f9a…","timestamp_utc":"2026-11-23T09:30:00.000Z","event_id":"9c1e…","attrs":{"command":"build"}}
/// ```
///
/// Two ids, two meanings:
/// - ``machineId`` is the **per-machine** salted id (``MachineId``), the same for every event of
///   one tool on one machine until the user runs `telemetry reset`;
/// - ``projectId`` is the **per-project** id of the Better Auth contract (its `anonymousId`),
///   set only on the events of the Better Auth publisher; `reset` does not change it.
///
/// ``id`` is neither: it names one event, so that a collector can drop a duplicate when an
/// event is delivered twice (store-and-forward delivers at least once).
///
/// > Important: Attributes leave the process. Record stable, enumerated values (a command
/// > name, a count, a flag), never free text, paths, URLs, e-mail addresses or secrets.
public struct Event: Sendable {
    /// The version of the event JSON schema that ``EventEncoder`` writes in the `schema` key.
    public static let schemaVersion = 1

    /// The event's name, for example `"command_run"`.
    public var name: String
    /// The name of the tool that recorded the event, for example `"my-cli"`.
    public var tool: String {
        get { identity.tool }
        set { identity = identity.with(tool: newValue) }
    }
    /// The version of the tool that recorded the event.
    public var toolVersion: String {
        get { identity.toolVersion }
        set { identity = identity.with(toolVersion: newValue) }
    }
    /// The salted SHA-256 machine id, as 64 lowercase hex digits. Never a raw machine id.
    public var machineId: String {
        get { identity.machineId }
        set { identity = identity.with(machineId: newValue) }
    }
    /// The operating system of the recording tool (`os`): `linux`, `macos`, `ios`, … A context
    /// sets it to the one it runs on; `nil` for an event built by hand without it.
    public var operatingSystem: String? {
        get { identity.operatingSystem }
        set { identity = identity.with(operatingSystem: .some(newValue)) }
    }
    /// The processor architecture of the recording tool (`arch`): `x86_64`, `arm64`, … A context
    /// sets it to the one it runs on; `nil` for an event built by hand without it.
    public var architecture: String? {
        get { identity.architecture }
        set { identity = identity.with(architecture: .some(newValue)) }
    }
    /// ``tool``, ``toolVersion``, ``machineId``, ``operatingSystem``, ``architecture`` and
    /// ``projectId``: one reference, which every event of a context shares, with the encoded form
    /// of its first five computed once by the context (see ``EventIdentity``).
    @usableFromInline
    package var identity: EventIdentity
    /// When the event happened. Encoded in UTC with millisecond precision.
    public var timestamp: Date
    /// The event's attributes, kept sorted by their keys' UTF-8 bytes, the order they are encoded in.
    public var attributes: TelemetryAttributes
    /// The event's own id (`event_id`), 32 lowercase hex digits, for de-duplication; `nil` for an
    /// event built by hand without one. ``TelemetryContext`` gives every event a fresh id.
    public var id: String? {
        get { identifier.text }
        set { identifier = EventIdentifier(newValue) }
    }
    /// ``id`` as it is stored: a context's fresh ids stay two integers until they are written
    /// (``EventEncoder`` writes their digits directly), so recording an event allocates no string.
    @usableFromInline
    var identifier: EventIdentifier
    /// The per-project id of the Better Auth publisher (`project_id`, its `anonymousId` on the
    /// wire), or `nil` for every other event.
    public var projectId: String? {
        get { identity.projectId }
        set { identity = identity.with(projectId: .some(newValue)) }
    }

    /// Creates an event.
    ///
    /// - Parameters:
    ///   - name: The event's name.
    ///   - tool: The name of the recording tool.
    ///   - toolVersion: The version of the recording tool.
    ///   - machineId: The salted machine id (see ``MachineId/derive(salt:)``).
    ///   - timestamp: When the event happened; now by default.
    ///   - attributes: The event's attributes; none by default.
    ///   - id: The event's own id (see ``newIdentifier()``); none by default.
    ///   - projectId: The Better Auth per-project id; none by default.
    ///   - operatingSystem: The recording tool's operating system; none by default.
    ///   - architecture: The recording tool's processor architecture; none by default.
    @inlinable
    public init(
        name: String,
        tool: String,
        toolVersion: String,
        machineId: String,
        timestamp: Date = Date(),
        attributes: TelemetryAttributes = [:],
        id: String? = nil,
        projectId: String? = nil,
        operatingSystem: String? = nil,
        architecture: String? = nil
    ) {
        self.name = name
        self.identity = EventIdentity(
            tool: tool,
            toolVersion: toolVersion,
            machineId: machineId,
            operatingSystem: operatingSystem,
            architecture: architecture,
            projectId: projectId
        )
        self.timestamp = timestamp
        self.attributes = attributes
        self.identifier = EventIdentifier(id)
    }

    /// An event of a context: its shared identity, a fresh id.
    init(
        name: String,
        identity: EventIdentity,
        timestamp: Date,
        attributes: TelemetryAttributes,
        identifier: EventIdentifier
    ) {
        self.name = name
        self.identity = identity
        self.timestamp = timestamp
        self.attributes = attributes
        self.identifier = identifier
    }

    /// Returns a copy of the event with `key` set to `value`, replacing any value already there.
    public func withAttribute(_ key: String, _ value: TelemetryValue) -> Event {
        var copy = self
        copy.attributes[key] = value
        return copy
    }

    /// A new event id: 32 lowercase hexadecimal digits, unique across processes and machines
    /// (a keyed hash of a per-process random key and a counter; about 20 ns, no system call).
    public static func newIdentifier() -> String {
        EventIdentifier.next().text!
    }
}

// MARK: - Hashable

extension Event: Hashable {
    /// Events are equal when every field is, ``id`` compared by its text.
    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.name == rhs.name && lhs.identity == rhs.identity && lhs.timestamp == rhs.timestamp
            && lhs.attributes == rhs.attributes
            && lhs.identifier == rhs.identifier
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(tool)
        hasher.combine(toolVersion)
        hasher.combine(machineId)
        hasher.combine(timestamp)
        hasher.combine(attributes)
        hasher.combine(id)
        hasher.combine(projectId)
    }
}

// MARK: - Codable

extension Event: Codable {
    /// Decodes an event with exactly the rules of ``EventDecoder`` (the one reader of event
    /// lines), from a JSON object.
    ///
    /// Through Foundation's `JSONDecoder` a whole-valued double attribute (`1.0`) comes back as an
    /// integer, because `JSONDecoder` does not tell `1.0` from `1` (see
    /// ``TelemetryValue/init(from:)``); ``EventDecoder`` reads the bytes and keeps it a double.
    ///
    /// - Throws: `DecodingError.dataCorrupted` with the reader's message when the object is not a
    ///   valid event.
    public init(from decoder: any Decoder) throws {
        let value = try TelemetryValue(from: decoder)
        do {
            self = try EventDecoder.event(from: value)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message)
            )
        }
    }

    /// Encodes the event with the same keys and timestamp format as ``EventEncoder``.
    ///
    /// For bytes that are identical run after run (sorted keys, fixed key order), and for speed,
    /// use ``EventEncoder`` instead of `JSONEncoder`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    /// The event as a JSON object value, with the keys ``EventEncoder`` writes.
    var jsonValue: TelemetryValue {
        var members: [String: TelemetryValue] = [
            "schema": .int(Event.schemaVersion),
            "name": .string(name),
            "tool": .string(tool),
            "tool_version": .string(toolVersion),
            "machine_id": .string(machineId),
            "timestamp_utc": .string(Timestamp.format(timestamp)),
            "attrs": .object([String: TelemetryValue](attributes)),
        ]
        if let id { members["event_id"] = .string(id) }
        if let projectId { members["project_id"] = .string(projectId) }
        if let operatingSystem { members["os"] = .string(operatingSystem) }
        if let architecture { members["arch"] = .string(architecture) }
        return .object(members)
    }
}

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
/// {"schema":1,"name":"command_run","tool":"my-cli","tool_version":"1.2.0","machine_id":"3f9a…","timestamp_utc":"2026-11-23T09:30:00.000Z","attrs":{"command":"build"}}
/// ```
///
/// > Important: Attributes leave the process. Record stable, enumerated values (a command
/// > name, a count, a flag), never free text, paths, URLs, e-mail addresses or secrets.
public struct Event: Sendable, Hashable {
    /// The version of the event JSON schema that ``EventEncoder`` writes in the `schema` key.
    public static let schemaVersion = 1

    /// The event's name, for example `"command_run"`.
    public var name: String
    /// The name of the tool that recorded the event, for example `"my-cli"`.
    public var tool: String
    /// The version of the tool that recorded the event.
    public var toolVersion: String
    /// The salted SHA-256 machine id, as 64 lowercase hex digits. Never a raw machine id.
    public var machineId: String
    /// When the event happened. Encoded in UTC with millisecond precision.
    public var timestamp: Date
    /// The event's attributes. Encoded with keys sorted by their UTF-8 bytes.
    public var attributes: [String: TelemetryValue]

    /// Creates an event.
    ///
    /// - Parameters:
    ///   - name: The event's name.
    ///   - tool: The name of the recording tool.
    ///   - toolVersion: The version of the recording tool.
    ///   - machineId: The salted machine id (see ``MachineId/derive(salt:)``).
    ///   - timestamp: When the event happened; now by default.
    ///   - attributes: The event's attributes; none by default.
    @inlinable
    public init(
        name: String,
        tool: String,
        toolVersion: String,
        machineId: String,
        timestamp: Date = Date(),
        attributes: [String: TelemetryValue] = [:]
    ) {
        self.name = name
        self.tool = tool
        self.toolVersion = toolVersion
        self.machineId = machineId
        self.timestamp = timestamp
        self.attributes = attributes
    }

    /// Returns a copy of the event with `key` set to `value`, replacing any value already there.
    public func withAttribute(_ key: String, _ value: TelemetryValue) -> Event {
        var copy = self
        copy.attributes[key] = value
        return copy
    }
}

// MARK: - Codable

extension Event: Codable {
    enum CodingKeys: String, CodingKey {
        case schema
        case name
        case tool
        case toolVersion = "tool_version"
        case machineId = "machine_id"
        case timestamp = "timestamp_utc"
        case attributes = "attrs"
    }

    /// Decodes an event from the JSON form ``EventEncoder`` writes.
    ///
    /// Through Foundation's `JSONDecoder`, a whole-valued double attribute (`1.0`) comes back as an
    /// integer (see ``TelemetryValue/init(from:)``); ``EventDecoder`` reads every line exactly.
    ///
    /// - Throws: `DecodingError` when a key is missing, has the wrong type, the timestamp is not
    ///   `YYYY-MM-DDTHH:MM:SS[.fff]Z`, or `schema` is a version this library does not know.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let schema = try container.decodeIfPresent(Int.self, forKey: .schema), schema != Event.schemaVersion {
            throw DecodingError.dataCorruptedError(
                forKey: .schema,
                in: container,
                debugDescription: "Unsupported event schema \(schema); this library reads schema \(Event.schemaVersion)."
            )
        }
        self.name = try container.decode(String.self, forKey: .name)
        self.tool = try container.decode(String.self, forKey: .tool)
        self.toolVersion = try container.decode(String.self, forKey: .toolVersion)
        self.machineId = try container.decode(String.self, forKey: .machineId)
        let stamp = try container.decode(String.self, forKey: .timestamp)
        guard let date = Timestamp.parse(stamp) else {
            throw DecodingError.dataCorruptedError(
                forKey: .timestamp,
                in: container,
                debugDescription: "Expected an RFC 3339 UTC timestamp like 2026-01-31T23:59:59.123Z, got \(stamp.debugDescription)."
            )
        }
        self.timestamp = date
        self.attributes = try container.decodeIfPresent([String: TelemetryValue].self, forKey: .attributes) ?? [:]
    }

    /// Encodes the event with the same keys and timestamp format as ``EventEncoder``.
    ///
    /// For bytes that are identical run after run (sorted keys, fixed key order), and for speed,
    /// use ``EventEncoder`` instead of `JSONEncoder`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Event.schemaVersion, forKey: .schema)
        try container.encode(name, forKey: .name)
        try container.encode(tool, forKey: .tool)
        try container.encode(toolVersion, forKey: .toolVersion)
        try container.encode(machineId, forKey: .machineId)
        try container.encode(Timestamp.format(timestamp), forKey: .timestamp)
        try container.encode(attributes, forKey: .attributes)
    }
}

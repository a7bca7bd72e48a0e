//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Reads one event line, strictly: the package's one reader of event JSON.
///
/// `telemetry audit`, `telemetry tail`, the store-and-forward spool, the collector and
/// `Event`'s `Codable` conformance all read events through these rules, so a line one of them
/// accepts is accepted by all:
///
/// - the line is valid UTF-8 of at most ``maximumLineLength`` bytes, one JSON object nested at
///   most ``maximumDepth`` levels deep;
/// - `schema` is the integer ``Event/schemaVersion``;
/// - `name` and `tool` are non-empty strings, `tool_version` a string;
/// - `machine_id` is 64 lowercase hexadecimal digits (a salted SHA-256, never a raw id);
/// - `timestamp_utc` is `YYYY-MM-DDTHH:MM:SS[.fff]Z`, a real date;
/// - `attrs` is an object;
/// - `event_id` and `project_id`, when present, are short non-empty strings;
/// - no other key: an audit must see every byte that leaves the process, so a key this
///   library does not write is an error, not something to skip.
///
/// It is the inverse of ``EventEncoder``: `EventDecoder().decode(EventEncoder().encode(event))`
/// equals `event` for every valid event whose timestamp is a whole millisecond, including
/// attributes such as `.double(1.0)`, which Foundation's `JSONDecoder` reads back as `.int(1)`.
///
/// ```swift
/// let decoder = EventDecoder()
/// for line in text.split(separator: "\n") {
///     let event = try decoder.decode(line)
/// }
/// ```
public struct EventDecoder: Sendable {
    /// The longest line read (1 MiB); longer lines are errors.
    public static let maximumLineLength = 1 << 20
    /// The deepest nesting of arrays and objects accepted in a line.
    public static let maximumDepth = 64

    /// Creates a decoder.
    @inlinable
    public init() {}

    /// Decodes one event from the UTF-8 bytes of a line (without its newline; white space around
    /// the object is allowed).
    ///
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/serialization`` code whose
    ///   message says what is wrong, for example `missing "timestamp_utc"`.
    public func decode(_ line: some Collection<UInt8>) throws(TelemetryError) -> Event {
        guard line.count <= Self.maximumLineLength else {
            throw Self.problem("line of \(line.count) bytes is longer than the limit of \(Self.maximumLineLength)")
        }
        // The spool reads back every line it sends through here, so the usual line (contiguous
        // bytes) is read where it is, without a copy.
        let result = line.withContiguousStorageIfAvailable { bytes in
            Result { () throws(TelemetryError) in try Self.event(fromLine: bytes) }
        }
        if let result { return try result.get() }
        let copy = Array(line)
        return try copy.withUnsafeBufferPointer { bytes throws(TelemetryError) in
            try Self.event(fromLine: bytes)
        }
    }

    /// The event in `bytes`, a line at most ``maximumLineLength`` long.
    private static func event(fromLine bytes: UnsafeBufferPointer<UInt8>) throws(TelemetryError) -> Event {
        // An ASCII line is valid UTF-8; only a line with other bytes needs the (costlier)
        // validation of the standard library.
        guard isASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil else {
            throw Self.problem("not valid UTF-8")
        }
        let fields: Fields
        do {
            fields = try JSONReader.parseEvent(bytes, maximumDepth: Self.maximumDepth).get()
        } catch {
            throw Self.problem("not valid JSON: \(error.message)")
        }
        return try Self.event(from: fields)
    }

    /// Decodes one event from a JSON value already parsed (an element of a collector's batch),
    /// by the same rules as a line.
    ///
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/serialization`` code.
    public func decode(_ value: TelemetryValue) throws(TelemetryError) -> Event {
        try Self.event(from: value)
    }

    /// Decodes one event from a line's text (without its newline).
    ///
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/serialization`` code, as the
    ///   byte-taking variant does.
    public func decode(_ line: some StringProtocol) throws(TelemetryError) -> Event {
        try decode(line.utf8)
    }

    /// The event in a parsed JSON value, checked against every rule above but the byte limits.
    static func event(from value: TelemetryValue) throws(TelemetryError) -> Event {
        guard case .object(let object) = value else { throw problem("not a JSON object") }
        var fields = Fields()
        for (key, member) in object { fields.set(key, to: member) }
        return try event(from: fields)
    }

    /// The event in the members of a JSON value, checked against every rule above but the byte
    /// limits.
    private static func event(from fields: Fields) throws(TelemetryError) -> Event {
        guard fields.isObject else { throw problem("not a JSON object") }
        if let unknown = fields.unknownKeys.min() {
            throw problem("unknown key \(unknown.debugDescription)")
        }
        switch fields.schema {
        case nil: throw problem("missing \"schema\"")
        case .int(let schema)? where schema == Event.schemaVersion: break
        case .int(let schema)?:
            throw problem("\"schema\" is \(schema); this reader knows schema \(Event.schemaVersion)")
        default: throw problem("\"schema\" is not an integer")
        }
        func string(_ value: TelemetryValue?, _ key: String) throws(TelemetryError) -> String {
            switch value {
            case nil: throw problem("missing \(key.debugDescription)")
            case .string(let text)?: return text
            default: throw problem("\(key.debugDescription) is not a string")
            }
        }
        func optionalIdentifier(_ value: TelemetryValue?, _ key: String) throws(TelemetryError) -> String? {
            switch value {
            case nil: return nil
            case .string(let text)? where !text.isEmpty && text.utf8.count <= 128: return text
            default: throw problem("\(key.debugDescription) is not a string of 1 to 128 bytes")
            }
        }
        let name = try string(fields.name, "name")
        let tool = try string(fields.tool, "tool")
        let toolVersion = try string(fields.toolVersion, "tool_version")
        let machineId = try string(fields.machineId, "machine_id")
        let stamp = try string(fields.timestamp, "timestamp_utc")
        guard !name.isEmpty else { throw problem("\"name\" is empty") }
        guard !tool.isEmpty else { throw problem("\"tool\" is empty") }
        let isHexDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) }
        // Over the contiguous bytes: through `String.UTF8View`'s iterator this took 36
        // instructions a byte.
        guard machineId.utf8.count == 64,
            machineId.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(isHexDigit) })
                ?? machineId.utf8.allSatisfy(isHexDigit)
        else {
            throw problem("\"machine_id\" is not 64 lowercase hexadecimal digits (a salted SHA-256)")
        }
        guard let timestamp = Timestamp.parse(stamp) else {
            throw problem(
                "\"timestamp_utc\" \(String(stamp.prefix(40)).debugDescription) is not an RFC 3339 UTC timestamp"
            )
        }
        let attributes: TelemetryAttributes
        switch fields.attrs {
        case nil: throw problem("missing \"attrs\"")
        case .attributes(let read)?: attributes = read
        case .value(.object(let members))?: attributes = TelemetryAttributes(members)
        case .value?: throw problem("\"attrs\" is not an object")
        }
        return Event(
            name: name,
            tool: tool,
            toolVersion: toolVersion,
            machineId: machineId,
            timestamp: timestamp,
            attributes: attributes,
            id: try optionalIdentifier(fields.eventId, "event_id"),
            projectId: try optionalIdentifier(fields.projectId, "project_id"),
            operatingSystem: try optionalIdentifier(fields.operatingSystem, "os"),
            architecture: try optionalIdentifier(fields.architecture, "arch")
        )
    }

    /// Whether every byte of `bytes` is ASCII, eight at a time.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var index = 0
        var seen: UInt64 = 0
        while index + 8 <= bytes.count {
            seen |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            seen |= UInt64(base[index])
            index += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    private static func problem(_ message: String) -> TelemetryError {
        TelemetryError(code: .serialization, message: message)
    }
}

extension TelemetryValue {
    /// Parses JSON text (UTF-8 bytes) into a value, exactly: a number written without a fraction
    /// or exponent becomes ``int(_:)`` (or ``double(_:)`` beyond `Int`'s range), any other number
    /// ``double(_:)``. The inverse of ``jsonBytes``; the package's one JSON reader.
    ///
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/serialization`` code, naming
    ///   the byte offset, when the bytes are not exactly one JSON value.
    public init(jsonBytes: some Collection<UInt8>) throws(TelemetryError) {
        self = try JSONReader.parse(jsonBytes)
    }
}

extension EventDecoder {
    /// The members of an event's JSON object, by key, before they are checked: what
    /// ``EventDecoder`` reads from a line (without a dictionary, so that no key is hashed) and
    /// from an object already parsed.
    struct Fields {
        /// Whether the value was an object at all.
        var isObject = true
        var schema: TelemetryValue?
        var name: TelemetryValue?
        var tool: TelemetryValue?
        var toolVersion: TelemetryValue?
        var machineId: TelemetryValue?
        var operatingSystem: TelemetryValue?
        var architecture: TelemetryValue?
        var timestamp: TelemetryValue?
        var eventId: TelemetryValue?
        var projectId: TelemetryValue?
        var attrs: Attributes?
        /// The keys no event has, each time it appeared.
        var unknownKeys: [String] = []

        /// Sets the member `key` (a repeated key keeps its last value, as JavaScript's
        /// `JSON.parse` does).
        mutating func set(_ key: String, to value: TelemetryValue) {
            // By length first: a string comparison that fails costs a call into the standard
            // library, and a switch over the eleven keys made up to eleven of them per member.
            switch key.utf8.count {
            case 2 where key == "os": operatingSystem = value
            case 4 where key == "name": name = value
            case 4 where key == "tool": tool = value
            case 4 where key == "arch": architecture = value
            case 5 where key == "attrs": attrs = .value(value)
            case 6 where key == "schema": schema = value
            case 8 where key == "event_id": eventId = value
            case 10 where key == "machine_id": machineId = value
            case 10 where key == "project_id": projectId = value
            case 12 where key == "tool_version": toolVersion = value
            case 13 where key == "timestamp_utc": timestamp = value
            default: unknownKeys.append(key)
            }
        }
    }

    /// What `attrs` held: an object a line's reader read straight into attributes, or any other
    /// value (a parsed value's object, or not an object at all).
    enum Attributes {
        case attributes(TelemetryAttributes)
        case value(TelemetryValue)
    }
}

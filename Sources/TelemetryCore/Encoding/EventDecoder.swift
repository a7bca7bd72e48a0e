//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Reads back one line written by ``EventEncoder``, exactly.
///
/// `EventDecoder` is the inverse of ``EventEncoder``: `EventDecoder().decode(EventEncoder().encode(event))`
/// equals `event` for every event whose timestamp is a whole millisecond, including attributes
/// such as `.double(1.0)`, which Foundation's `JSONDecoder` reads back as `.int(1)` because it
/// does not tell `1.0` from `1`. Use it to read a JSONL file a ``TelemetrySink`` wrote:
///
/// ```swift
/// let decoder = EventDecoder()
/// for line in text.split(separator: "\n") {
///     let event = try decoder.decode(line)
/// }
/// ```
///
/// Keys this library does not know are ignored, so that newer writers stay readable.
public struct EventDecoder: Sendable {
    /// Creates a decoder.
    @inlinable
    public init() {}

    /// Decodes one event from the UTF-8 bytes of a JSON object (a JSONL line without its newline;
    /// surrounding white space is allowed).
    ///
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/serialization`` code when the
    ///   bytes are not JSON, a key is missing or has the wrong type, the timestamp is not
    ///   `YYYY-MM-DDTHH:MM:SS[.fff]Z`, or `schema` is a version this library does not read.
    public func decode(_ line: some Collection<UInt8>) throws(TelemetryError) -> Event {
        guard case .object(let members) = try JSONReader.parse(line) else {
            throw Self.error("an event must be a JSON object")
        }
        if let schema = members["schema"] {
            guard schema == .int(Event.schemaVersion) else {
                throw Self.error("unsupported event schema \(schema); this library reads schema \(Event.schemaVersion)")
            }
        }
        func string(_ key: String) throws(TelemetryError) -> String {
            guard let value = members[key] else { throw Self.error("the key \"\(key)\" is missing") }
            guard case .string(let string) = value else { throw Self.error("\"\(key)\" must be a string") }
            return string
        }
        let stamp = try string("timestamp_utc")
        guard let timestamp = Timestamp.parse(stamp) else {
            throw Self.error("\"timestamp_utc\" must look like 2026-01-31T23:59:59.123Z, got \(stamp.debugDescription)")
        }
        let attributes: [String: TelemetryValue]
        switch members["attrs"] {
        case nil: attributes = [:]
        case .object(let object)?: attributes = object
        case _?: throw Self.error("\"attrs\" must be an object")
        }
        return Event(
            name: try string("name"),
            tool: try string("tool"),
            toolVersion: try string("tool_version"),
            machineId: try string("machine_id"),
            timestamp: timestamp,
            attributes: attributes
        )
    }

    /// Decodes one event from a JSON object's text (a JSONL line without its newline).
    ///
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/serialization`` code, as the
    ///   byte-taking variant does.
    public func decode(_ line: some StringProtocol) throws(TelemetryError) -> Event {
        try decode(line.utf8)
    }

    private static func error(_ what: String) -> TelemetryError {
        TelemetryError(code: .serialization, message: "cannot read an event: \(what).")
    }
}

extension TelemetryValue {
    /// Parses JSON text (UTF-8 bytes) into a value, exactly: a number written without a fraction
    /// or exponent becomes ``int(_:)`` (or ``double(_:)`` beyond `Int`'s range), any other number
    /// ``double(_:)``. The inverse of ``jsonBytes``.
    ///
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/serialization`` code, naming
    ///   the byte offset, when the bytes are not exactly one JSON value.
    public init(jsonBytes: some Collection<UInt8>) throws(TelemetryError) {
        self = try JSONReader.parse(jsonBytes)
    }
}

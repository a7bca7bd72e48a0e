//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Encodes an ``Event`` as one line of JSON, fast and byte-for-byte reproducibly.
///
/// The keys are always written in this order: `schema`, `name`, `tool`, `tool_version`,
/// `machine_id`, `timestamp_utc` (`YYYY-MM-DDTHH:MM:SS.mmmZ`, UTC), `event_id` and `project_id`
/// (each only when set) and `attrs`, with attribute
/// keys (and the keys of nested objects) sorted by their UTF-8 bytes. The same event therefore
/// always encodes to the same bytes, in this process and in every other.
///
/// Custom sinks reuse it instead of `JSONEncoder`, which is several times slower
/// (see `Benchmarks/RESULTS.md`):
///
/// ```swift
/// struct StdoutSink: TelemetrySink {
///     func emit(_ event: Event) {
///         var line = EventEncoder().encode(event)
///         line.append(UInt8(ascii: "\n"))
///         FileHandle.standardOutput.write(Data(line))
///     }
/// }
/// ```
public struct EventEncoder: Sendable {
    /// Creates an encoder.
    @inlinable
    public init() {}

    /// Returns the JSON of `event`: one line, without a trailing newline.
    ///
    /// The array has a little spare capacity, so that a sink can append a newline without
    /// reallocating.
    public func encode(_ event: Event) -> [UInt8] {
        ByteCursor.withReserved(maximumLength(of: event)) { buffer in
            var cursor = ByteCursor(buffer)
            write(event, to: &cursor)
            let count = cursor.position - buffer.baseAddress!
            precondition(count <= buffer.count, "EventEncoder: the line exceeded its bound")
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count + 16)
            bytes.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: count))
            return bytes
        }
    }

    /// Appends the JSON of `event` (one line, no newline) to `bytes`, so that a sink can encode
    /// many events into one reused buffer.
    public func encode(_ event: Event, into bytes: inout [UInt8]) {
        ByteCursor.append(to: &bytes, maximumCount: maximumLength(of: event)) { write(event, to: &$0) }
    }

    /// The fixed part of every event line: the keys, quotes and punctuation.
    private static let punctuationLength =
        (#"{"schema":,"name":"","tool":"","tool_version":"","machine_id":"","timestamp_utc":"","attrs":}"#
        as StaticString).utf8CodeUnitCount

    /// An upper bound of the length of `event`'s JSON, so that it can be written with no
    /// capacity check on the way (and, for a typical event, into a stack buffer).
    private func maximumLength(of event: Event) -> Int {
        Self.punctuationLength - 8 + 20 + Timestamp.length
            + (event.id.map { 14 + JSONWriter.maximumLength(ofString: $0) } ?? 0)
            + (event.projectId.map { 16 + JSONWriter.maximumLength(ofString: $0) } ?? 0)
            + JSONWriter.maximumLength(ofString: event.name) + JSONWriter.maximumLength(ofString: event.tool)
            + JSONWriter.maximumLength(ofString: event.toolVersion)
            + JSONWriter.maximumLength(ofString: event.machineId)
            + JSONWriter.maximumLength(ofObject: event.attributes)
    }

    private func write(_ event: Event, to cursor: inout ByteCursor) {
        cursor.write(#"{"schema":"#)
        JSONWriter.writeInteger(Event.schemaVersion, to: &cursor)
        cursor.write(#","name":"#)
        JSONWriter.writeString(event.name, to: &cursor)
        cursor.write(#","tool":"#)
        JSONWriter.writeString(event.tool, to: &cursor)
        cursor.write(#","tool_version":"#)
        JSONWriter.writeString(event.toolVersion, to: &cursor)
        cursor.write(#","machine_id":"#)
        JSONWriter.writeString(event.machineId, to: &cursor)
        cursor.write(#","timestamp_utc":""#)
        Timestamp.write(event.timestamp, to: &cursor)
        cursor.write(UInt8(ascii: "\""))
        if let id = event.id {
            cursor.write(#","event_id":"#)
            JSONWriter.writeString(id, to: &cursor)
        }
        if let projectId = event.projectId {
            cursor.write(#","project_id":"#)
            JSONWriter.writeString(projectId, to: &cursor)
        }
        cursor.write(#","attrs":"#)
        JSONWriter.writeObject(event.attributes, to: &cursor)
        cursor.write(UInt8(ascii: "}"))
    }
}

extension TelemetryValue {
    /// The value as compact JSON bytes, object keys sorted by their UTF-8 bytes.
    public var jsonBytes: [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter.write(self, into: &bytes)
        return bytes
    }

    /// The value as JSON indented with two spaces per level, object keys sorted.
    public var prettyJSON: String {
        JSONWriter.prettyString(self)
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Encodes an ``Event`` as one line of JSON, fast and byte-for-byte reproducibly.
///
/// The keys are always written in this order: `schema`, `name`, `tool`, `tool_version`,
/// `machine_id`, `timestamp_utc` (`YYYY-MM-DDTHH:MM:SS.mmmZ`, UTC) and `attrs`, with attribute
/// keys (and the keys of nested objects) sorted by their UTF-8 bytes. The same event therefore
/// always encodes to the same bytes, in this process and in every other.
///
/// Custom sinks reuse it instead of `JSONEncoder`, which is several times slower
/// (see `Benchmarks/RESULTS.md`):
///
/// ```swift
/// struct StdoutSink: TelemetrySink {
///     func emit(_ event: Event) async throws {
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
    public func encode(_ event: Event) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(192 + event.name.utf8.count + event.attributes.count * 32)
        encode(event, into: &bytes)
        return bytes
    }

    /// Appends the JSON of `event` (one line, no newline) to `bytes`, so that a sink can encode
    /// many events into one reused buffer.
    public func encode(_ event: Event, into bytes: inout [UInt8]) {
        JSONWriter.append(#"{"schema":"#, to: &bytes)
        JSONWriter.writeInteger(Event.schemaVersion, into: &bytes)
        JSONWriter.append(#","name":"#, to: &bytes)
        JSONWriter.writeString(event.name, into: &bytes)
        JSONWriter.append(#","tool":"#, to: &bytes)
        JSONWriter.writeString(event.tool, into: &bytes)
        JSONWriter.append(#","tool_version":"#, to: &bytes)
        JSONWriter.writeString(event.toolVersion, into: &bytes)
        JSONWriter.append(#","machine_id":"#, to: &bytes)
        JSONWriter.writeString(event.machineId, into: &bytes)
        JSONWriter.append(#","timestamp_utc":""#, to: &bytes)
        Timestamp.append(event.timestamp, to: &bytes)
        JSONWriter.append(#"","attrs":"#, to: &bytes)
        JSONWriter.writeObject(event.attributes, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
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

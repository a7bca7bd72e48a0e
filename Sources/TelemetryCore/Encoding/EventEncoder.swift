//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Encodes an ``Event`` as one line of JSON, fast and byte-for-byte reproducibly.
///
/// The keys are always written in this order: `schema`, `name`, `tool`, `tool_version`,
/// `machine_id`, `os` and `arch` (each only when set), `timestamp_utc` (`YYYY-MM-DDTHH:MM:SS.mmmZ`,
/// UTC), `event_id` and `project_id` (each only when set) and `attrs`, with attribute
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
        JSONBuffer.withBuffer { buffer in
            write(event, to: &buffer)
            return buffer.withBytes { line in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(line.count + 16)
                bytes.append(contentsOf: line)
                return bytes
            }
        }
    }

    /// Appends the JSON of `event` (one line, no newline) to `bytes`, so that a sink can encode
    /// many events into one reused buffer.
    public func encode(_ event: Event, into bytes: inout [UInt8]) {
        JSONBuffer.append(to: &bytes) { write(event, to: &$0) }
    }

    /// Calls `body` with the line of `event` and its newline, encoded on the stack (for a sink
    /// that writes or copies the bytes at once: no array is allocated for them).
    /// Not generic: a generic function called from another module runs unspecialized, and
    /// the standard library's temporary allocation then costs more than the encoding.
    package func withLine(_ event: Event, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        JSONBuffer.withBuffer { buffer in
            write(event, to: &buffer)
            buffer.write(UInt8(ascii: "\n"))
            buffer.withBytes(body)
        }
    }

    /// Writes `,"tool":…,"tool_version":…,"machine_id":…` and, when set, `,"os":…,"arch":…`.
    static func writeIdentity(
        tool: String,
        toolVersion: String,
        machineId: String,
        operatingSystem: String?,
        architecture: String?,
        to buffer: inout JSONBuffer
    ) {
        buffer.write(#","tool":"#)
        JSONWriter.writeString(tool, to: &buffer)
        buffer.write(#","tool_version":"#)
        JSONWriter.writeString(toolVersion, to: &buffer)
        buffer.write(#","machine_id":"#)
        JSONWriter.writeString(machineId, to: &buffer)
        if let operatingSystem {
            buffer.write(#","os":"#)
            JSONWriter.writeString(operatingSystem, to: &buffer)
        }
        if let architecture {
            buffer.write(#","arch":"#)
            JSONWriter.writeString(architecture, to: &buffer)
        }
    }

    /// Writes the line of `event` into `buffer`.
    func write(_ event: Event, to buffer: inout JSONBuffer) {
        buffer.write(#"{"schema":"#)
        JSONWriter.writeInteger(Event.schemaVersion, to: &buffer)
        buffer.write(#","name":"#)
        JSONWriter.writeString(event.name, to: &buffer)
        if let encoded = event.identity.encoded {
            encoded.withUnsafeBufferPointer { buffer.write($0) }
        } else {
            Self.writeIdentity(
                tool: event.identity.tool,
                toolVersion: event.identity.toolVersion,
                machineId: event.identity.machineId,
                operatingSystem: event.identity.operatingSystem,
                architecture: event.identity.architecture,
                to: &buffer
            )
        }
        buffer.write(#","timestamp_utc":""#)
        Timestamp.write(event.timestamp, to: &buffer)
        buffer.write(UInt8(ascii: "\""))
        switch event.identifier {
        case .none:
            break
        case .generated(let high, let low):
            buffer.write(#","event_id":""#)
            buffer.reserve(33)
            EventIdentifier.writeDigits(high: high, low: low, to: buffer.position)
            buffer.advance(by: 32)
            buffer.writeUnchecked(UInt8(ascii: "\""))
        case .text(let id):
            buffer.write(#","event_id":"#)
            JSONWriter.writeString(id, to: &buffer)
        }
        if let projectId = event.projectId {
            buffer.write(#","project_id":"#)
            JSONWriter.writeString(projectId, to: &buffer)
        }
        buffer.write(#","attrs":"#)
        JSONWriter.writeObject(event.attributes, to: &buffer)
        buffer.write(UInt8(ascii: "}"))
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

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

#if canImport(FoundationEssentials)
public import struct FoundationEssentials.Date
#else
public import struct Foundation.Date
#endif

/// An audit of a JSONL event log, as `telemetry audit FILE` prints it: how many valid events of
/// each name, their time range, every line that is not a valid event (with its 1-based number),
/// and every string that looks like personal or secret data.
///
/// Feed it lines with ``inspect(line:number:isTerminated:)``, or read a whole file with
/// ``audit(fileAtPath:schema:)``. It is built for hostile input: a torn last line, a line of gigabytes,
/// binary garbage or deeply nested JSON are reported as errors, never a crash, and memory stays
/// bounded (at most ``maximumLineLength`` bytes per line, at most ``maximumReports`` errors and
/// as many findings, at most ``maximumNames`` distinct names).
public struct EventLogAudit: Sendable, Hashable {
    /// A line that is not a valid event.
    public struct LineError: Sendable, Hashable {
        /// The line's 1-based number.
        public var line: Int
        /// What is wrong with it.
        public var message: String
    }

    /// A string of an event (its name, tool, version, or an attribute key or value) that looks
    /// like personal or secret data.
    public struct Finding: Sendable, Hashable {
        /// The line's 1-based number.
        public var line: Int
        /// Where the string is: `name`, `tool`, `tool_version`, or a path such as
        /// `attrs.config.database` or `attrs.tags[2]`.
        public var key: String
        /// What it looks like.
        public var kind: SuspiciousValue
    }

    /// Lines longer than this (1 MiB, ``EventDecoder/maximumLineLength``) are reported and
    /// skipped without being held in memory.
    public static let maximumLineLength = EventDecoder.maximumLineLength
    /// At most this many errors and this many findings are kept; the rest are only counted.
    public static let maximumReports = 10_000
    /// At most this many distinct event names are counted by name; the rest count under `"…"`.
    public static let maximumNames = 10_000
    /// The files read, oldest first (a rotated log has several); empty for an audit of bytes.
    public private(set) var files: [String] = []
    /// The number of lines seen, blank ones included.
    public private(set) var lineCount = 0
    /// The number of valid event lines.
    public private(set) var events = 0
    /// Valid events per name.
    public private(set) var countsByName: [String: Int] = [:]
    /// The earliest timestamp of a valid event.
    public private(set) var first: Date?
    /// The latest timestamp of a valid event.
    public private(set) var last: Date?
    /// The lines that are not valid events, in order (at most ``maximumReports``).
    public private(set) var errors: [LineError] = []
    /// The suspicious attribute values, in order (at most ``maximumReports``).
    public private(set) var suspicious: [Finding] = []
    /// The valid events that do not fit ``schema``, in order (at most ``maximumReports``).
    public private(set) var offSchema: [LineError] = []
    /// The schema the events are checked against, if any.
    public let schema: TelemetrySchema?
    /// Errors beyond ``maximumReports``, counted but not kept.
    public private(set) var omittedErrors = 0
    /// Findings beyond ``maximumReports``, counted but not kept.
    public private(set) var omittedFindings = 0

    /// An empty audit.
    ///
    /// - Parameter schema: A schema every event must fit (`telemetry audit --schema FILE`);
    ///   events that do not are listed in ``offSchema``.
    public init(schema: TelemetrySchema? = nil) {
        self.schema = schema
    }

    /// Whether the log has no errors, no suspicious values and no event off the schema.
    public var isClean: Bool {
        errors.isEmpty && suspicious.isEmpty && offSchema.isEmpty && omittedErrors == 0 && omittedFindings == 0
    }

    /// Audits one line (without its newline).
    ///
    /// - Parameters:
    ///   - line: The line's bytes; any bytes at all.
    ///   - number: The line's 1-based number.
    ///   - isTerminated: Whether a newline followed it; a last line without one that is not a
    ///     valid event is reported as torn (the writer may have stopped mid-line).
    public mutating func inspect(line: some Collection<UInt8>, number: Int, isTerminated: Bool = true) {
        lineCount += 1
        // Blank lines carry nothing; they are not errors.
        if EventLogReader.isBlank(line) { return }
        let event: Event
        do {
            event = try EventDecoder().decode(line)
        } catch {
            let message = isTerminated ? error.message : "torn last line (no final newline): \(error.message)"
            report(LineError(line: number, message: message))
            return
        }
        events += 1
        if countsByName[event.name] != nil || countsByName.count < Self.maximumNames {
            countsByName[event.name, default: 0] += 1
        } else {
            countsByName["…", default: 0] += 1
        }
        if let violation = schema?.violation(of: event) {
            if offSchema.count < Self.maximumReports {
                offSchema.append(LineError(line: number, message: violation.description))
            } else {
                omittedErrors += 1
            }
        }
        if first.map({ event.timestamp < $0 }) ?? true { first = event.timestamp }
        if last.map({ event.timestamp > $0 }) ?? true { last = event.timestamp }
        for (key, kind) in Self.findings(in: event) {
            if suspicious.count < Self.maximumReports {
                suspicious.append(Finding(line: number, key: key, kind: kind))
            } else {
                omittedFindings += 1
            }
        }
    }

    /// Records a line longer than ``maximumLineLength`` that the reader skipped.
    public mutating func inspectOverlongLine(number: Int, length: Int) {
        lineCount += 1
        report(
            LineError(
                line: number,
                message: "line of \(length) bytes is longer than the limit of \(Self.maximumLineLength); skipped"
            )
        )
    }

    private mutating func report(_ error: LineError) {
        if errors.count < Self.maximumReports {
            errors.append(error)
        } else {
            omittedErrors += 1
        }
    }

    // MARK: - One line

    /// The strings of `event` (its name, tool and version, its attribute keys and values,
    /// nested ones included) that look like personal or secret data, as paths such as `name`,
    /// `attrs.config.url` or `attrs.tags[0]`, in key order. The ids (`machine_id`, `event_id`,
    /// `project_id`) are not scanned: the reader has already checked that they are the
    /// library's own hashes.
    public static func findings(in event: Event) -> [(key: String, kind: SuspiciousValue)] {
        var found: [(key: String, kind: SuspiciousValue)] = []
        for (key, value) in [("name", event.name), ("tool", event.tool), ("tool_version", event.toolVersion)] {
            if let kind = SuspiciousValue.classify(value) { found.append((key, kind)) }
        }
        func visit(_ value: TelemetryValue, path: String, depth: Int) {
            guard depth <= EventDecoder.maximumDepth else { return }
            switch value {
            case .string(let text):
                if let kind = SuspiciousValue.classify(text) { found.append((path, kind)) }
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    visit(element, path: "\(path)[\(index)]", depth: depth + 1)
                }
            case .object(let members):
                for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                    let child = "\(path).\(key)"
                    if let kind = SuspiciousValue.classify(key) { found.append((child, kind)) }
                    visit(members[key]!, path: child, depth: depth + 1)
                }
            case .null, .bool, .int, .double:
                break
            }
        }
        // The attributes themselves, not a dictionary of them: two keys that differ in their bytes
        // but not as Swift strings (é composed and decomposed) would be one dictionary key.
        for (key, value) in event.attributes {
            let child = "attrs.\(key)"
            if let kind = SuspiciousValue.classify(key) { found.append((child, kind)) }
            visit(value, path: child, depth: 1)
        }
        return found
    }

    // MARK: - Whole logs

    /// Audits a log held in memory.
    public static func audit(bytes: [UInt8], schema: TelemetrySchema? = nil) -> EventLogAudit {
        var audit = EventLogAudit(schema: schema)
        var number = 0
        var start = 0
        while start < bytes.count {
            number += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if end - start > maximumLineLength {
                audit.inspectOverlongLine(number: number, length: end - start)
            } else {
                audit.inspect(line: bytes[start..<end], number: number, isTerminated: end < bytes.count)
            }
            start = end + 1
        }
        return audit
    }

    /// Audits the log at `path` and its rotated files (`path.N` … `path.1`, oldest first, as
    /// one stream of numbered lines), reading in chunks: memory stays bounded whatever their
    /// size. `-` reads standard input. Anything but a regular file (a FIFO, a device) is refused.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when a file cannot be opened or read.
    public static func audit(
        fileAtPath path: String,
        schema: TelemetrySchema? = nil
    ) throws(TelemetryError)
        -> EventLogAudit
    {
        var audit = EventLogAudit(schema: schema)
        let files = EventLogReader.rotatedSet(of: path)
        audit.files = files
        try EventLogReader.forEachLine(in: files, maximumLineLength: maximumLineLength) { line in
            if let bytes = line.bytes {
                audit.inspect(line: bytes, number: line.number, isTerminated: line.isTerminated)
            } else {
                audit.inspectOverlongLine(number: line.number, length: line.length)
            }
        }
        return audit
    }

    // MARK: - Output

    /// The audit as the JSON object `telemetry audit --json` prints:
    /// `{"events":N,"byName":{…},"first":…,"last":…,"errors":[{"line":N,"message":…}],"suspicious":[{"line":N,"key":…,"kind":…}]}`.
    public var json: String {
        var bytes: [UInt8] = []
        JSONWriter.append("{\"events\":", to: &bytes)
        JSONWriter.writeInteger(events, into: &bytes)
        JSONWriter.append(",\"byName\":", to: &bytes)
        JSONWriter.writeObject(countsByName.mapValues { .int($0) }, into: &bytes)
        JSONWriter.append(",\"first\":", to: &bytes)
        JSONWriter.write(first.map { .string(Timestamp.format($0)) } ?? .null, into: &bytes)
        JSONWriter.append(",\"last\":", to: &bytes)
        JSONWriter.write(last.map { .string(Timestamp.format($0)) } ?? .null, into: &bytes)
        JSONWriter.append(",\"errors\":", to: &bytes)
        Self.append(errors, to: &bytes)
        JSONWriter.append(",\"suspicious\":[", to: &bytes)
        for (index, finding) in suspicious.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.append("{\"line\":", to: &bytes)
            JSONWriter.writeInteger(finding.line, into: &bytes)
            JSONWriter.append(",\"key\":", to: &bytes)
            JSONWriter.writeString(finding.key, into: &bytes)
            JSONWriter.append(",\"kind\":", to: &bytes)
            JSONWriter.writeString(finding.kind.rawValue, into: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        JSONWriter.append("]", to: &bytes)
        if schema != nil {
            JSONWriter.append(",\"offSchema\":", to: &bytes)
            Self.append(offSchema, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `errors` as a JSON array of `{"line","message"}` objects.
    private static func append(_ errors: [LineError], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (index, error) in errors.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.append("{\"line\":", to: &bytes)
            JSONWriter.writeInteger(error.line, into: &bytes)
            JSONWriter.append(",\"message\":", to: &bytes)
            JSONWriter.writeString(error.message, into: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

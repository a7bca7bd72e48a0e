//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import struct Foundation.Date

/// An audit of a JSONL event log, as `telemetry audit FILE` prints it: how many valid events of
/// each name, their time range, every line that is not a valid event (with its 1-based number),
/// and every attribute that looks like personal or secret data.
///
/// Feed it lines with ``inspect(line:number:isTerminated:)``, or read a whole file with
/// ``audit(fileAtPath:)``. It is built for hostile input: a torn last line, a line of gigabytes,
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

    /// An attribute whose value looks like personal or secret data.
    public struct Finding: Sendable, Hashable {
        /// The line's 1-based number.
        public var line: Int
        /// The attribute's path in `attrs`, for example `config.database` or `tags[2]`.
        public var key: String
        /// What it looks like.
        public var kind: SuspiciousValue
    }

    /// Why a line is not a valid event.
    public struct LineProblem: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, for example `missing "timestamp_utc"`.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// Lines longer than this (1 MiB) are reported and skipped without being held in memory.
    public static let maximumLineLength = 1 << 20
    /// At most this many errors and this many findings are kept; the rest are only counted.
    public static let maximumReports = 10_000
    /// At most this many distinct event names are counted by name; the rest count under `"…"`.
    public static let maximumNames = 10_000
    /// JSON nested deeper than this is rejected before it is parsed.
    public static let maximumDepth = 64

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
    /// Errors beyond ``maximumReports``, counted but not kept.
    public private(set) var omittedErrors = 0
    /// Findings beyond ``maximumReports``, counted but not kept.
    public private(set) var omittedFindings = 0

    /// An empty audit.
    public init() {}

    /// Whether the log has neither errors nor suspicious values.
    public var isClean: Bool {
        errors.isEmpty && suspicious.isEmpty
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
        switch Self.parse(line: line) {
        case .failure(let problem):
            let message = isTerminated ? problem.message : "torn last line (no final newline): \(problem.message)"
            report(LineError(line: number, message: message))
        case .success(let event):
            events += 1
            if countsByName[event.name] != nil || countsByName.count < Self.maximumNames {
                countsByName[event.name, default: 0] += 1
            } else {
                countsByName["…", default: 0] += 1
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
    }

    /// Records a line longer than ``maximumLineLength`` that the reader skipped.
    public mutating func inspectOverlongLine(number: Int, length: Int) {
        lineCount += 1
        report(LineError(line: number, message: "line of \(length) bytes is longer than the limit of \(Self.maximumLineLength); skipped"))
    }

    private mutating func report(_ error: LineError) {
        if errors.count < Self.maximumReports {
            errors.append(error)
        } else {
            omittedErrors += 1
        }
    }

    // MARK: - One line

    /// Parses one JSONL line into an ``Event``, checking it against the event schema: every
    /// key present with its type, `schema` 1, a 64-hex `machine_id`, an RFC 3339 UTC
    /// `timestamp_utc`, an object `attrs`, and no unknown key.
    public static func parse(line: some Collection<UInt8>) -> Result<Event, LineProblem> {
        func problem(_ message: String) -> Result<Event, LineProblem> { .failure(LineProblem(message: message)) }
        guard line.count <= maximumLineLength else {
            return problem("line of \(line.count) bytes is longer than the limit of \(maximumLineLength)")
        }
        let bytes = Array(line)
        guard String(validating: bytes, as: UTF8.self) != nil else { return problem("not valid UTF-8") }
        guard nestingDepth(bytes) <= maximumDepth else { return problem("JSON nested deeper than \(maximumDepth) levels") }
        let value: TelemetryValue
        do {
            value = try TelemetryValue(jsonBytes: bytes)
        } catch {
            return problem("not valid JSON: \(error.message)")
        }
        guard let object = value.objectValue else { return problem("not a JSON object") }

        let known: Set<String> = ["schema", "name", "tool", "tool_version", "machine_id", "timestamp_utc", "attrs"]
        if let unknown = object.keys.filter({ !known.contains($0) }).sorted().first {
            return problem("unknown key \(unknown.debugDescription)")
        }
        switch object["schema"] {
        case nil: return problem("missing \"schema\"")
        case .int(let schema)? where schema == Event.schemaVersion: break
        case .int(let schema)?: return problem("\"schema\" is \(schema); this reader knows schema \(Event.schemaVersion)")
        default: return problem("\"schema\" is not an integer")
        }
        func string(_ key: String) -> Result<String, LineProblem> {
            switch object[key] {
            case nil: .failure(LineProblem(message: "missing \(key.debugDescription)"))
            case .string(let text)?: .success(text)
            default: .failure(LineProblem(message: "\(key.debugDescription) is not a string"))
            }
        }
        let name: String
        let tool: String
        let toolVersion: String
        let machineId: String
        let stamp: String
        do {
            name = try string("name").get()
            tool = try string("tool").get()
            toolVersion = try string("tool_version").get()
            machineId = try string("machine_id").get()
            stamp = try string("timestamp_utc").get()
        } catch {
            return .failure(error)
        }
        guard !name.isEmpty else { return problem("\"name\" is empty") }
        guard !tool.isEmpty else { return problem("\"tool\" is empty") }
        guard machineId.utf8.count == 64, machineId.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return problem("\"machine_id\" is not 64 lowercase hexadecimal digits (a salted SHA-256)")
        }
        guard let timestamp = Timestamp.parse(stamp) else {
            return problem("\"timestamp_utc\" \(String(stamp.prefix(40)).debugDescription) is not an RFC 3339 UTC timestamp")
        }
        let attributes: [String: TelemetryValue]
        switch object["attrs"] {
        case nil: return problem("missing \"attrs\"")
        case .object(let members)?: attributes = members
        default: return problem("\"attrs\" is not an object")
        }
        return .success(
            Event(name: name, tool: tool, toolVersion: toolVersion, machineId: machineId, timestamp: timestamp, attributes: attributes)
        )
    }

    /// The attributes of `event` (keys and values, nested ones included) that look like
    /// personal or secret data, as paths such as `config.url` or `tags[0]`, in key order.
    public static func findings(in event: Event) -> [(key: String, kind: SuspiciousValue)] {
        var found: [(key: String, kind: SuspiciousValue)] = []
        func visit(_ value: TelemetryValue, path: String, depth: Int) {
            guard depth <= maximumDepth else { return }
            switch value {
            case .string(let text):
                if let kind = SuspiciousValue.classify(text) { found.append((path, kind)) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { visit(element, path: "\(path)[\(index)]", depth: depth + 1) }
            case .object(let members):
                for key in JSONWriter.sortedKeys(members) {
                    let child = path.isEmpty ? key : "\(path).\(key)"
                    if let kind = SuspiciousValue.classify(key) { found.append((child, kind)) }
                    visit(members[key]!, path: child, depth: depth + 1)
                }
            case .null, .bool, .int, .double:
                break
            }
        }
        visit(.object(event.attributes), path: "", depth: 0)
        return found
    }

    /// The deepest nesting of arrays and objects in `bytes`, ignoring brackets inside strings.
    static func nestingDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    // MARK: - Whole logs

    /// Audits a log held in memory.
    public static func audit(bytes: [UInt8]) -> EventLogAudit {
        var audit = EventLogAudit()
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

    /// Audits the log at `path`, reading it in chunks: memory stays bounded whatever its size.
    ///
    /// - Throws: ``TelemetryError/Code/io`` when the file cannot be opened or read.
    public static func audit(fileAtPath path: String) throws(TelemetryError) -> EventLogAudit {
        var audit = EventLogAudit()
        try EventLogReader.forEachLine(atPath: path, maximumLineLength: maximumLineLength) { line, number, length, terminated in
            if let line {
                audit.inspect(line: line, number: number, isTerminated: terminated)
            } else {
                audit.inspectOverlongLine(number: number, length: length)
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
        JSONWriter.append(",\"errors\":[", to: &bytes)
        for (index, error) in errors.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.append("{\"line\":", to: &bytes)
            JSONWriter.writeInteger(error.line, into: &bytes)
            JSONWriter.append(",\"message\":", to: &bytes)
            JSONWriter.writeString(error.message, into: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        JSONWriter.append("],\"suspicious\":[", to: &bytes)
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
        JSONWriter.append("]}", to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// This one file is compiled twice: into the Fuzz package's `FuzzEntries` module (the libFuzzer
// executables call it) and, through a symbolic link, into the main package's
// `FuzzCorpusTests`, which replays every committed corpus file through it on `swift test`.
// It may use only the main package's public API.

import TelemetryAudit
import TelemetryCore
import TelemetryDetectors

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An input broke a property that must hold for every input (a crash is the other kind of
/// finding; libFuzzer catches that by itself).
public struct FuzzInvariantViolation: Error, CustomStringConvertible {
    /// What went wrong, with the values involved.
    public var description: String
}

/// The fuzz targets. The raw value names the executable (`Fuzz<rawValue>`) and the corpus
/// directory (`Fuzz/Corpus/<rawValue>`).
public enum FuzzEntry: String, CaseIterable, Sendable {
    /// A consent file (`telemetry.json`): ``ConsentRecord/init(jsonBytes:)``.
    case consentRecord = "ConsentRecord"
    /// An environment switch: ``EnvironmentBoolean/init(parsing:)``.
    case environmentBoolean = "EnvironmentBoolean"
    /// The package's exact JSON reader: ``TelemetryValue/init(jsonBytes:)``.
    case telemetryValueJSON = "TelemetryValueJSON"
    /// `TelemetryValue` through Foundation's `JSONDecoder` (`Codable`).
    case telemetryValueCodable = "TelemetryValueCodable"
    /// One JSONL event line: ``EventDecoder``.
    case eventLine = "EventLine"
    /// `Event` through Foundation's `JSONDecoder` (`Codable`).
    case eventCodable = "EventCodable"
    /// A `Package.resolved` file (formats 1 to 3): ``PackageManifest/resolvedDependencies(fromResolvedFile:)``.
    case packageResolved = "PackageResolved"
    /// A `Package.swift` manifest: ``PackageManifest/packageName(inManifest:)`` and
    /// ``PackageManifest/declaredDependencies(inManifest:)``.
    case packageManifest = "PackageManifest"
    /// A JSONL event log, as `telemetry audit` reads it: ``EventLogAudit/audit(bytes:)``.
    case eventLogAudit = "EventLogAudit"
    /// The audit's scanner over arbitrary strings and event lines: ``SuspiciousValue/classify(_:)``,
    /// ``EventLogAudit/findings(in:)`` and the terminal escaping of what `audit` and `tail` print.
    case auditScanner = "AuditScanner"
    /// The line reader behind `telemetry tail`: the last lines of a file, found by scanning it
    /// backwards, against a plain forward split of the same bytes.
    case tailReader = "TailReader"

    /// Runs the target on `bytes`: parse, and when parsing succeeds, check the target's
    /// properties (a round trip through the matching writer gives the same value back).
    public func run(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        switch self {
        case .consentRecord: try Self.consentRecord(bytes)
        case .environmentBoolean: try Self.environmentBoolean(bytes)
        case .telemetryValueJSON: try Self.telemetryValueJSON(bytes)
        case .telemetryValueCodable: try Self.telemetryValueCodable(bytes)
        case .eventLine: try Self.eventLine(bytes)
        case .eventCodable: try Self.eventCodable(bytes)
        case .packageResolved: try Self.packageResolved(bytes)
        case .packageManifest: try Self.packageManifest(bytes)
        case .eventLogAudit: try Self.eventLogAudit(bytes)
        case .auditScanner: try Self.auditScanner(bytes)
        case .tailReader: try Self.tailReader(bytes)
        }
    }

    /// ``run(_:)`` for libFuzzer: a violation traps, so libFuzzer saves the input.
    public func runTrappingOnViolation(_ bytes: [UInt8]) {
        do {
            try run(bytes)
        } catch {
            fatalError("fuzz target \(rawValue): \(error)")
        }
    }

    /// Copies libFuzzer's input.
    public static func bytes(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
        guard let start, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    // MARK: - Targets

    private static func consentRecord(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        guard let record = try? ConsentRecord(jsonBytes: bytes) else { return }
        let written = record.jsonBytes
        guard let reread = try? ConsentRecord(jsonBytes: written) else {
            throw violation("a consent record it read cannot read back what it wrote", written)
        }
        guard reread.state == record.state, reread.noticeVersion == record.noticeVersion,
            reread.rotation == record.rotation, reread.jsonBytes == written
        else {
            throw violation("a consent record changed in a write/read round trip", written)
        }
    }

    private static let trueSpellings: Set<String> = ["1", "true", "yes", "on"]
    private static let falseSpellings: Set<String> = ["0", "false", "no", "off"]

    private static func environmentBoolean(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = EnvironmentBoolean(parsing: text)
        // An independent reading: trim ASCII white space by scalars, lower-case.
        let scalars = Array(text.unicodeScalars)
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let core = String(
            String.UnicodeScalarView(scalars.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
        )
        .lowercased()
        switch parsed {
        case .true:
            guard trueSpellings.contains(core) else {
                throw violation("enabled by a value that is not a true spelling", bytes)
            }
        case .false:
            guard falseSpellings.contains(core) else {
                throw violation("disabled by a value that is not a false spelling", bytes)
            }
        case .unset:
            guard scalars.allSatisfy(isSpace) else { throw violation("a non-blank value read as unset", bytes) }
        case .invalid(let raw):
            guard raw == text else { throw violation("an invalid value is not reported as written", bytes) }
            // Every plain-ASCII spelling of a known value must be recognised.
            if text.utf8.allSatisfy({ $0 < 0x80 }),
                trueSpellings.contains(core) || falseSpellings.contains(core) || core.isEmpty
            {
                throw violation("a known spelling read as invalid", bytes)
            }
        }
        guard parsed.isTrue == (parsed == .true), !(parsed.isTrue && parsed.isFalse) else {
            throw violation("isTrue/isFalse disagree with the case", bytes)
        }
    }

    private static func telemetryValueJSON(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        guard let value = try? TelemetryValue(jsonBytes: bytes) else { return }
        let written = value.jsonBytes
        guard let reread = try? TelemetryValue(jsonBytes: written) else {
            throw violation("the JSON reader cannot read what jsonBytes wrote", written)
        }
        guard reread == value else {
            throw violation(
                "a value changed in a jsonBytes/init(jsonBytes:) round trip: \(String(reflecting: value)) became \(String(reflecting: reread))",
                written
            )
        }
        guard reread.jsonBytes == written else {
            throw violation("jsonBytes is not deterministic", written)
        }
    }

    private static func telemetryValueCodable(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        guard let value = try? JSONDecoder().decode(TelemetryValue.self, from: Data(bytes)) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let once = try? encoder.encode(value) else {
            throw violation("JSONEncoder cannot encode a value JSONDecoder produced: \(value)", bytes)
        }
        guard let first = try? JSONDecoder().decode(TelemetryValue.self, from: once) else {
            throw violation("JSONDecoder cannot read what JSONEncoder wrote", Array(once))
        }
        // Foundation does not tell 1.0 from 1, so the first trip may turn a double into an
        // integer; from then on the value must be stable.
        guard let twice = try? encoder.encode(first),
            let second = try? JSONDecoder().decode(TelemetryValue.self, from: twice),
            second == first
        else {
            throw violation("a value is not stable under JSONEncoder/JSONDecoder round trips", Array(once))
        }
        guard (try? TelemetryValue(jsonBytes: Array(once))) != nil else {
            throw violation("the package's JSON reader rejects what JSONEncoder wrote", Array(once))
        }
    }

    private static func eventLine(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        try lineAndValueReadersAgree(bytes)
        guard let event = try? EventDecoder().decode(bytes) else { return }
        let line = EventEncoder().encode(event)
        guard !line.contains(UInt8(ascii: "\n")) else {
            throw violation("an encoded event spans more than one line", line)
        }
        guard let reread = try? EventDecoder().decode(line) else {
            throw violation("EventDecoder cannot read what EventEncoder wrote", line)
        }
        guard reread.name == event.name, reread.tool == event.tool, reread.toolVersion == event.toolVersion,
            reread.machineId == event.machineId, reread.attributes == event.attributes,
            EventEncoder().encode(reread) == line
        else {
            throw violation("an event changed in an EventEncoder/EventDecoder round trip", line)
        }
    }

    /// A line's reader (which reads an event's members without a dictionary) and the reader of
    /// an already parsed value (the collector's) give the same event, or the same error, for
    /// any JSON the line's byte and nesting limits let through.
    private static func lineAndValueReadersAgree(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        guard let value = try? TelemetryValue(jsonBytes: bytes) else { return }
        let fromLine = Result { () throws(TelemetryError) in try EventDecoder().decode(bytes) }
        let fromValue = Result { () throws(TelemetryError) in try EventDecoder().decode(value) }
        switch (fromLine, fromValue) {
        case (.success(let line), .success(let parsed)):
            guard EventEncoder().encode(line) == EventEncoder().encode(parsed) else {
                throw violation("the line and value readers read different events", bytes)
            }
        case (.failure(let line), .failure(let parsed)):
            guard line.message == parsed.message || isLineLimit(line) else {
                throw violation("the line and value readers give different errors", bytes)
            }
        case (.failure(let line), .success):
            guard isLineLimit(line) else { throw violation("the line reader refuses a valid event", bytes) }
        case (.success, .failure):
            throw violation("the line reader accepts what the value reader refuses", bytes)
        }
    }

    /// Whether `error` is one of the limits only a line has: its length, its nesting. (What the
    /// value reader accepted is valid JSON and valid UTF-8, so no other line error may happen.)
    private static func isLineLimit(_ error: TelemetryError) -> Bool {
        error.message.hasPrefix("line of")
            || (error.message.hasPrefix("not valid JSON") && error.message.contains("nested deeper than"))
    }

    private static func eventCodable(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        guard let event = try? JSONDecoder().decode(Event.self, from: Data(bytes)) else { return }
        guard let data = try? JSONEncoder().encode(event) else {
            throw violation("JSONEncoder cannot encode an event JSONDecoder produced", bytes)
        }
        guard let reread = try? JSONDecoder().decode(Event.self, from: data),
            reread.name == event.name, reread.tool == event.tool, reread.machineId == event.machineId
        else {
            throw violation("an event changed in a JSONEncoder/JSONDecoder round trip", Array(data))
        }
        let line = EventEncoder().encode(event)
        guard (try? EventDecoder().decode(line)) != nil else {
            throw violation("EventDecoder cannot read what EventEncoder wrote for a decoded event", line)
        }
    }

    private static func packageResolved(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        guard let dependencies = PackageManifest.resolvedDependencies(fromResolvedFile: bytes) else { return }
        guard dependencies.count <= bytes.count else {
            throw violation("more dependencies than bytes", bytes)
        }
    }

    private static func packageManifest(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        if let name = PackageManifest.packageName(inManifest: bytes), name.isEmpty {
            throw violation("an empty package name", bytes)
        }
        let dependencies = PackageManifest.declaredDependencies(inManifest: bytes)
        guard dependencies.count <= bytes.count else {
            throw violation("more dependencies than bytes", bytes)
        }
    }

    private static func eventLogAudit(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        let audit = EventLogAudit.audit(bytes: bytes)
        guard audit.events <= audit.lineCount, audit.errors.count <= audit.lineCount,
            audit.countsByName.values.reduce(0, +) == audit.events
        else {
            throw violation("the audit's counts disagree (\(audit.lineCount) lines, \(audit.events) events)", bytes)
        }
        guard (try? TelemetryValue(jsonBytes: Array(audit.json.utf8))) != nil else {
            throw violation("audit --json output is not JSON", Array(audit.json.utf8))
        }
    }

    private static func auditScanner(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard SuspiciousValue.classify(text) == SuspiciousValue.classify(text) else {
            throw violation("the classifier is not deterministic", bytes)
        }
        let escaped = TerminalText.escaped(text)
        if let scalar = escaped.unicodeScalars.first(where: isTerminalControl) {
            throw violation("escaped text still holds U+\(String(scalar.value, radix: 16))", bytes)
        }
        // A line that is an event: every finding names a string of the event.
        guard let event = try? EventDecoder().decode(bytes) else { return }
        for (key, _) in EventLogAudit.findings(in: event) {
            guard key == "name" || key == "tool" || key == "tool_version" || key.hasPrefix("attrs") else {
                throw violation("a finding names \(key), which is not a string of the event", bytes)
            }
        }
        if let kind = SuspiciousValue.classify(event.name),
            !EventLogAudit.findings(in: event).contains(where: { $0.key == "name" && $0.kind == kind })
        {
            throw violation("a suspicious event name is not reported", bytes)
        }
    }

    private static func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The first byte picks how many lines to ask for; the rest is the file.
    private static func tailReader(_ bytes: [UInt8]) throws(FuzzInvariantViolation) {
        guard let first = bytes.first else { return }
        let count = Int(first % 16)
        let content = Array(bytes.dropFirst())
        var template = Array("/tmp/fuzz-tail-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        _ = content.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        let limit = 64  // small, so that overlong lines are common
        var read: [(bytes: [UInt8]?, terminated: Bool)] = []
        do {
            try EventLogReader.lastLines(of: [path], count: count, maximumLineLength: limit) { line in
                read.append((line.bytes.map(Array.init), line.isTerminated))
            }
        } catch {
            throw violation("the reader failed on a regular file: \(error)", bytes)
        }
        // The expectation, computed forwards: lines that are neither blank nor too long count.
        var lines = content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let endsWithNewline = content.last == UInt8(ascii: "\n")
        if endsWithNewline || content.isEmpty { lines.removeLast() }
        func isBlank(_ line: [UInt8]) -> Bool { line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
        let counted = lines.enumerated().filter { !isBlank($0.element) && $0.element.count <= limit }
        let expected = counted.suffix(count).map { (Array($0.element), $0.offset < lines.count - 1 || endsWithNewline) }
        let shown = read.compactMap { line in line.bytes.map { ($0, line.terminated) } }
        guard shown.count == expected.count, zip(shown, expected).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 }) else {
            throw violation(
                "tail -n \(count) read \(shown.count) lines, a forward split finds \(expected.count)",
                bytes
            )
        }
    }

    private static func violation(_ what: String, _ bytes: [UInt8]) -> FuzzInvariantViolation {
        let shown = String(decoding: bytes.prefix(512), as: UTF8.self)
        return FuzzInvariantViolation(description: "\(what); bytes: \(shown.debugDescription)")
    }
}

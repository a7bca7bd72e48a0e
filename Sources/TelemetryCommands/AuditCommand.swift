//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryAudit
import TelemetryCore

/// `telemetry audit FILE`: validate a JSONL event log and look for data that must not be there.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Validate a JSONL event log and flag values that look like personal or secret data.",
        discussion: """
            Reads FILE and its rotated files (FILE.N … FILE.1, oldest first) as one log; - reads
            standard input. Only regular files are read (a FIFO or a device is refused).
            Counts valid events per name, the time range, every invalid line (1-based line numbers),
            and every string (name, tool, version, attribute keys and values) that looks like an
            e-mail, URL, IP address, token or path.
            --json prints {"events","byName","first","last","errors":[{"line","message"}],
            "suspicious":[{"line","key","kind"}]}, and with --schema also "offSchema":[{"line","message"}].
            --schema SCHEMA checks every event against the tool's schema file (what the collector
            publishes at /v1/schema/TOOL): an event, attribute or value not on it is listed.
            Exit 0: clean; 1: invalid lines, suspicious values or events off the schema; 2: a file
            cannot be read; 64: the schema file is invalid.
            """
    )

    @Flag(name: .long, help: "Print JSON for machines instead of text for people.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("A schema file every event must fit.", valueName: "schema"))
    var schema: String?

    @Argument(
        help: ArgumentHelp(
            "The JSONL file to audit, as written by FileSink, or - for standard input.",
            valueName: "file"
        )
    )
    var file: String

    func run() throws {
        var loaded: TelemetrySchema?
        if let schema {
            let contents: FileSystem.FileContents
            switch FileSystem.readFile(atPath: schema, maxBytes: TelemetrySchema.maximumFileSize) {
            case .success(let read): contents = read
            case .failure(let failure):
                Console.diagnostic("cannot read the schema \(schema): \(failure)")
                throw CommandExitCode.io
            }
            do {
                loaded = try TelemetrySchema(jsonBytes: contents.bytes)
            } catch {
                Console.diagnostic("\(schema): \(error.message)")
                throw ExitCode(64)
            }
        }
        let audit: EventLogAudit
        do {
            audit = try EventLogAudit.audit(fileAtPath: file, schema: loaded)
        } catch {
            Console.diagnostic(error.message)
            throw CommandExitCode.io
        }
        if audit.omittedErrors > 0 || audit.omittedFindings > 0 {
            Console.diagnostic(
                "only the first \(EventLogAudit.maximumReports) errors and findings are listed (\(audit.omittedErrors) more errors, \(audit.omittedFindings) more findings)"
            )
        }
        if json {
            Console.output(audit.json)
        } else {
            Console.output(Self.describe(audit, file: file))
        }
        if !audit.isClean { throw CommandExitCode.findings }
    }

    /// The report for people. Every piece that comes from the log is escaped
    /// (``TerminalText``): a hostile line can neither move the cursor nor hide the verdict.
    static func describe(_ audit: EventLogAudit, file: String) -> String {
        let escaped = Console.escaped
        var lines = ["\(escaped(file)): \(audit.lineCount) lines, \(audit.events) valid events"]
        if audit.files.count > 1 {
            lines.append("files (oldest first): \(audit.files.map(escaped).joined(separator: ", "))")
        }
        if let first = audit.first, let last = audit.last {
            lines.append("time range: \(Timestamp.format(first)) to \(Timestamp.format(last))")
        }
        let names = audit.countsByName.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !names.isEmpty {
            lines.append("events by name:")
            let shown = names.map { (escaped($0.key), $0.value) }
            let width = shown.map(\.0.count).max() ?? 0
            for (name, count) in shown {
                lines.append("  \(name)\(String(repeating: " ", count: width - name.count))  \(count)")
            }
        }
        lines.append("errors: \(audit.errors.count + audit.omittedErrors)")
        for error in audit.errors {
            lines.append("  line \(error.line): \(escaped(error.message))")
        }
        if let schema = audit.schema {
            lines.append(
                "off the schema of \(escaped(schema.tool)) (version \(schema.version)): \(audit.offSchema.count)"
            )
            for error in audit.offSchema {
                lines.append("  line \(error.line): \(escaped(error.message))")
            }
        }
        lines.append("suspicious values: \(audit.suspicious.count + audit.omittedFindings)")
        for finding in audit.suspicious {
            let article = finding.kind == .email || finding.kind == .ip || finding.kind == .url ? "an" : "a"
            lines.append(
                "  line \(finding.line): \(escaped(finding.key)) looks like \(article) \(finding.kind.rawValue)"
            )
        }
        lines.append(audit.isClean ? "result: clean" : "result: NOT clean")
        return lines.joined(separator: "\n")
    }
}

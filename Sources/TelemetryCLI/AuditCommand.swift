//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryCore

/// `telemetry audit FILE`: validate a JSONL event log and look for data that must not be there.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Validate a JSONL event log and flag values that look like personal or secret data.",
        discussion: """
            Counts valid events per name, the time range, every invalid line (1-based line numbers),
            and every attribute that looks like an e-mail, URL, IP address, token or path.
            --json prints {"events","byName","first","last","errors":[{"line","message"}],
            "suspicious":[{"line","key","kind"}]}.
            Exit 0: clean; 1: invalid lines or suspicious values; 2: the file cannot be read.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The JSONL file to audit, as written by FileSink.", valueName: "file"))
    var file: String

    func run() throws {
        let audit: EventLogAudit
        do {
            audit = try EventLogAudit.audit(fileAtPath: file)
        } catch {
            Console.diagnostic(error.message)
            throw CommandExitCode.io
        }
        if audit.omittedErrors > 0 || audit.omittedFindings > 0 {
            Console.diagnostic("only the first \(EventLogAudit.maximumReports) errors and findings are listed (\(audit.omittedErrors) more errors, \(audit.omittedFindings) more findings)")
        }
        if options.json {
            Console.output(audit.json)
        } else {
            Console.output(Self.describe(audit, file: file))
        }
        if !audit.isClean { throw CommandExitCode.findings }
    }

    static func describe(_ audit: EventLogAudit, file: String) -> String {
        var lines = ["\(file): \(audit.lineCount) lines, \(audit.events) valid events"]
        if let first = audit.first, let last = audit.last {
            lines.append("time range: \(Timestamp.format(first)) to \(Timestamp.format(last))")
        }
        let names = audit.countsByName.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !names.isEmpty {
            lines.append("events by name:")
            let width = names.map(\.key.count).max() ?? 0
            for (name, count) in names {
                lines.append("  \(name)\(String(repeating: " ", count: width - name.count))  \(count)")
            }
        }
        lines.append("errors: \(audit.errors.count + audit.omittedErrors)")
        for error in audit.errors {
            lines.append("  line \(error.line): \(error.message)")
        }
        lines.append("suspicious values: \(audit.suspicious.count + audit.omittedFindings)")
        for finding in audit.suspicious {
            lines.append("  line \(finding.line): attrs.\(finding.key) looks like \(finding.kind == .email || finding.kind == .ip ? "an" : "a") \(finding.kind.rawValue)")
        }
        lines.append(audit.isClean ? "result: clean" : "result: NOT clean")
        return lines.joined(separator: "\n")
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import HTTPTypes
import TelemetryAudit
import TelemetryCommands
import TelemetryCore
import TelemetrySinks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `telemetry report`: a tool's counts per week from a telemetry-collector.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show a tool's event counts per week from a telemetry-collector.",
        discussion: """
            Reads GET /v1/report?tool=TOOL from the collector (--collector, else
            TELEMETRY_COLLECTOR_URL, else http://127.0.0.1:4380) and prints one row per week and
            value: by event, tool version, operating system and architecture. A private collector's
            token is read from TELEMETRY_COLLECTOR_TOKEN (never from the command line).
            --json prints the collector's report as it is: {"tool","weeks":[{"start","events",
            "byName","byToolVersion","byOperatingSystem","byArchitecture"}]}.
            Exit 0: printed; 2: the collector cannot be reached or answered an error.
            """
    )

    @Option(help: ArgumentHelp("The collector's address.", valueName: "url")) var collector: String?
    @Option(help: ArgumentHelp("The tool to report on.", valueName: "name")) var tool: String
    @Flag(help: "Print the collector's JSON instead of a table.") var json = false

    func run() throws {
        let environment = RuntimeEnvironment.processEnvironment
        let base = collector ?? environment["TELEMETRY_COLLECTOR_URL"] ?? "http://127.0.0.1:4380"
        let token = environment["TELEMETRY_COLLECTOR_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let tool = tool
        let outcome = BlockingWait.result { () async -> Result<[UInt8], TelemetryError> in
            await Self.fetch(base: base, tool: tool, token: token)
        }
        let body: [UInt8]
        switch outcome {
        case .success(let bytes): body = bytes
        case .failure(let error):
            StandardError.write("telemetry report: \(error.message)\n")
            throw ExitCode(2)
        }
        if json {
            print(String(decoding: body, as: UTF8.self))
            return
        }
        guard let report = try? TelemetryValue(jsonBytes: body), let weeks = report["weeks"]?.arrayValue else {
            StandardError.write("telemetry report: the collector's answer is not a report\n")
            throw ExitCode(2)
        }
        print(Self.table(tool: tool, weeks: weeks))
    }

    /// One row per week, dimension and value, counts right-aligned; every text escaped (the
    /// names come from whoever sent events).
    static func table(tool: String, weeks: [TelemetryValue]) -> String {
        var rows: [(String, String, String, String)] = [("week", "by", "value", "events")]
        for week in weeks {
            let start = week["start"]?.stringValue ?? "?"
            rows.append((start, "all", "", String(week["events"]?.intValue ?? 0)))
            for (label, key) in [
                ("event", "byName"), ("tool version", "byToolVersion"), ("os", "byOperatingSystem"),
                ("architecture", "byArchitecture"),
            ] {
                let counts = (week[key]?.objectValue ?? [:]).compactMap { name, count in
                    count.intValue.map { (name, $0) }
                }
                for (name, count) in counts.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) {
                    rows.append((start, label, TerminalText.escaped(name), String(count)))
                }
            }
        }
        if weeks.isEmpty { return "\(TerminalText.escaped(tool)): no events yet" }
        let widths = (
            rows.map(\.0.count).max() ?? 0, rows.map(\.1.count).max() ?? 0, rows.map(\.2.count).max() ?? 0,
            rows.map(\.3.count).max() ?? 0
        )
        func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        var lines = ["\(TerminalText.escaped(tool)): events per week (weeks start on Monday, UTC)"]
        for row in rows {
            let count = String(repeating: " ", count: widths.3 - row.3.count) + row.3
            let line: String = padded(row.0, widths.0) + "  " + padded(row.1, widths.1) + "  " + padded(row.2, widths.2)
            lines.append(line + "  " + count)
        }
        return lines.joined(separator: "\n")
    }

    /// GET the report; an HTTP error status is an error with the collector's message.
    static func fetch(base: String, tool: String, token: String?) async -> Result<[UInt8], TelemetryError> {
        var query = ""
        for byte in tool.utf8 {
            let safe =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            query += safe ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
        }
        let address = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/report?tool=" + query
        guard let url = URLParts(address) else {
            return .failure(TelemetryError(code: .invalidConfiguration, message: "\(base) is not an http(s) URL"))
        }
        var request = HTTPRequest(method: .get, scheme: url.scheme, authority: url.authority, path: url.path)
        if let token { request.headerFields[.authorization] = "Bearer \(token)" }
        do {
            let (response, body) = try await StandardHTTPTransport().send(request, body: [], timeout: .seconds(10))
            guard response.status.code == 200 else {
                let message = (try? TelemetryValue(jsonBytes: body))?["error"]?["message"]?.stringValue ?? ""
                return .failure(
                    TelemetryError(
                        code: .delivery,
                        message: "the collector answered \(response.status.code) \(message)".trimmingWhitespace()
                    )
                )
            }
            return .success(body)
        } catch let error as TelemetryError {
            return .failure(error)
        } catch {
            return .failure(TelemetryError(code: .delivery, message: "cannot reach the collector at \(base): \(error)"))
        }
    }
}

/// The scheme, authority and path-and-query of an http(s) URL.
private struct URLParts {
    var scheme: String
    var authority: String
    var path: String

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "http:" || parts[0] == "https:", parts[1].isEmpty, !parts[2].isEmpty
        else { return nil }
        scheme = String(parts[0].dropLast())
        authority = String(parts[2])
        path = "/" + (parts.count > 3 ? String(parts[3]) : "")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TelemetryCore

/// The scale-out store: ClickHouse through its HTTP interface (`INSERT … FORMAT JSONEachRow`).
///
/// The table is a `ReplacingMergeTree` ordered by `(tool, event_id)`, so a duplicate that
/// slips in collapses at the next merge; the writer also skips ids the table already holds
/// before it inserts, and every count uses `uniqExact(event_id)`, so a report never counts an
/// event twice, merged or not. Table design and operations: Docs/COLLECTOR.md. Works with
/// ClickHouse 18.16 (Debian 12's package) and later.
public final class ClickHouseEventStore: EventStore {
    /// The server's HTTP address, for example `http://127.0.0.1:8123`.
    public let url: String
    /// The table, `events` by default.
    public let table: String
    private let user: String?
    private let password: String?
    private let client: HTTPClient

    /// A store in `table` of the server at `url`; the table is created if it does not exist.
    ///
    /// - Parameters:
    ///   - url: `http(s)://host:port`; a user and password in it are sent as ClickHouse's
    ///     `X-ClickHouse-User`/`-Key` headers, never in a URL.
    /// - Throws: A ``CollectorError`` when the server cannot be reached or refuses the table.
    public init(url: String, table: String = "events", client: HTTPClient = .shared) async throws(CollectorError) {
        guard var components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "http" || scheme == "https", components.host != nil
        else {
            throw CollectorError(
                "--clickhouse must be an http(s) URL such as http://127.0.0.1:8123; got something else"
            )
        }
        guard table.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !table.isEmpty else {
            throw CollectorError("the ClickHouse table name must be letters, digits and underscores")
        }
        user = components.user.map { $0.removingPercentEncoding ?? $0 }
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        components.user = nil
        components.password = nil
        components.path = ""
        components.query = nil
        self.url = components.string ?? url
        self.table = table
        self.client = client
        do {
            _ = try await execute(
                """
                CREATE TABLE IF NOT EXISTS \(table) (
                  event_id     String,
                  tool         String,
                  tool_version String,
                  name         String,
                  machine_id   String,
                  project_id   Nullable(String),
                  os           String,
                  arch         String,
                  occurred_ms  UInt64,
                  attributes   String
                ) ENGINE = ReplacingMergeTree ORDER BY (tool, event_id)
                """,
                // At start: an address that does not answer is a configuration error, said soon.
                timeout: .seconds(5)
            )
        } catch {
            throw CollectorError("cannot create the ClickHouse table \(table) at \(self.url): \(error)")
        }
    }

    public func insert(_ events: [StoredEvent]) async throws -> Int {
        // One writer, so "not yet stored" is decided here: ids already in the table, and
        // repeats within the batch, are skipped.
        var unique: [String: StoredEvent] = [:]
        for event in events where unique[event.eventId] == nil { unique[event.eventId] = event }
        guard !unique.isEmpty else { return 0 }
        let list = unique.keys.map(Self.quoted).joined(separator: ",")
        let tools = Set(unique.values.map(\.tool)).map(Self.quoted).joined(separator: ",")
        // The table's order is (tool, event_id): naming the tools lets it skip to them.
        let existing = try await execute(
            "SELECT DISTINCT event_id FROM \(table) WHERE tool IN (\(tools)) AND event_id IN (\(list)) FORMAT JSONEachRow"
        )
        for line in existing.split(separator: UInt8(ascii: "\n")) {
            if let id = (try? TelemetryValue(jsonBytes: line))?["event_id"]?.stringValue { unique[id] = nil }
        }
        guard !unique.isEmpty else { return 0 }
        var body: [UInt8] = []
        for event in unique.values.sorted(by: { $0.occurredAt < $1.occurredAt }) {
            let row: TelemetryValue = [
                "event_id": .string(event.eventId), "tool": .string(event.tool),
                "tool_version": .string(event.toolVersion), "name": .string(event.name),
                "machine_id": .string(event.machineId), "project_id": event.projectId.map { .string($0) } ?? .null,
                "os": .string(event.operatingSystem), "arch": .string(event.architecture),
                "occurred_ms": .int(Int(event.occurredAt)), "attributes": .string(event.attributes),
            ]
            body += row.jsonBytes
            body.append(UInt8(ascii: "\n"))
        }
        _ = try await execute(query: "INSERT INTO \(table) FORMAT JSONEachRow", body: body)
        return unique.count
    }

    public func report(tool: String) async throws -> CollectorReport {
        let lines = try await execute(
            """
            SELECT toString(toMonday(toDateTime(intDiv(occurred_ms, 1000)))) AS week, name, tool_version, os, arch,
                   uniqExact(event_id) AS n
            FROM \(table) WHERE tool = \(Self.quoted(tool))
            GROUP BY week, name, tool_version, os, arch ORDER BY week FORMAT JSONEachRow
            """
        )
        var rows: [(week: String, name: String, version: String, os: String, arch: String, count: Int)] = []
        for line in lines.split(separator: UInt8(ascii: "\n")) {
            let row = try TelemetryValue(jsonBytes: line)
            guard let week = row["week"]?.stringValue, let name = row["name"]?.stringValue,
                let version = row["tool_version"]?.stringValue, let os = row["os"]?.stringValue,
                let arch = row["arch"]?.stringValue, let count = row["n"]?.intValue
            else { throw CollectorError("ClickHouse answered an unexpected report row") }
            rows.append((week, name, version, os, arch, count))
        }
        return CollectorReport(tool: tool, rows: rows)
    }

    public func count(tool: String?) async throws -> Int {
        let filter = tool.map { " WHERE tool = \(Self.quoted($0))" } ?? ""
        let answer = try await execute("SELECT uniqExact(event_id) AS n FROM \(table)\(filter) FORMAT JSONEachRow")
        return (try? TelemetryValue(jsonBytes: answer))?["n"]?.intValue ?? 0
    }

    // MARK: - HTTP

    /// A string literal for ClickHouse SQL: backslashes and quotes escaped.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Runs `sql` (sent as the body) and returns the answer.
    private func execute(_ sql: String, timeout: TimeAmount = .seconds(30)) async throws -> [UInt8] {
        try await execute(query: nil, body: Array(sql.utf8), timeout: timeout)
    }

    private func execute(query: String?, body: [UInt8], timeout: TimeAmount = .seconds(30)) async throws -> [UInt8] {
        var address = url + "/?output_format_json_quote_64bit_integers=0"
        if let query { address += "&query=" + Self.percentEncoded(query) }
        var request = HTTPClientRequest(url: address)
        request.method = .POST
        if let user { request.headers.add(name: "X-ClickHouse-User", value: user) }
        if let password { request.headers.add(name: "X-ClickHouse-Key", value: password) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: timeout)
        let answer = try await response.body.collect(upTo: 64 << 20)
        guard response.status == .ok else {
            throw CollectorError(
                "ClickHouse answered \(response.status.code): \(String(buffer: answer).prefix(500))"
            )
        }
        return Array(answer.readableBytesView)
    }

    /// Percent-encodes everything but `A-Z a-z 0-9 - . _ ~` (ClickHouse reads `+` as a space).
    static func percentEncoded(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

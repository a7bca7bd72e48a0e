//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TelemetryCollector
import TelemetryCore
import TelemetrySinks
import Testing

/// The scale-out store against a real `clickhouse-server` (Collector/Scripts/test starts one on
/// loopback and sets CLICKHOUSE_URL). Without one these tests fail, unless the run says it has
/// none on purpose (TELEMETRY_COLLECTOR_SKIP_CLICKHOUSE=1).
@Suite(
    "ClickHouse store",
    .serialized,
    .timeLimit(.minutes(2)),
    .enabled(if: ProcessInfo.processInfo.environment["TELEMETRY_COLLECTOR_SKIP_CLICKHOUSE"] != "1")
)
struct ClickHouseStoreTests {
    static func url() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["CLICKHOUSE_URL"],
            "set CLICKHOUSE_URL (Collector/Scripts/test starts a server), or TELEMETRY_COLLECTOR_SKIP_CLICKHOUSE=1"
        )
    }

    static func table() -> String { "events_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }

    @Test("events sent through HTTPSink land in ClickHouse once each; the report counts them by week and platform")
    func ingestIntoClickHouse() async throws {
        let url = try Self.url()
        let table = Self.table()
        let store = try await ClickHouseEventStore(url: url, table: table)
        let (_, collector) = try await CollectorTests.withLiveCollector(store: store) { client, _ in
            let port = try #require(client.port)
            let sink = try HTTPSink(endpoint: "http://localhost:\(port)/v1/events")
            let context = TelemetryContext(
                tool: "ch-tool",
                toolVersion: "3.0.0",
                sink: sink,
                policy: .enabled,
                salt: "t"
            )
            for n in 0..<50 { context.record("command_run", attributes: ["n": .int(n), "quote": "it's \"fine\"\\"]) }
            try await sink.shutdown(deadline: .now + .seconds(10))
            #expect(sink.statistics.delivered == 50)
            // A resend of stored lines, and a batch holding one id twice: no new rows.
            let line = CollectorTests.line(tool: "ch-tool", id: "00000000000000000000000000000001")
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/v1/events",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: CollectorTests.array([line, line])
                ) { #expect($0.status == .accepted) }
            }
        }
        #expect(try await collector.store.count(tool: "ch-tool") == 51)
        #expect(collector.statistics.snapshot.stored == 51)
        #expect(collector.statistics.snapshot.duplicates == 3)
        let report = try await collector.store.report(tool: "ch-tool")
        #expect(report.weeks.reduce(0) { $0 + $1.events } == 51)
        #expect(report.weeks.last?.byToolVersion["3.0.0"] == 50)
        #expect(report.weeks.first?.start == "2026-11-30")
    }

    @Test("an unreachable or refusing server is a clear error at start, never a crash")
    func unreachable() async throws {
        let error = await #expect(throws: CollectorError.self) {
            _ = try await ClickHouseEventStore(url: "http://127.0.0.1:1", table: "events")
        }
        #expect(error?.description.contains("cannot create the ClickHouse table") == true)
        await #expect(throws: CollectorError.self) {
            _ = try await ClickHouseEventStore(url: "ftp://x", table: "events")
        }
        await #expect(throws: CollectorError.self) {
            _ = try await ClickHouseEventStore(url: try Self.url(), table: "bad; DROP TABLE x")
        }
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TelemetryCollector
import TelemetryCore

/// `telemetry-collector`: receives, validates, stores and shows what tools send.
@main
struct CollectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telemetry-collector",
        abstract: "Receive swift-telemetry events, keep what each tool's schema allows, and show counts.",
        discussion: """
            Listens on HOST:PORT (127.0.0.1:4380 by default) for POST /v1/events, /v1/envelope and
            /v1/logs (gzip accepted), stores into SQLite (--sqlite, ./telemetry.sqlite by default) or
            ClickHouse (--clickhouse URL), and serves GET /v1/schema/TOOL, /v1/report?tool=TOOL, /
            (charts), /v1/stats and /healthz. With --schema files, only events on a tool's schema are
            stored; without, every valid event is. SIGTERM or SIGINT: stops accepting, stores
            everything acknowledged, exits 0. The address of a request is used only for the
            in-memory rate limit; nothing about a request is stored or logged.
            """,
        version: "0.2.0"
    )

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed at start).") var port = 4380
    @Option(help: ArgumentHelp("The SQLite database file.", valueName: "path")) var sqlite = "telemetry.sqlite"
    @Option(help: ArgumentHelp("A ClickHouse HTTP address to store into instead of SQLite.", valueName: "url"))
    var clickhouse: String?
    @Option(help: ArgumentHelp("A tool's schema file (repeat for several tools).", valueName: "file"))
    var schema: [String] = []
    @Option(help: "Requests per second one source may keep up.") var rate = 10.0
    @Option(help: "Requests one source may send at once.") var burst = 50.0
    @Option(help: "The most events waiting to be stored.") var queueCapacity = 100_000
    @Option(help: "The largest request body in bytes.") var maximumBodySize = 1 << 20
    @Option(help: "trace, debug, info (default), notice, warning, error or critical.") var logLevel = "info"

    mutating func run() async throws {
        var logger = Logger(label: "telemetry-collector")
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError(
                "--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        logger.logLevel = level
        var configuration = CollectorConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.requestsPerSecond = rate
        configuration.burst = burst
        configuration.queueCapacity = queueCapacity
        configuration.maximumBodySize = maximumBodySize
        // Read from the environment, not the command line: a token in `ps` is a leaked token.
        configuration.bearerToken = ProcessInfo.processInfo.environment["TELEMETRY_COLLECTOR_TOKEN"]
            .flatMap { $0.isEmpty ? nil : $0 }
        do {
            var schemas: [TelemetrySchema] = []
            for path in schema {
                let bytes: [UInt8]
                do {
                    bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                } catch {
                    throw CollectorError("cannot read the schema \(path): \(error.localizedDescription)")
                }
                do {
                    schemas.append(try TelemetrySchema(jsonBytes: bytes))
                } catch {
                    throw CollectorError("\(path): \(error.message)")
                }
            }
            configuration.schemas = try SchemaRegistry(schemas)
            if !configuration.schemas.isEnforcing {
                logger.warning("No --schema given: every valid event is stored. Give each tool's schema in production.")
            }
            let store: any EventStore
            if let clickhouse {
                store = try await ClickHouseEventStore(url: clickhouse)
            } else {
                store = try SQLiteEventStore(path: sqlite)
            }
            let collector = Collector(configuration: configuration, store: store, logger: logger)
            let app = collector.application { port in
                // The first line on standard output: the port, for scripts that asked for port 0.
                // Written unbuffered, at once: a script reading the pipe must not wait for it.
                FileHandle.standardOutput.write(Data("listening on \(port)\n".utf8))
            }
            try await app.runService()
        } catch let error as CollectorError {
            FileHandle.standardError.write(Data("telemetry-collector: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TelemetryCollector
import TelemetryCore

/// A fresh directory, removed when the value is released.
final class ScratchDirectory: Sendable {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("collector-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

enum CollectorTests {
    static let machineId = String(repeating: "ab", count: 32)

    /// An event line as the library writes it.
    static func line(
        _ name: String = "command_run",
        tool: String = "mytool",
        id: String? = nil,
        at timestamp: String = "2026-12-01T10:00:00.000Z",
        attributes: String = #"{"command":"build"}"#
    ) -> String {
        let identifier = id ?? UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return
            #"{"schema":1,"name":"\#(name)","tool":"\#(tool)","tool_version":"1.0.0","machine_id":"\#(machineId)","os":"linux","arch":"x86_64","timestamp_utc":"\#(timestamp)","event_id":"\#(identifier)","attrs":\#(attributes)}"#
    }

    static func array(_ lines: [String]) -> ByteBuffer {
        ByteBuffer(string: "[" + lines.joined(separator: ",") + "]")
    }

    static let schema = try! TelemetrySchema(
        jsonBytes: Array(
            #"{"format":1,"tool":"mytool","version":1,"events":{"command_run":{"attributes":{"command":{"type":"string","values":["build","test"]}}}}}"#
                .utf8
        )
    )

    /// Runs `body` against a live collector (a real server on localhost) over SQLite in a
    /// scratch directory; the writer has stored everything when it returns.
    /// The defaults, with an ephemeral port.
    static var configuration: CollectorConfiguration {
        var configuration = CollectorConfiguration()
        configuration.port = 0
        return configuration
    }

    static func withLiveCollector<Value: Sendable>(
        _ configuration: CollectorConfiguration = CollectorTests.configuration,
        store: (any EventStore)? = nil,
        _ body: @Sendable (any TestClientProtocol, Collector) async throws -> Value
    ) async throws -> (Value, Collector) {
        let directory = ScratchDirectory()
        var configuration = configuration
        configuration.port = 0
        let made = try store ?? SQLiteEventStore(path: directory.file("telemetry.sqlite"))
        let store = DirectoryBoundStore(base: made, directory: directory)
        var logger = Logger(label: "collector-tests")
        logger.logLevel = .warning
        let collector = Collector(configuration: configuration, store: store, logger: logger)
        let value = try await collector.application().test(.live) { client in
            try await body(client, collector)
        }
        return (value, collector)
    }
}

/// A store that keeps its scratch directory for as long as it lives, so that a test can read
/// it after the collector stopped.
struct DirectoryBoundStore: EventStore {
    let base: any EventStore
    let directory: ScratchDirectory

    func insert(_ events: [StoredEvent]) async throws -> Int { try await base.insert(events) }
    func report(tool: String) async throws -> CollectorReport { try await base.report(tool: tool) }
    func count(tool: String?) async throws -> Int { try await base.count(tool: tool) }
}

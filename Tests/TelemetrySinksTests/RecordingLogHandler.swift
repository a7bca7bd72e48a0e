//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Logging
@_spi(TelemetryInternals) import TelemetryCore

/// A `LogHandler` that keeps every message with its metadata, so that tests can assert what a
/// sink logged (and that it never logged a secret).
struct RecordingLogHandler: LogHandler {
    /// The shared store of log lines.
    final class Store: Sendable {
        private let lines = LockedValue<[(level: Logger.Level, text: String)]>([])

        /// `message key=value …` for every record, oldest first.
        var all: [(level: Logger.Level, text: String)] { lines.withLock { $0 } }

        /// Every line joined, for substring checks.
        var joined: String { all.map(\.text).joined(separator: "\n") }

        fileprivate func append(_ level: Logger.Level, _ text: String) {
            lines.withLock { $0.append((level, text)) }
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    /// A logger writing into a new store.
    static func logger(label: String = "test") -> (Logger, Store) {
        let store = Store()
        return (Logger(label: label) { _ in RecordingLogHandler(store: store) }, store)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        store.append(event.level, "\(event.message) \(rendered)")
    }
}

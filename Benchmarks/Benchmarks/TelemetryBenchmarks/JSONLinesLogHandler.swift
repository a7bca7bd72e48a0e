//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Logging

/// The baseline of benchmark 5: a minimal JSON-lines file `LogHandler`, written the way many
/// users would write one instead of adopting a telemetry library — a `Codable` line, a
/// `JSONEncoder`, an ISO 8601 timestamp and one `FileHandle` write (one `write(2)`) per line.
struct JSONLinesLogHandler: LogHandler {
    /// The file and the encoder every copy of the handler shares.
    final class Output: Sendable {
        let handle: FileHandle
        let encoder = JSONEncoder()

        init(path: String) {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            precondition(descriptor >= 0, "cannot open \(path)")
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        }
    }

    /// One line of the file.
    struct Line: Encodable {
        var timestamp: String
        var level: String
        var message: String
        var metadata: [String: MetadataJSON]
    }

    /// `Logger.MetadataValue` as JSON.
    enum MetadataJSON: Encodable {
        case string(String)
        case array([MetadataJSON])
        case object([String: MetadataJSON])

        init(_ value: Logger.MetadataValue) {
            switch value {
            case .string(let string): self = .string(string)
            case .stringConvertible(let convertible): self = .string(convertible.description)
            case .array(let values): self = .array(values.map(MetadataJSON.init))
            case .dictionary(let members): self = .object(members.mapValues(MetadataJSON.init))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let string): try container.encode(string)
            case .array(let values): try container.encode(values)
            case .object(let members): try container.encode(members)
            }
        }
    }

    let output: Output
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(output: Output) {
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.MetadataValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let line = Line(
            timestamp: Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date()),
            level: event.level.rawValue,
            message: event.message.description,
            metadata: merged.mapValues(MetadataJSON.init)
        )
        guard var data = try? output.encoder.encode(line) else { return }
        data.append(UInt8(ascii: "\n"))
        try? output.handle.write(contentsOf: data)
    }
}

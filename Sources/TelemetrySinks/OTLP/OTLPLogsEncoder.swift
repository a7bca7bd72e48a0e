//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Logging
import TelemetryCore

#if canImport(FoundationEssentials)
import struct FoundationEssentials.Date
#else
import struct Foundation.Date
#endif

/// Writes a batch of events as an OTLP/HTTP JSON `ExportLogsServiceRequest`
/// (opentelemetry-proto `collector/logs/v1`), following the protobuf JSON mapping: lowerCamelCase
/// keys, 64-bit integers as decimal strings, enums as numbers.
///
/// Each event becomes a log record in the OpenTelemetry Events form: `eventName` is the event's
/// name, `severityNumber` 9 (`INFO`), `timeUnixNano` its timestamp, `observedTimeUnixNano` when
/// the sink received it, and its attributes typed (`stringValue`, `boolValue`, `intValue`,
/// `doubleValue`, `arrayValue`, `kvlistValue`) plus `telemetry.machine_id` and, when the event
/// has one, `telemetry.event_id` (for de-duplication). Events are grouped
/// into one `resourceLogs` entry per `service.name`/`service.version`.
struct OTLPLogsEncoder: Sendable {
    /// Attribute key of the event's salted machine id.
    static let machineIdKey = "telemetry.machine_id"
    /// Attribute key of the event's own id.
    static let eventIdKey = "telemetry.event_id"
    /// Attribute key of the recording tool's operating system (`os` of the event line).
    static let operatingSystemKey = "telemetry.os"
    /// Attribute key of the recording tool's architecture (`arch` of the event line).
    static let architectureKey = "telemetry.arch"

    var serviceName: String?
    var serviceVersion: String?
    var resourceAttributes: [String: TelemetryValue]

    func encode(_ records: [OTLPLogRecord]) -> [UInt8] {
        // Group by resource, keeping the order in which resources first appear.
        var order: [ResourceKey] = []
        var groups: [ResourceKey: [OTLPLogRecord]] = [:]
        for record in records {
            let key = ResourceKey(
                name: serviceName ?? record.event.tool,
                version: serviceVersion ?? record.event.toolVersion
            )
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(record)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 320)
        JSONWriter.append(#"{"resourceLogs":["#, to: &bytes)
        for (index, key) in order.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeResourceLogs(key, records: groups[key] ?? [], into: &bytes)
        }
        JSONWriter.append("]}", to: &bytes)
        return bytes
    }

    private struct ResourceKey: Hashable {
        var name: String
        var version: String
    }

    private func writeResourceLogs(_ key: ResourceKey, records: [OTLPLogRecord], into bytes: inout [UInt8]) {
        var attributes = TelemetryAttributes(resourceAttributes)
        attributes["service.name"] = .string(key.name)
        attributes["service.version"] = .string(key.version)
        attributes["telemetry.sdk.name"] = attributes["telemetry.sdk.name"] ?? "swift-telemetry"
        attributes["telemetry.sdk.language"] = attributes["telemetry.sdk.language"] ?? "swift"
        attributes["telemetry.sdk.version"] = attributes["telemetry.sdk.version"] ?? .string(LibraryVersion.string)
        JSONWriter.append(#"{"resource":{"attributes":"#, to: &bytes)
        Self.writeKeyValues(attributes, into: &bytes)
        JSONWriter.append(#"},"scopeLogs":[{"scope":{"name":"swift-telemetry","version":"#, to: &bytes)
        JSONWriter.writeString(LibraryVersion.string, into: &bytes)
        JSONWriter.append(#"},"logRecords":["#, to: &bytes)
        for (index, record) in records.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.writeLogRecord(record, into: &bytes)
        }
        JSONWriter.append("]}]}", to: &bytes)
    }

    private static func writeLogRecord(_ record: OTLPLogRecord, into bytes: inout [UInt8]) {
        let event = record.event
        JSONWriter.append(#"{"timeUnixNano":""#, to: &bytes)
        writeDecimal(Int64(Timestamp.milliseconds(event.timestamp)) * 1_000_000, into: &bytes)
        JSONWriter.append(#"","observedTimeUnixNano":""#, to: &bytes)
        writeDecimal(unixNanoseconds(record.observedAt), into: &bytes)
        JSONWriter.append(#"","severityNumber":9,"severityText":"INFO","eventName":"#, to: &bytes)
        JSONWriter.writeString(event.name, into: &bytes)
        JSONWriter.append(#","attributes":"#, to: &bytes)
        var attributes = event.attributes
        attributes[machineIdKey] = .string(event.machineId)
        if let id = event.id { attributes[eventIdKey] = .string(id) }
        if let operatingSystem = event.operatingSystem { attributes[operatingSystemKey] = .string(operatingSystem) }
        if let architecture = event.architecture { attributes[architectureKey] = .string(architecture) }
        writeKeyValues(attributes, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    /// `[{"key":…,"value":AnyValue},…]`, keys sorted.
    private static func writeKeyValues(_ members: TelemetryAttributes, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.append(#"{"key":"#, to: &bytes)
            JSONWriter.writeString(key, into: &bytes)
            JSONWriter.append(#","value":"#, to: &bytes)
            writeAnyValue(value, into: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// One `AnyValue`; `null` is the empty `AnyValue`, `{}`.
    private static func writeAnyValue(_ value: TelemetryValue, into bytes: inout [UInt8]) {
        switch value {
        case .null:
            JSONWriter.append("{}", to: &bytes)
        case .bool(let flag):
            JSONWriter.append(flag ? #"{"boolValue":true}"# : #"{"boolValue":false}"#, to: &bytes)
        case .int(let number):
            JSONWriter.append(#"{"intValue":""#, to: &bytes)
            writeDecimal(Int64(number), into: &bytes)
            JSONWriter.append(#""}"#, to: &bytes)
        case .double(let number):
            JSONWriter.append(#"{"doubleValue":"#, to: &bytes)
            if number.isNaN {
                JSONWriter.append(#""NaN""#, to: &bytes)
            } else if number.isInfinite {
                JSONWriter.append(number > 0 ? #""Infinity""# : #""-Infinity""#, to: &bytes)
            } else {
                JSONWriter.writeDouble(number, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .string(let string):
            JSONWriter.append(#"{"stringValue":"#, to: &bytes)
            JSONWriter.writeString(string, into: &bytes)
            bytes.append(UInt8(ascii: "}"))
        case .array(let elements):
            JSONWriter.append(#"{"arrayValue":{"values":["#, to: &bytes)
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeAnyValue(element, into: &bytes)
            }
            JSONWriter.append("]}}", to: &bytes)
        case .object(let members):
            JSONWriter.append(#"{"kvlistValue":{"values":"#, to: &bytes)
            writeKeyValues(TelemetryAttributes(members), into: &bytes)
            JSONWriter.append("}}", to: &bytes)
        }
    }

    private static func writeDecimal(_ number: Int64, into bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(number).utf8)
    }

    /// Nanoseconds since 1970 at microsecond precision (what a `Double` date holds reliably).
    static func unixNanoseconds(_ date: Date) -> Int64 {
        let microseconds = (date.timeIntervalSince1970 * 1_000_000).rounded()
        guard microseconds.isFinite, abs(microseconds) < 9.2e15 else { return 0 }
        return Int64(microseconds) * 1000
    }
}

extension OTLPLogsEncoder: WireFormat {
    var contentType: String { "application/json" }

    func record(for event: Event) -> OTLPLogRecord {
        OTLPLogRecord(event: event, observedAt: Date())
    }

    func body(for records: [OTLPLogRecord]) -> [UInt8] {
        encode(records)
    }

    /// Logs a `partialSuccess` as a warning, as the OTLP specification says (never retried).
    func didDeliver(responseBody: [UInt8], count: Int, logger: Logger) {
        guard let partial = OTLPPartialSuccess.parse(responseBody) else { return }
        logger.warning(
            "OTLP collector accepted the export only partially",
            metadata: [
                "rejectedLogRecords": "\(partial.rejectedLogRecords)",
                "logRecords": "\(count)",
                "errorMessage": "\(partial.errorMessage)",
            ]
        )
    }
}

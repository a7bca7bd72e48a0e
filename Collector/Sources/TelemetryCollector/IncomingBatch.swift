//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import TelemetryCore

/// The events of one request, read from one of the three wire formats the collector accepts.
struct IncomingBatch: Sendable {
    /// The events that are valid events (not yet checked against a schema).
    var events: [Event] = []
    /// Elements that are not valid events, counted and dropped.
    var invalid = 0

    /// Why a body is refused as a whole (a 400 that says what to fix).
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// `POST /v1/events`: a JSON array of event lines, as `HTTPSink` sends them.
    static func eventArray(_ body: [UInt8]) throws(Refusal) -> IncomingBatch {
        guard case .array(let elements) = try parse(body) else {
            throw Refusal(description: "the body must be a JSON array of events")
        }
        var batch = IncomingBatch()
        for element in elements {
            if let event = try? EventDecoder().decode(element) {
                batch.events.append(event)
            } else {
                batch.invalid += 1
            }
        }
        return batch
    }

    /// `POST /v1/envelope`: one Better Auth `{"type","anonymousId","payload"}` envelope. It names
    /// no tool, version or machine: `tool` comes from the `tool` query parameter (the Better
    /// Auth publisher's `swift-auth` by default), the time is the time it arrived.
    static func envelope(_ body: [UInt8], tool: String, now: Date) throws(Refusal) -> IncomingBatch {
        guard case .object(let members) = try parse(body), let type = members["type"]?.stringValue, !type.isEmpty,
            let payload = members["payload"]?.objectValue
        else {
            throw Refusal(description: #"the body must be one {"type","anonymousId","payload"} envelope"#)
        }
        var projectId: String?
        switch members["anonymousId"] {
        case .string(let id)? where !id.isEmpty && id.utf8.count <= 128: projectId = id
        case .null?, nil: projectId = nil
        default: throw Refusal(description: "\"anonymousId\" must be a short string or null")
        }
        let event = Event(
            name: type,
            tool: tool,
            toolVersion: payload["version"]?.stringValue ?? "unknown",
            machineId: "",
            timestamp: now,
            attributes: TelemetryAttributes(payload),
            projectId: projectId
        )
        return IncomingBatch(events: [event])
    }

    /// `POST /v1/logs`: an OTLP/HTTP JSON `ExportLogsServiceRequest`, as `OTLPSink` (or an
    /// OpenTelemetry SDK) sends it. `service.name` is the tool, `service.version` its version,
    /// `eventName` the event's name; the `telemetry.*` attributes `OTLPSink` adds become the
    /// event's ids and platform again.
    static func otlpLogs(_ body: [UInt8]) throws(Refusal) -> IncomingBatch {
        guard case .object(let request) = try parse(body), let resourceLogs = request["resourceLogs"]?.arrayValue else {
            throw Refusal(description: "the body must be an OTLP ExportLogsServiceRequest with \"resourceLogs\"")
        }
        var batch = IncomingBatch()
        for resourceLog in resourceLogs {
            let resource = keyValues(resourceLog.objectValue?["resource"]?.objectValue?["attributes"])
            let tool = resource["service.name"]?.stringValue ?? "unknown_service"
            let version = resource["service.version"]?.stringValue ?? "unknown"
            for scopeLog in resourceLog.objectValue?["scopeLogs"]?.arrayValue ?? [] {
                for record in scopeLog.objectValue?["logRecords"]?.arrayValue ?? [] {
                    guard let record = record.objectValue, let name = record["eventName"]?.stringValue, !name.isEmpty
                    else {
                        batch.invalid += 1
                        continue
                    }
                    var attributes = keyValues(record["attributes"])
                    let machineId = attributes.removeValue(forKey: "telemetry.machine_id")?.stringValue ?? ""
                    let id = attributes.removeValue(forKey: "telemetry.event_id")?.stringValue
                    let operatingSystem = attributes.removeValue(forKey: "telemetry.os")?.stringValue
                    let architecture = attributes.removeValue(forKey: "telemetry.arch")?.stringValue
                    let nanoseconds = record["timeUnixNano"].flatMap(integer) ?? 0
                    batch.events.append(
                        Event(
                            name: name,
                            tool: tool,
                            toolVersion: version,
                            machineId: machineId,
                            timestamp: Date(timeIntervalSince1970: Double(nanoseconds / 1_000_000) / 1000),
                            attributes: TelemetryAttributes(attributes),
                            id: id,
                            operatingSystem: operatingSystem,
                            architecture: architecture
                        )
                    )
                }
            }
        }
        return batch
    }

    // MARK: - Helpers

    private static func parse(_ body: [UInt8]) throws(Refusal) -> TelemetryValue {
        guard !body.isEmpty else { throw Refusal(description: "the body is empty") }
        do {
            return try TelemetryValue(jsonBytes: body)
        } catch {
            throw Refusal(description: "the body is not valid JSON: \(error.message)")
        }
    }

    /// OTLP's `[{"key":…,"value":AnyValue}]` as a dictionary.
    private static func keyValues(_ value: TelemetryValue?) -> [String: TelemetryValue] {
        var result: [String: TelemetryValue] = [:]
        for pair in value?.arrayValue ?? [] {
            guard let key = pair.objectValue?["key"]?.stringValue else { continue }
            result[key] = anyValue(pair.objectValue?["value"])
        }
        return result
    }

    /// An OTLP `AnyValue`; 64-bit integers arrive as strings in OTLP/JSON.
    private static func anyValue(_ value: TelemetryValue?) -> TelemetryValue {
        guard let members = value?.objectValue else { return .null }
        if let string = members["stringValue"]?.stringValue { return .string(string) }
        if let flag = members["boolValue"]?.boolValue { return .bool(flag) }
        if let number = members["intValue"].flatMap(integer) { return .int(number) }
        if let number = members["doubleValue"]?.doubleValue { return .double(number) }
        if let values = members["arrayValue"]?.objectValue?["values"]?.arrayValue {
            return .array(values.map(anyValue))
        }
        if let values = members["kvlistValue"]?.objectValue?["values"] { return .object(keyValues(values)) }
        return .null
    }

    private static func integer(_ value: TelemetryValue) -> Int? {
        if let number = value.intValue { return number }
        return value.stringValue.flatMap { Int($0) }
    }
}

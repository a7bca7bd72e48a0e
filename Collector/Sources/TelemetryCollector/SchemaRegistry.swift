//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// The schemas the collector enforces, one per tool.
///
/// With schemas, an event is stored only when its tool has one and it fits it; everything else
/// is dropped and counted. With none (a development collector), every valid event is stored.
public struct SchemaRegistry: Sendable {
    /// The schemas by tool.
    public private(set) var schemas: [String: TelemetrySchema]

    /// A registry of `schemas`; two schemas for one tool is a configuration error.
    public init(_ schemas: [TelemetrySchema]) throws(CollectorError) {
        var byTool: [String: TelemetrySchema] = [:]
        for schema in schemas {
            guard byTool[schema.tool] == nil else {
                throw CollectorError("two schemas for the tool \"\(schema.tool)\": give one file per tool")
            }
            byTool[schema.tool] = schema
        }
        self.schemas = byTool
    }

    /// Whether any schema is enforced.
    public var isEnforcing: Bool { !schemas.isEmpty }

    /// Why `event` is not stored, or `nil` when it may be.
    public func refusal(of event: Event) -> String? {
        guard isEnforcing else { return nil }
        guard let schema = schemas[event.tool] else { return "no schema for the tool \"\(event.tool)\"" }
        return schema.violation(of: event)?.description
    }
}

/// A collector misconfiguration or a store failure, saying what failed and what to do.
public struct CollectorError: Error, CustomStringConvertible, Sendable {
    /// What failed.
    public var description: String

    /// An error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

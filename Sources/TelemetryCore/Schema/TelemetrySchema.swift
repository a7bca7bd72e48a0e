//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// What one tool may collect: its events, each with the attributes it may carry, their types and
/// allowed values, and an optional sampling rate. One file, enforced at both ends: the client
/// drops what is not on it before it leaves the process (``filter(_:)`` in a `FilteringSink`),
/// `telemetry audit --schema FILE` checks a log against it, and the collector stores nothing
/// else and publishes it at `GET /v1/schema/<tool>`, so that anyone can read what is collected.
///
/// The file is JSON:
///
/// ```json
/// {
///   "format": 1,
///   "tool": "mytool",
///   "version": 3,
///   "events": {
///     "command_run": {
///       "attributes": {
///         "command": {"type": "string", "values": ["build", "test", "run"]},
///         "duration_ms": {"type": "int", "minimum": 0, "maximum": 86400000},
///         "cached": {"type": "bool"}
///       },
///       "sampleRate": 0.25
///     }
///   }
/// }
/// ```
///
/// `format` is the file format (1); `version` is the schema's own version, which the tool's
/// author raises with every change. A string attribute must list its values: free text never
/// fits a schema, so it can never be collected. Integers and doubles may have a `minimum` and a
/// `maximum`. An attribute may be left out of an event; one that is not listed may not appear.
public struct TelemetrySchema: Sendable, Hashable {
    /// The file format this library reads and writes.
    public static let format = 1

    /// The tool the schema is for.
    public var tool: String
    /// The schema's own version.
    public var version: Int
    /// The events the tool may send, by name.
    public var events: [String: EventRule]

    /// What one event may carry.
    public struct EventRule: Sendable, Hashable {
        /// The attributes it may carry, by key.
        public var attributes: [String: AttributeRule]
        /// The share of these events that is kept, from 0 (none) to 1 (all, the default).
        public var sampleRate: Double

        /// Creates a rule.
        public init(attributes: [String: AttributeRule] = [:], sampleRate: Double = 1) {
            self.attributes = attributes
            self.sampleRate = sampleRate
        }
    }

    /// The type and the allowed values of one attribute.
    public enum AttributeRule: Sendable, Hashable {
        /// One of `values`.
        case string(values: Set<String>)
        /// An integer within the bounds (each optional).
        case int(minimum: Int?, maximum: Int?)
        /// A number within the bounds (each optional); integers are numbers too.
        case double(minimum: Double?, maximum: Double?)
        /// `true` or `false`.
        case bool
    }

    /// Creates a schema.
    public init(tool: String, version: Int, events: [String: EventRule]) {
        self.tool = tool
        self.version = version
        self.events = events
    }
}

// MARK: - Checking events

extension TelemetrySchema {
    /// Why an event does not fit the schema.
    public enum Violation: Sendable, Hashable, CustomStringConvertible {
        /// The event is of another tool.
        case otherTool(String)
        /// The event's name is not in the schema.
        case unknownEvent(String)
        /// The event carries an attribute the schema does not list.
        case unknownAttribute(event: String, key: String)
        /// An attribute's value has another type, or is not allowed.
        case invalidValue(event: String, key: String, reason: String)

        public var description: String {
            switch self {
            case .otherTool(let tool): "the event is of the tool \"\(tool)\", not of this schema's"
            case .unknownEvent(let name): "the event \"\(name)\" is not in the schema"
            case .unknownAttribute(let event, let key):
                "the attribute \"\(key)\" of \"\(event)\" is not in the schema"
            case .invalidValue(let event, let key, let reason):
                "the attribute \"\(key)\" of \"\(event)\" \(reason)"
            }
        }
    }

    /// The first way `event` does not fit, or `nil` when it fits.
    public func violation(of event: Event) -> Violation? {
        guard event.tool == tool else { return .otherTool(event.tool) }
        return violation(name: event.name, attributes: event.attributes)
    }

    /// The first way an event named `name` with `attributes` does not fit, or `nil`.
    public func violation(name: String, attributes: TelemetryAttributes) -> Violation? {
        guard let rule = events[name] else { return .unknownEvent(name) }
        for (key, value) in attributes {
            guard let attribute = rule.attributes[key] else { return .unknownAttribute(event: name, key: key) }
            if let reason = attribute.problem(with: value) {
                return .invalidValue(event: name, key: key, reason: reason)
            }
        }
        return nil
    }

    /// A transform for a `FilteringSink` (or `TelemetryContext.Configuration.filter`): events
    /// that fit are kept (sampled at their rate), everything else is dropped before it leaves
    /// the process.
    public var filter: @Sendable (Event) -> Event? {
        let schema = self
        return { event in
            guard schema.violation(of: event) == nil else { return nil }
            let rate = schema.events[event.name]?.sampleRate ?? 1
            guard rate >= 1 || Double.random(in: 0..<1) < rate else { return nil }
            return event
        }
    }
}

extension TelemetrySchema.AttributeRule {
    /// Why `value` is not allowed, or `nil`.
    func problem(with value: TelemetryValue) -> String? {
        switch (self, value) {
        case (.string(let values), .string(let string)):
            return values.contains(string) ? nil : "is not one of the listed values"
        case (.int(let minimum, let maximum), .int(let number)):
            if let minimum, number < minimum { return "is below its minimum \(minimum)" }
            if let maximum, number > maximum { return "is above its maximum \(maximum)" }
            return nil
        case (.double(let minimum, let maximum), .double), (.double(let minimum, let maximum), .int):
            guard let number = value.doubleValue else { return "is not a number" }
            if let minimum, number < minimum { return "is below its minimum \(minimum)" }
            if let maximum, number > maximum { return "is above its maximum \(maximum)" }
            return nil
        case (.bool, .bool):
            return nil
        default:
            return "has the wrong type (\(self.typeName) expected)"
        }
    }

    var typeName: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .double: "double"
        case .bool: "bool"
        }
    }
}

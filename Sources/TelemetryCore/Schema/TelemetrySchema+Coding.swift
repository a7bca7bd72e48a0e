//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

extension TelemetrySchema {
    /// The largest schema file read (a schema lists enumerated values, never data).
    public static let maximumFileSize = 1 << 20

    /// Reads a schema from its JSON file contents.
    ///
    /// - Throws: A `TelemetryError` with the `serialization` code that names the first problem
    ///   and where it is (`events.command_run.attributes.command: a string needs "values"`).
    public init(jsonBytes: some Collection<UInt8>) throws(TelemetryError) {
        let bytes = Array(jsonBytes)
        guard bytes.count <= Self.maximumFileSize else {
            throw Self.problem("the file is larger than \(Self.maximumFileSize) bytes")
        }
        let value: TelemetryValue
        do {
            value = try TelemetryValue(jsonBytes: bytes)
        } catch {
            throw Self.problem("not valid JSON: \(error.message)")
        }
        guard let root = value.objectValue else { throw Self.problem("the file is not a JSON object") }
        try Self.only(["format", "tool", "version", "events"], in: root, at: "")
        guard root["format"]?.intValue == Self.format else {
            throw Self.problem("\"format\" must be \(Self.format) (this library reads format \(Self.format))")
        }
        guard let tool = root["tool"]?.stringValue, !tool.isEmpty else {
            throw Self.problem("\"tool\" must be the tool's name")
        }
        guard let version = root["version"]?.intValue, version >= 1 else {
            throw Self.problem("\"version\" must be a positive integer")
        }
        guard let events = root["events"]?.objectValue else { throw Self.problem("\"events\" must be an object") }
        var rules: [String: EventRule] = [:]
        for (name, rule) in events {
            rules[name] = try Self.eventRule(rule, at: "events.\(name)")
        }
        self.init(tool: tool, version: version, events: rules)
    }

    /// The schema as JSON, keys sorted, indented: what `GET /v1/schema/<tool>` serves.
    public var jsonBytes: [UInt8] {
        var events: [String: TelemetryValue] = [:]
        for (name, rule) in self.events {
            var attributes: [String: TelemetryValue] = [:]
            for (key, attribute) in rule.attributes {
                attributes[key] = attribute.jsonValue
            }
            var members: [String: TelemetryValue] = ["attributes": .object(attributes)]
            if rule.sampleRate < 1 { members["sampleRate"] = .double(rule.sampleRate) }
            events[name] = .object(members)
        }
        let root: TelemetryValue = [
            "format": .int(Self.format), "tool": .string(tool), "version": .int(version), "events": .object(events),
        ]
        return Array((root.prettyJSON + "\n").utf8)
    }

    private static func eventRule(_ value: TelemetryValue, at path: String) throws(TelemetryError) -> EventRule {
        guard let members = value.objectValue else { throw problem("\(path): must be an object") }
        try only(["attributes", "sampleRate"], in: members, at: path)
        var attributes: [String: AttributeRule] = [:]
        if let listed = members["attributes"] {
            guard let listed = listed.objectValue else { throw problem("\(path).attributes: must be an object") }
            for (key, rule) in listed {
                attributes[key] = try attributeRule(rule, at: "\(path).attributes.\(key)")
            }
        }
        var sampleRate = 1.0
        if let rate = members["sampleRate"] {
            guard let number = rate.doubleValue, number >= 0, number <= 1 else {
                throw problem("\(path).sampleRate: must be a number from 0 to 1")
            }
            sampleRate = number
        }
        return EventRule(attributes: attributes, sampleRate: sampleRate)
    }

    private static func attributeRule(_ value: TelemetryValue, at path: String) throws(TelemetryError) -> AttributeRule
    {
        guard let members = value.objectValue, let type = members["type"]?.stringValue else {
            throw problem("\(path): must be an object with a \"type\"")
        }
        switch type {
        case "string":
            try only(["type", "values"], in: members, at: path)
            guard let listed = members["values"]?.arrayValue, !listed.isEmpty else {
                throw problem(
                    "\(path): a string needs \"values\", the list of what it may be (free text is never collected)"
                )
            }
            var values: Set<String> = []
            for element in listed {
                guard let string = element.stringValue else { throw problem("\(path).values: must be strings") }
                values.insert(string)
            }
            return .string(values: values)
        case "int":
            try only(["type", "minimum", "maximum"], in: members, at: path)
            func bound(_ key: String) throws(TelemetryError) -> Int? {
                guard let value = members[key] else { return nil }
                guard let number = value.intValue else { throw problem("\(path).\(key): must be an integer") }
                return number
            }
            return .int(minimum: try bound("minimum"), maximum: try bound("maximum"))
        case "double":
            try only(["type", "minimum", "maximum"], in: members, at: path)
            func bound(_ key: String) throws(TelemetryError) -> Double? {
                guard let value = members[key] else { return nil }
                guard let number = value.doubleValue else { throw problem("\(path).\(key): must be a number") }
                return number
            }
            return .double(minimum: try bound("minimum"), maximum: try bound("maximum"))
        case "bool":
            try only(["type"], in: members, at: path)
            return .bool
        default:
            throw problem("\(path).type: must be \"string\", \"int\", \"double\" or \"bool\"")
        }
    }

    /// Refuses a key the format does not know: a misspelt `"maximun"` must not silently widen
    /// what may be collected.
    private static func only(
        _ keys: Set<String>,
        in members: [String: TelemetryValue],
        at path: String
    ) throws(TelemetryError) {
        for key in members.keys.sorted() where !keys.contains(key) {
            throw problem("\(path.isEmpty ? "" : path + ": ")unknown key \"\(key)\"")
        }
    }

    private static func problem(_ message: String) -> TelemetryError {
        TelemetryError(code: .serialization, message: "invalid telemetry schema: \(message)")
    }
}

extension TelemetrySchema.AttributeRule {
    var jsonValue: TelemetryValue {
        switch self {
        case .string(let values):
            return ["type": "string", "values": .array(values.sorted().map { .string($0) })]
        case .int(let minimum, let maximum):
            var members: [String: TelemetryValue] = ["type": "int"]
            if let minimum { members["minimum"] = .int(minimum) }
            if let maximum { members["maximum"] = .int(maximum) }
            return .object(members)
        case .double(let minimum, let maximum):
            var members: [String: TelemetryValue] = ["type": "double"]
            if let minimum { members["minimum"] = .double(minimum) }
            if let maximum { members["maximum"] = .double(maximum) }
            return .object(members)
        case .bool:
            return ["type": "bool"]
        }
    }
}

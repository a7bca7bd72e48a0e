//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A JSON-shaped value carried in an event's attributes or a publisher payload.
///
/// `TelemetryValue` is deliberately closed: an attribute can only be one of the JSON types, so
/// whatever a host records can always be encoded, audited and read back. Integers stay
/// integers through encoding and decoding (`.int(1)` never becomes `.double(1.0)`), and
/// ``init(jsonBytes:)`` and ``EventDecoder`` read back exactly what was written, doubles included
/// (see ``init(from:)`` for the one thing Foundation's `JSONDecoder` cannot do).
///
/// Every case has a literal, so attribute dictionaries read naturally:
///
/// ```swift
/// let attributes: [String: TelemetryValue] = [
///     "command": "build",
///     "durationMs": 412,
///     "cached": true,
///     "targets": ["TelemetryCore", "TelemetrySinks"],
/// ]
/// ```
public enum TelemetryValue: Sendable, Hashable {
    /// JSON `null`: the value is unknown or unset.
    case null
    /// A JSON boolean.
    case bool(Bool)
    /// A JSON number without a fraction, kept as an integer.
    case int(Int)
    /// A JSON number with a fraction. Non-finite values encode as `null`.
    case double(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([TelemetryValue])
    /// A JSON object. Keys are encoded sorted by their UTF-8 bytes.
    case object([String: TelemetryValue])
}

extension TelemetryValue {
    /// Whether the value is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The boolean, if the value is ``bool(_:)``.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The integer, if the value is ``int(_:)``.
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The number, if the value is ``double(_:)`` or ``int(_:)``.
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    /// The string, if the value is ``string(_:)``.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, if the value is ``array(_:)``.
    public var arrayValue: [TelemetryValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if the value is ``object(_:)``.
    public var objectValue: [String: TelemetryValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The member named `key`, if the value is an object that has it.
    public subscript(key: String) -> TelemetryValue? {
        objectValue?[key]
    }

    /// The element at `index`, if the value is an array long enough to have it.
    public subscript(index: Int) -> TelemetryValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}

// MARK: - Literals

extension TelemetryValue: ExpressibleByNilLiteral {
    /// Creates ``null``.
    @inlinable
    public init(nilLiteral: ()) { self = .null }
}

extension TelemetryValue: ExpressibleByBooleanLiteral {
    /// Creates ``bool(_:)``.
    @inlinable
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TelemetryValue: ExpressibleByIntegerLiteral {
    /// Creates ``int(_:)``.
    @inlinable
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension TelemetryValue: ExpressibleByFloatLiteral {
    /// Creates ``double(_:)``.
    @inlinable
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension TelemetryValue: ExpressibleByStringLiteral {
    /// Creates ``string(_:)``.
    @inlinable
    public init(stringLiteral value: String) { self = .string(value) }
}

extension TelemetryValue: ExpressibleByArrayLiteral {
    /// Creates ``array(_:)``.
    @inlinable
    public init(arrayLiteral elements: TelemetryValue...) { self = .array(elements) }
}

extension TelemetryValue: ExpressibleByDictionaryLiteral {
    /// Creates ``object(_:)``. A repeated key keeps its last value.
    @inlinable
    public init(dictionaryLiteral elements: (String, TelemetryValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: - Codable

extension TelemetryValue: Codable {
    /// Decodes any JSON value. A number that an `Int` holds decodes as ``int(_:)``; every other
    /// number decodes as ``double(_:)``.
    ///
    /// > Note: Foundation's `JSONDecoder` does not expose how a number was written: it hands
    /// > `1.0` to a request for an `Int` as readily as `1`. Through it, a whole-valued double such
    /// > as `.double(1.0)` therefore comes back as `.int(1)` (same number, other case), while
    /// > integers always stay integers and fractional doubles stay doubles. To read back exactly
    /// > what ``EventEncoder`` or ``jsonBytes`` wrote, use ``EventDecoder`` or
    /// > ``init(jsonBytes:)``, which see the text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([TelemetryValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: TelemetryValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "Expected a JSON value (null, bool, number, string, array or object)."
            )
        }
    }

    /// Encodes the value as the JSON type of its case. Non-finite doubles encode as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value):
            if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension TelemetryValue: CustomStringConvertible {
    /// The value as compact JSON.
    public var description: String {
        var bytes: [UInt8] = []
        JSONWriter.write(self, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

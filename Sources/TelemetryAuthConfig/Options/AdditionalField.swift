//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

public import TelemetryCore

/// A column a host adds to one of the auth models (`user.additionalFields`,
/// `session.additionalFields`).
///
/// The model keeps the real values; the telemetry snapshot reports only the field's `type`,
/// its flags, and whether a default value and a custom column name exist.
public struct AdditionalField: Sendable {
    /// The kind of value a field holds, spelled in the snapshot as Better Auth spells it.
    public enum FieldType: String, Sendable, Hashable, CaseIterable {
        /// `"string"`
        case string
        /// `"number"`
        case number
        /// `"boolean"`
        case boolean
        /// `"date"`
        case date
        /// `"json"`
        case json
        /// `"string[]"`
        case stringArray = "string[]"
        /// `"number[]"`
        case numberArray = "number[]"
    }

    /// The kind of value.
    public var type: FieldType
    /// Whether a value must be given on creation.
    public var required: Bool
    /// Whether clients may set the field.
    public var input: Bool
    /// Whether the field is returned to clients.
    public var returned: Bool
    /// The default value (reported only as present or not).
    public var defaultValue: TelemetryValue?
    /// The physical column name, when it differs from the logical one (reported only as
    /// `dbName: true`).
    public var fieldName: String?

    /// Creates a field description; by default an optional, writable, returned string.
    public init(
        type: FieldType = .string,
        required: Bool = false,
        input: Bool = true,
        returned: Bool = true,
        defaultValue: TelemetryValue? = nil,
        fieldName: String? = nil
    ) {
        self.type = type
        self.required = required
        self.input = input
        self.returned = returned
        self.defaultValue = defaultValue
        self.fieldName = fieldName
    }
}

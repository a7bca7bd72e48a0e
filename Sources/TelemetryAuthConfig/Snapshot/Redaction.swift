//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// The projections that turn an option into what a snapshot may say about it.
enum Redaction {
    /// `true` when the option is configured (callbacks, storages, secrets, URLs).
    static func presence(_ value: (some Any)?) -> TelemetryValue {
        .bool(value != nil)
    }

    /// `true` when `value` is set and not empty (Better Auth's `!!value` on strings).
    static func presence(nonEmpty value: String?) -> TelemetryValue {
        .bool(!(value ?? "").isEmpty)
    }

    /// A name (table, URL, path): `true` when set, else `null`.
    static func name(_ value: String?) -> TelemetryValue {
        value == nil ? .null : true
    }

    /// Whole seconds (truncated toward zero), or `null`.
    static func seconds(_ duration: Duration?) -> TelemetryValue {
        guard let duration else { return .null }
        return .int(Int(clamping: duration.components.seconds))
    }

    /// An optional boolean, or `null`.
    static func value(_ flag: Bool?) -> TelemetryValue {
        flag.map(TelemetryValue.bool) ?? .null
    }

    /// An optional integer, or `null`.
    static func value(_ number: Int?) -> TelemetryValue {
        number.map(TelemetryValue.int) ?? .null
    }

    /// A vocabulary value in its canonical spelling, `"other"`, or `null`.
    static func vocabulary(_ value: String?, _ vocabulary: Vocabulary) -> TelemetryValue {
        guard let value else { return .null }
        return .string(vocabulary.project(value))
    }

    /// A free-form list, each item projected through `safelist`, or `null`.
    static func list(_ items: [String]?, safelist: Set<String>) -> TelemetryValue {
        guard let items else { return .null }
        return .array(Safelist.project(items, through: safelist).map(TelemetryValue.string))
    }

    /// Column renames as `{logicalName: true}` (Better Auth core field names only; any other
    /// logical name folds into `"other"`), or `null` when there are none.
    static func fieldNames(_ fields: [String: String]) -> TelemetryValue {
        guard !fields.isEmpty else { return .null }
        var members: [String: TelemetryValue] = [:]
        for logical in fields.keys {
            members[Safelist.coreFieldNames.contains(logical) ? logical : Safelist.other] = true
        }
        return .object(members)
    }

    /// Additional fields as an array of descriptors, without their names (which are schema
    /// names), sorted by their JSON so the order says nothing about the names; `null` when
    /// there are none.
    static func additionalFields(_ fields: [String: AdditionalField]) -> TelemetryValue {
        guard !fields.isEmpty else { return .null }
        let descriptors: [TelemetryValue] = fields.values.map { field in
            [
                "type": .string(field.type.rawValue),
                "required": .bool(field.required),
                "input": .bool(field.input),
                "returned": .bool(field.returned),
                "defaultValue": .bool(field.defaultValue != nil),
                "dbName": .bool(field.fieldName != nil),
            ]
        }
        return .array(descriptors.sorted { $0.jsonBytes.lexicographicallyPrecedes($1.jsonBytes) })
    }

    /// A library identifier (a dialect or adapter name such as `postgresql` or `sqlx`) as it
    /// is, when it looks like one: 1 to 40 characters of `[A-Za-z0-9._-]`. Anything else (a
    /// connection URL, a path) is `"other"`; `nil` is `null`.
    static func identifier(_ value: String?) -> TelemetryValue {
        guard let value else { return .null }
        let isIdentifier =
            (1...40).contains(value.utf8.count)
            && value.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                    || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2E || byte == 0x5F || byte == 0x2D
            }
        return .string(isIdentifier ? value : Safelist.other)
    }
}

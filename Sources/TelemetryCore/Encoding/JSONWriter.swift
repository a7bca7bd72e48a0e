//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A hand-written JSON writer for ``TelemetryValue``, shared by every module of the package.
///
/// Encoding runs on every enabled `record`, so this writes straight into a byte buffer: no
/// `Encoder` containers, no intermediate strings for integers, sorted object keys so that the
/// same value always gives the same bytes. `Benchmarks/` compares it with `JSONEncoder`.
package enum JSONWriter {
    /// Appends `value` as compact JSON (no insignificant white space) to `bytes`.
    package static func write(_ value: TelemetryValue, into bytes: inout [UInt8]) {
        switch value {
        case .null:
            append("null", to: &bytes)
        case .bool(let flag):
            append(flag ? "true" : "false", to: &bytes)
        case .int(let number):
            writeInteger(number, into: &bytes)
        case .double(let number):
            writeDouble(number, into: &bytes)
        case .string(let string):
            writeString(string, into: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                write(element, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            writeObject(members, into: &bytes)
        }
    }

    /// Appends `members` as a compact JSON object, keys sorted by their UTF-8 bytes.
    package static func writeObject(_ members: [String: TelemetryValue], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        switch members.count {
        case 0:
            break
        case 1:
            let (key, value) = members.first!
            writeMember(key, value, into: &bytes)
        case ...smallObjectCapacity:
            writeSmallObject(members, into: &bytes)
        default:
            var first = true
            for key in sortedKeys(members) {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                writeMember(key, members[key]!, into: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Objects up to this many members are sorted on the stack (see ``writeSmallObject(_:into:)``).
    private static let smallObjectCapacity = 16

    /// Writes the members of a small object sorted by key without touching the heap: the members
    /// are insertion-sorted into a stack buffer as the dictionary is walked once, so there is no
    /// array of keys to allocate and no second hash lookup per key. Events carry a handful of
    /// attributes, so this is the path every `record` takes.
    private static func writeSmallObject(_ members: [String: TelemetryValue], into bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: (key: String, value: TelemetryValue).self, capacity: members.count) { buffer in
            let base = buffer.baseAddress!
            var count = 0
            for member in members {
                var position = count
                while position > 0, utf8Precedes(member.key, base[position - 1].key) {
                    position -= 1
                }
                (base + position + 1).moveInitialize(from: base + position, count: count - position)
                (base + position).initialize(to: member)
                count += 1
            }
            for index in 0..<count {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeMember(base[index].key, base[index].value, into: &bytes)
            }
            base.deinitialize(count: count)
        }
    }

    @inline(__always)
    private static func writeMember(_ key: String, _ value: TelemetryValue, into bytes: inout [UInt8]) {
        writeString(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        write(value, into: &bytes)
    }

    /// Whether `lhs` sorts before `rhs` by UTF-8 bytes, comparing contiguous storage directly
    /// (native strings, small strings included) instead of iterating two `UTF8View`s.
    package static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = Swift.min(left.count, right.count)
                var index = 0
                while index < common {
                    let a = left[index]
                    let b = right[index]
                    if a != b { return a < b }
                    index += 1
                }
                return left.count < right.count
            }
        }
        if let fast, let result = fast { return result }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Appends `value` as JSON indented with two spaces per level, like JavaScript's
    /// `JSON.stringify(value, null, 2)` (keys sorted, `": "` between key and value).
    package static func writePretty(_ value: TelemetryValue, into bytes: inout [UInt8], indent: Int = 0) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 1, into: &bytes)
                writePretty(element, into: &bytes, indent: indent + 1)
            }
            newline(indent, into: &bytes)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            bytes.append(UInt8(ascii: "{"))
            for (offset, key) in sortedKeys(members).enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 1, into: &bytes)
                writeString(key, into: &bytes)
                append(": ", to: &bytes)
                writePretty(members[key]!, into: &bytes, indent: indent + 1)
            }
            newline(indent, into: &bytes)
            bytes.append(UInt8(ascii: "}"))
        default:
            write(value, into: &bytes)
        }
    }

    /// `value` as a compact JSON string.
    package static func string(_ value: TelemetryValue) -> String {
        var bytes: [UInt8] = []
        write(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` as a JSON string indented with two spaces per level.
    package static func prettyString(_ value: TelemetryValue) -> String {
        var bytes: [UInt8] = []
        writePretty(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The keys of `members`, sorted by their UTF-8 bytes (not by `String`'s Unicode ordering),
    /// so that every implementation in every language sorts them the same way.
    package static func sortedKeys(_ members: [String: TelemetryValue]) -> [String] {
        members.keys.sorted(by: utf8Precedes)
    }

    /// Appends `string` as a quoted JSON string. Escapes `"`, `\` and the control characters;
    /// everything else, including non-ASCII text, is copied as UTF-8.
    package static func writeString(_ string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    append("u00", to: &bytes)
                    bytes.append(hexDigit(byte >> 4))
                    bytes.append(hexDigit(byte & 0x0F))
                }
            }
            if runStart < utf8.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `number`.
    package static func writeInteger(_ number: Int, into bytes: inout [UInt8]) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        // Work with the magnitude so that Int.min does not overflow.
        var magnitude = number.magnitude
        if magnitude < 10 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            while magnitude > 0 {
                position -= 1
                buffer[position] = UInt8(truncatingIfNeeded: 48 + magnitude % 10)
                magnitude /= 10
            }
            bytes.append(contentsOf: buffer[position...])
        }
    }

    /// Appends `number` in Swift's shortest round-tripping form, which is valid JSON
    /// (`1.0`, `0.1`, `1e-05`, `1e+20`). Infinity and NaN have no JSON form and become `null`.
    package static func writeDouble(_ number: Double, into bytes: inout [UInt8]) {
        guard number.isFinite else {
            append("null", to: &bytes)
            return
        }
        append(number.description, to: &bytes)
    }

    @inline(__always)
    package static func append(_ text: StaticString, to bytes: inout [UInt8]) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: text.utf8)
    }

    private static func newline(_ indent: Int, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 48 + nibble : 87 + nibble
    }
}

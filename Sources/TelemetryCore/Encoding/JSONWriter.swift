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
        ByteCursor.append(to: &bytes, maximumCount: maximumLength(of: value)) { write(value, to: &$0) }
    }

    /// Appends `members` as a compact JSON object, keys sorted by their UTF-8 bytes.
    package static func writeObject(_ members: [String: TelemetryValue], into bytes: inout [UInt8]) {
        ByteCursor.append(to: &bytes, maximumCount: maximumLength(ofObject: members)) { writeObject(members, to: &$0) }
    }

    /// Appends `string` as a quoted JSON string. Escapes `"`, `\` and the control characters;
    /// everything else, including non-ASCII text, is copied as UTF-8.
    package static func writeString(_ string: String, into bytes: inout [UInt8]) {
        ByteCursor.append(to: &bytes, maximumCount: maximumLength(ofString: string)) { writeString(string, to: &$0) }
    }

    /// Appends the decimal digits of `number`.
    package static func writeInteger(_ number: Int, into bytes: inout [UInt8]) {
        ByteCursor.append(to: &bytes, maximumCount: maximumIntegerLength) { writeInteger(number, to: &$0) }
    }

    /// Appends `number` in Swift's shortest round-tripping form, which is valid JSON
    /// (`1.0`, `0.1`, `1e-05`, `1e+20`). Infinity and NaN have no JSON form and become `null`.
    package static func writeDouble(_ number: Double, into bytes: inout [UInt8]) {
        ByteCursor.append(to: &bytes, maximumCount: maximumDoubleLength) { writeDouble(number, to: &$0) }
    }

    // MARK: Bounds

    /// `Int.min` has 19 digits and a sign.
    private static let maximumIntegerLength = 20
    /// `Double.description` is at most 24 characters (`-2.2250738585072014e-308`); `null` is 4.
    private static let maximumDoubleLength = 32

    /// An upper bound of the length of `value`'s compact JSON: exact for the structure and the
    /// strings (see ``maximumLength(ofString:)``), generous for numbers.
    package static func maximumLength(of value: TelemetryValue) -> Int {
        switch value {
        case .null: return 4
        case .bool: return 5
        case .int: return maximumIntegerLength
        case .double: return maximumDoubleLength
        case .string(let string): return maximumLength(ofString: string)
        case .array(let elements):
            var length = 2 + elements.count
            for element in elements { length += maximumLength(of: element) }
            return length
        case .object(let members):
            return maximumLength(ofObject: members)
        }
    }

    /// An upper bound of the length of `members` as a compact JSON object.
    package static func maximumLength(ofObject members: [String: TelemetryValue]) -> Int {
        var length = 2 + 2 * members.count
        for (key, value) in members {
            length += maximumLength(ofString: key) + maximumLength(of: value)
        }
        return length
    }

    /// The exact length of `string` as a quoted JSON string: its bytes, the quotes, and five
    /// more bytes for each byte that needs escaping (counted as `\u00XX`; the short escapes
    /// `\n`, `\"`… need fewer). Exact rather than "6 bytes per byte" so that a typical event's
    /// bound stays under the 1 KiB that `withUnsafeTemporaryAllocation` places on the stack.
    package static func maximumLength(ofString string: String) -> Int {
        var string = string
        return string.withUTF8 { utf8 in
            var escapes = 0
            var index = nextEscape(in: utf8, from: 0)
            while index < utf8.count {
                escapes += 1
                index = nextEscape(in: utf8, from: index + 1)
            }
            return 2 + utf8.count + 5 * escapes
        }
    }

    // MARK: Writing through a cursor (the caller reserved the bound)

    /// Writes `value` as compact JSON.
    package static func write(_ value: TelemetryValue, to cursor: inout ByteCursor) {
        switch value {
        case .null:
            cursor.write("null")
        case .bool(let flag):
            cursor.write(flag ? "true" : "false")
        case .int(let number):
            writeInteger(number, to: &cursor)
        case .double(let number):
            writeDouble(number, to: &cursor)
        case .string(let string):
            writeString(string, to: &cursor)
        case .array(let elements):
            cursor.write(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { cursor.write(UInt8(ascii: ",")) }
                first = false
                write(element, to: &cursor)
            }
            cursor.write(UInt8(ascii: "]"))
        case .object(let members):
            writeObject(members, to: &cursor)
        }
    }

    /// Writes `members` as a compact JSON object, keys sorted by their UTF-8 bytes.
    package static func writeObject(_ members: [String: TelemetryValue], to cursor: inout ByteCursor) {
        cursor.write(UInt8(ascii: "{"))
        switch members.count {
        case 0:
            break
        case 1:
            let (key, value) = members.first!
            writeMember(key, value, to: &cursor)
        case ...smallObjectCapacity:
            writeSmallObject(members, to: &cursor)
        default:
            var first = true
            for key in sortedKeys(members) {
                if !first { cursor.write(UInt8(ascii: ",")) }
                first = false
                writeMember(key, members[key]!, to: &cursor)
            }
        }
        cursor.write(UInt8(ascii: "}"))
    }

    /// Objects up to this many members are sorted on the stack (see ``writeSmallObject(_:to:)``).
    private static let smallObjectCapacity = 16

    /// Writes the members of a small object sorted by key without touching the heap: the members
    /// are insertion-sorted into a stack buffer as the dictionary is walked once, so there is no
    /// array of keys to allocate and no second hash lookup per key. Events carry a handful of
    /// attributes, so this is the path every `record` takes.
    private static func writeSmallObject(_ members: [String: TelemetryValue], to cursor: inout ByteCursor) {
        withUnsafeTemporaryAllocation(of: (key: String, value: TelemetryValue).self, capacity: members.count) {
            buffer in
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
                if index > 0 { cursor.write(UInt8(ascii: ",")) }
                writeMember(base[index].key, base[index].value, to: &cursor)
            }
            base.deinitialize(count: count)
        }
    }

    @inline(__always)
    private static func writeMember(_ key: String, _ value: TelemetryValue, to cursor: inout ByteCursor) {
        writeString(key, to: &cursor)
        cursor.write(UInt8(ascii: ":"))
        write(value, to: &cursor)
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

    /// Writes `string` as a quoted JSON string: runs without escapes are copied whole.
    package static func writeString(_ string: String, to cursor: inout ByteCursor) {
        cursor.write(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            var index = nextEscape(in: utf8, from: 0)
            while index < utf8.count {
                if runStart < index {
                    cursor.write(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                let byte = utf8[index]
                cursor.write(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): cursor.write(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): cursor.write(UInt8(ascii: "\\"))
                case 0x0A: cursor.write(UInt8(ascii: "n"))
                case 0x0D: cursor.write(UInt8(ascii: "r"))
                case 0x09: cursor.write(UInt8(ascii: "t"))
                case 0x08: cursor.write(UInt8(ascii: "b"))
                case 0x0C: cursor.write(UInt8(ascii: "f"))
                default:
                    cursor.write("u00")
                    cursor.write(hexDigit(byte >> 4))
                    cursor.write(hexDigit(byte & 0x0F))
                }
                runStart = index + 1
                index = nextEscape(in: utf8, from: runStart)
            }
            if runStart < utf8.count {
                cursor.write(UnsafeBufferPointer(rebasing: utf8[runStart...]))
            }
        }
        cursor.write(UInt8(ascii: "\""))
    }

    /// The index of the first byte at or after `start` that needs escaping in a JSON string, or
    /// `utf8.count` if there is none. Both the length bound and the writer scan with it, so the
    /// two always agree on which bytes are escaped.
    @inline(__always)
    private static func nextEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < utf8.count {
            // Skip eight bytes at a time while none of them needs escaping (most strings).
            if index + 8 <= utf8.count,
                !needsEscape(UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
                continue
            }
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return utf8.count
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\\` (the classic
    /// "has a byte less than n / equal to n" bit tricks; a false positive only costs the slow
    /// path, a false negative is impossible).
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    /// Writes the decimal digits of `number`.
    package static func writeInteger(_ number: Int, to cursor: inout ByteCursor) {
        if number < 0 { cursor.write(UInt8(ascii: "-")) }
        // Work with the magnitude so that Int.min does not overflow.
        var magnitude = number.magnitude
        if magnitude < 10 {
            cursor.write(UInt8(truncatingIfNeeded: 48 + magnitude))
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
            cursor.write(raw: UnsafeRawBufferPointer(rebasing: buffer[position...]))
        }
    }

    /// Writes `number` in Swift's shortest round-tripping form; non-finite values as `null`.
    package static func writeDouble(_ number: Double, to cursor: inout ByteCursor) {
        guard number.isFinite else {
            cursor.write("null")
            return
        }
        var text = number.description
        text.withUTF8 { cursor.write($0) }
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

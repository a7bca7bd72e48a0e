//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A hand-written JSON writer for ``TelemetryValue``, shared by every module of the package.
///
/// Encoding runs on every enabled `record`, so this writes straight into a ``JSONBuffer`` (on
/// the stack) in one pass: strings are copied eight bytes at a time while no byte needs
/// escaping, integers and dates come from a table of digit pairs, and object keys are sorted
/// without an allocation, so that the same value always gives the same bytes.
/// `Benchmarks/profile.sh` counts its instructions and `Benchmarks/` times it against
/// `JSONEncoder`.
package enum JSONWriter {
    /// Appends `value` as compact JSON (no insignificant white space) to `bytes`.
    package static func write(_ value: TelemetryValue, into bytes: inout [UInt8]) {
        JSONBuffer.append(to: &bytes) { write(value, to: &$0) }
    }

    /// Appends `members` as a compact JSON object, keys sorted by their UTF-8 bytes.
    package static func writeObject(_ members: [String: TelemetryValue], into bytes: inout [UInt8]) {
        JSONBuffer.append(to: &bytes) { writeObject(members, to: &$0) }
    }

    /// Appends `attributes` as a compact JSON object, in their order (keys sorted by UTF-8 bytes).
    package static func writeObject(_ attributes: TelemetryAttributes, into bytes: inout [UInt8]) {
        JSONBuffer.append(to: &bytes) { writeObject(attributes, to: &$0) }
    }

    /// Appends `string` as a quoted JSON string. Escapes `"`, `\` and the control characters;
    /// everything else, including non-ASCII text, is copied as UTF-8.
    package static func writeString(_ string: String, into bytes: inout [UInt8]) {
        JSONBuffer.append(to: &bytes) { writeString(string, to: &$0) }
    }

    /// Appends the decimal digits of `number`.
    package static func writeInteger(_ number: Int, into bytes: inout [UInt8]) {
        JSONBuffer.append(to: &bytes) { writeInteger(number, to: &$0) }
    }

    /// Appends `number` in Swift's shortest round-tripping form; non-finite values as `null`.
    package static func writeDouble(_ number: Double, into bytes: inout [UInt8]) {
        JSONBuffer.append(to: &bytes) { writeDouble(number, to: &$0) }
    }

    // MARK: Values

    /// Writes `value` as compact JSON.
    static func write(_ value: TelemetryValue, to buffer: inout JSONBuffer) {
        switch value {
        case .null:
            buffer.write("null")
        case .bool(let flag):
            if flag { buffer.write("true") } else { buffer.write("false") }
        case .int(let number):
            writeInteger(number, to: &buffer)
        case .double(let number):
            writeDouble(number, to: &buffer)
        case .string(let string):
            writeString(string, to: &buffer)
        case .array(let elements):
            buffer.write(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { buffer.write(UInt8(ascii: ",")) }
                first = false
                write(element, to: &buffer)
            }
            buffer.write(UInt8(ascii: "]"))
        case .object(let members):
            writeObject(members, to: &buffer)
        }
    }

    /// ``write(_:to:)`` with the scalar cases inlined: nearly every attribute is a string, a
    /// number or a flag, and the recursive call cost more than writing them.
    @inline(__always)
    private static func writeMember(_ value: TelemetryValue, to buffer: inout JSONBuffer) {
        switch value {
        case .string(let string): writeString(string, to: &buffer)
        case .int(let number): writeInteger(number, to: &buffer)
        case .bool(let flag): if flag { buffer.write("true") } else { buffer.write("false") }
        case .array(let elements): writeArray(elements, to: &buffer)
        default: write(value, to: &buffer)
        }
    }

    /// Writes a list attribute, its string, integer and flag elements (what lists of names and
    /// counts hold) without the recursive call per element.
    private static func writeArray(_ elements: [TelemetryValue], to buffer: inout JSONBuffer) {
        buffer.write(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { buffer.write(UInt8(ascii: ",")) }
            switch element {
            case .string(let string): writeString(string, to: &buffer)
            case .int(let number): writeInteger(number, to: &buffer)
            case .bool(let flag): if flag { buffer.write("true") } else { buffer.write("false") }
            default: write(element, to: &buffer)
            }
        }
        buffer.write(UInt8(ascii: "]"))
    }

    // MARK: Objects

    /// Writes `attributes` as an object. They are sorted already: each member is written once,
    /// in place, with nothing to sort or copy back.
    static func writeObject(_ attributes: TelemetryAttributes, to buffer: inout JSONBuffer) {
        buffer.write(UInt8(ascii: "{"))
        attributes.members.withUnsafeBufferPointer { members in
            for index in members.indices {
                if index > 0 { buffer.write(UInt8(ascii: ",")) }
                writeString(members[index].key, to: &buffer)
                buffer.write(UInt8(ascii: ":"))
                writeMember(members[index].value, to: &buffer)
            }
        }
        buffer.write(UInt8(ascii: "}"))
    }

    /// Objects with at most this many members are sorted on the stack; larger ones through an
    /// array of sorted keys.
    private static let smallObjectCapacity = 32

    /// Where one member (`"key":value`, no comma) was written, and what its key sorts by.
    private struct MemberSpan {
        /// The key's first eight UTF-8 bytes, big-endian, zero-padded: comparing two prefixes
        /// compares the keys, unless they are equal.
        var prefix: UInt64
        /// The member's first byte, from the start of the members.
        var offset: Int
        /// The member's length in bytes.
        var length: Int
        /// The key's length in bytes (its bytes follow the opening quote, unescaped).
        var keyLength: Int
    }

    /// Writes `members` as an object, keys sorted by their UTF-8 bytes.
    ///
    /// A small object's members are written in the dictionary's order, each remembered by where
    /// it was written and its key's first eight bytes; the members are then sorted by those
    /// (rarely needing the whole key) and copied back in order with the commas. Nothing is
    /// allocated and every key and value is read once.
    static func writeObject(_ members: [String: TelemetryValue], to buffer: inout JSONBuffer) {
        let count = members.count
        guard count > 1 else {
            buffer.write(UInt8(ascii: "{"))
            if let (key, value) = members.first {
                writeString(key, to: &buffer)
                buffer.write(UInt8(ascii: ":"))
                write(value, to: &buffer)
            }
            buffer.write(UInt8(ascii: "}"))
            return
        }
        guard count <= smallObjectCapacity else {
            writeObjectWithSortedKeys(members, to: &buffer)
            return
        }
        let objectStart = buffer.count
        buffer.write(UInt8(ascii: "{"))
        let sorted = withUnsafeTemporaryAllocation(of: MemberSpan.self, capacity: count) { spans -> Bool in
            let membersStart = buffer.count
            var written = 0
            for (key, value) in members {
                let memberStart = buffer.count
                guard let (prefix, keyLength) = writeKey(key, to: &buffer) else { return false }
                buffer.write(UInt8(ascii: ":"))
                writeMember(value, to: &buffer)
                spans.initializeElement(
                    at: written,
                    to: MemberSpan(
                        prefix: prefix,
                        offset: memberStart - membersStart,
                        length: buffer.count - memberStart,
                        keyLength: keyLength
                    )
                )
                written += 1
            }
            let members = UnsafePointer(buffer.pointer(at: membersStart))
            spans.insertionSort { precedes($0, $1, membersAt: members) }
            rearrange(spans, membersAt: membersStart, in: &buffer)
            return true
        }
        guard sorted else {
            // A key needed escaping: its written bytes no longer sort like its UTF-8 bytes.
            buffer.truncate(to: objectStart)
            writeObjectWithSortedKeys(members, to: &buffer)
            return
        }
        buffer.write(UInt8(ascii: "}"))
    }

    @inline(__always)
    private static func precedes(_ lhs: MemberSpan, _ rhs: MemberSpan, membersAt members: UnsafePointer<UInt8>) -> Bool
    {
        if lhs.prefix != rhs.prefix { return lhs.prefix < rhs.prefix }
        // The same first eight bytes (or a zero byte in them): compare the whole keys.
        let left = UnsafeBufferPointer(start: members + lhs.offset + 1, count: lhs.keyLength)
        let right = UnsafeBufferPointer(start: members + rhs.offset + 1, count: rhs.keyLength)
        return left.lexicographicallyPrecedes(right)
    }

    /// Rewrites the members from `membersStart` on in the order of `spans`, with commas.
    private static func rearrange(
        _ spans: UnsafeMutableBufferPointer<MemberSpan>,
        membersAt membersStart: Int,
        in buffer: inout JSONBuffer
    ) {
        let length = buffer.count - membersStart
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { copy in
            let source = copy.baseAddress!
            source.initialize(from: buffer.pointer(at: membersStart), count: length)
            buffer.truncate(to: membersStart)
            buffer.reserve(length + spans.count)
            for index in 0..<spans.count {
                if index > 0 { buffer.writeUnchecked(UInt8(ascii: ",")) }
                buffer.position.initialize(from: source + spans[index].offset, count: spans[index].length)
                buffer.advance(by: spans[index].length)
            }
        }
    }

    /// The general path: sort the keys into an array, then look each member up.
    private static func writeObjectWithSortedKeys(_ members: [String: TelemetryValue], to buffer: inout JSONBuffer) {
        buffer.write(UInt8(ascii: "{"))
        var first = true
        for key in sortedKeys(members) {
            if !first { buffer.write(UInt8(ascii: ",")) }
            first = false
            writeString(key, to: &buffer)
            buffer.write(UInt8(ascii: ":"))
            write(members[key]!, to: &buffer)
        }
        buffer.write(UInt8(ascii: "}"))
    }

    /// `lhs` sorts before `rhs` by UTF-8 bytes (the order of ``TelemetryAttributes``).
    static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        TelemetryAttributes.compare(lhs, rhs) < 0
    }

    // MARK: Strings

    /// Writes `string` quoted and escaped.
    @inline(__always)
    static func writeString(_ string: String, to buffer: inout JSONBuffer) {
        withUTF8(of: string) { _ = writeQuoted($0, to: &buffer) }
    }

    /// Writes `key` quoted, and returns its sort prefix and length; `nil` when it needed
    /// escaping (its written bytes then sort differently from its UTF-8 bytes).
    @inline(__always)
    private static func writeKey(_ key: String, to buffer: inout JSONBuffer) -> (prefix: UInt64, length: Int)? {
        withUTF8(of: key) { utf8 in
            writeQuoted(utf8, to: &buffer) ? nil : (sortPrefix(of: utf8), utf8.count)
        }
    }

    /// Calls `body` with the UTF-8 bytes of `string`, without copying a native string.
    @inline(__always)
    static func withUTF8<Result>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }

    /// The first eight bytes of `utf8`, big-endian, zero-padded.
    @inline(__always)
    static func sortPrefix(of utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = utf8.baseAddress else { return 0 }
        if utf8.count >= 8 {
            return UInt64(bigEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        }
        var prefix: UInt64 = 0
        for index in 0..<utf8.count {
            prefix |= UInt64(base[index]) << (56 - 8 * UInt64(index))
        }
        return prefix
    }

    /// Writes `utf8` between quotes, escaped; returns whether anything needed escaping.
    ///
    /// Words of eight bytes without a byte to escape (nearly every word of nearly every string)
    /// are copied as they are; only a word holding an escape, and the last few bytes, go byte
    /// by byte.
    @inline(__always)
    private static func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>, to buffer: inout JSONBuffer) -> Bool {
        let count = utf8.count
        // Room for the string as it is, the quotes and a word of slack; more only once an escape
        // shows up (every byte left as \u00XX), so that a long line does not leave the stack
        // buffer for a bound it never needs.
        buffer.reserve(count + 2 + 8)
        buffer.writeUnchecked(UInt8(ascii: "\""))
        guard let source = utf8.baseAddress else {
            buffer.writeUnchecked(UInt8(ascii: "\""))
            return false
        }
        if count < 8 {
            // A short string (most keys and values): one word padded with spaces, which need
            // no escape, checked and stored at once; the reserve above has room for the word.
            var word: UInt64 = 0x2020_2020_2020_2020
            withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: source, byteCount: count) }
            if !needsEscape(word) {
                UnsafeMutableRawPointer(buffer.position).storeBytes(of: word, as: UInt64.self)
                buffer.advance(by: count)
                buffer.writeUnchecked(UInt8(ascii: "\""))
                return false
            }
        }
        var index = 0
        var escaped = false
        while index < count {
            while index + 8 <= count {
                let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                if needsEscape(word) { break }
                UnsafeMutableRawPointer(buffer.position).storeBytes(of: word, as: UInt64.self)
                buffer.advance(by: 8)
                index += 8
            }
            if index == count { break }
            if !escaped, index + 8 > count, count >= 8 {
                // The last bytes: the word that ends the string overlaps bytes written as they
                // are (nothing was escaped), so write it whole when it needs no escape.
                let word = UnsafeRawPointer(source + count - 8).loadUnaligned(as: UInt64.self)
                if !needsEscape(word) {
                    let overlap = index - (count - 8)
                    UnsafeMutableRawPointer(buffer.position - overlap).storeBytes(of: word, as: UInt64.self)
                    buffer.advance(by: 8 - overlap)
                    break
                }
            }
            let stop = Swift.min(index + 8, count)
            while index < stop {
                let byte = source[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    if !escaped { buffer.reserve(6 * (count - index) + 2 + 8) }
                    escaped = true
                    writeEscape(byte, to: &buffer)
                } else {
                    buffer.writeUnchecked(byte)
                }
                index += 1
            }
        }
        buffer.writeUnchecked(UInt8(ascii: "\""))
        return escaped
    }

    /// Writes the escape of `byte` (reserved by the caller).
    private static func writeEscape(_ byte: UInt8, to buffer: inout JSONBuffer) {
        buffer.writeUnchecked(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): buffer.writeUnchecked(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.writeUnchecked(UInt8(ascii: "\\"))
        case 0x0A: buffer.writeUnchecked(UInt8(ascii: "n"))
        case 0x0D: buffer.writeUnchecked(UInt8(ascii: "r"))
        case 0x09: buffer.writeUnchecked(UInt8(ascii: "t"))
        case 0x08: buffer.writeUnchecked(UInt8(ascii: "b"))
        case 0x0C: buffer.writeUnchecked(UInt8(ascii: "f"))
        default:
            buffer.writeUnchecked(UInt8(ascii: "u"))
            buffer.writeUnchecked(UInt8(ascii: "0"))
            buffer.writeUnchecked(UInt8(ascii: "0"))
            buffer.writeUnchecked(hexDigit(byte >> 4))
            buffer.writeUnchecked(hexDigit(byte & 0x0F))
        }
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\\` (the classic
    /// "has a byte less than n / equal to n" bit tricks; a false positive only costs the slow
    /// path, a false negative is impossible). `JSONReader` uses it too.
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    // MARK: Numbers

    /// "00" "01" … "99": two digits at a time.
    static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Writes the two digits of `value` (0...99), reserved by the caller.
    @inline(__always)
    static func writeTwoDigits(_ value: Int, to buffer: inout JSONBuffer) {
        let pair = digitPairs.utf8Start + 2 * value
        buffer.writeUnchecked(pair[0])
        buffer.writeUnchecked(pair[1])
    }

    /// Writes the decimal digits of `number`.
    static func writeInteger(_ number: Int, to buffer: inout JSONBuffer) {
        buffer.reserve(20)
        if number < 0 { buffer.writeUnchecked(UInt8(ascii: "-")) }
        // The magnitude, so that Int.min does not overflow.
        var magnitude = number.magnitude
        if magnitude < 10 {
            buffer.writeUnchecked(UInt8(truncatingIfNeeded: 48 + magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            while magnitude >= 100 {
                let pair = digitPairs.utf8Start + 2 * Int(magnitude % 100)
                magnitude /= 100
                position -= 2
                scratch[position] = pair[0]
                scratch[position + 1] = pair[1]
            }
            if magnitude >= 10 {
                let pair = digitPairs.utf8Start + 2 * Int(magnitude)
                position -= 2
                scratch[position] = pair[0]
                scratch[position + 1] = pair[1]
            } else {
                position -= 1
                scratch[position] = UInt8(truncatingIfNeeded: 48 + magnitude)
            }
            let count = scratch.count - position
            buffer.position.initialize(
                from: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + position,
                count: count
            )
            buffer.advance(by: count)
        }
    }

    /// Writes `number` in Swift's shortest round-tripping form; non-finite values as `null`.
    static func writeDouble(_ number: Double, to buffer: inout JSONBuffer) {
        guard number.isFinite else {
            buffer.write("null")
            return
        }
        writeString(unquoted: number.description, to: &buffer)
    }

    /// Writes `text` as it is (it needs no escaping).
    private static func writeString(unquoted text: String, to buffer: inout JSONBuffer) {
        withUTF8(of: text) { buffer.write($0) }
    }

    /// Appends `value` as JSON indented with two spaces per level, like JavaScript's
    /// `JSON.stringify(value, null, 2)` (keys sorted, `": "` between key and value).
    static func writePretty(_ value: TelemetryValue, into bytes: inout [UInt8], indent: Int = 0) {
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
    static func prettyString(_ value: TelemetryValue) -> String {
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

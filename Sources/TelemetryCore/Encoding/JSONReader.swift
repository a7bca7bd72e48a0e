//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A strict RFC 8259 JSON parser into ``TelemetryValue`` that keeps the number's written form:
/// a number written without a fraction or exponent is an integer (`.int`), any other a double.
///
/// Foundation's `JSONDecoder` cannot make that distinction: it hands `1.0` to a request for an
/// `Int` as readily as `1` (and `1` to a request for a `Double`), so `.double(1.0)` decoded with
/// it comes back as `.int(1)`. ``EventDecoder`` and ``TelemetryValue/init(jsonBytes:)`` use this
/// reader so that what ``EventEncoder`` writes reads back exactly.
///
/// It never traps on input: malformed text, invalid UTF-8, lone surrogates and nesting deeper
/// than ``maximumDepth`` are reported as a ``TelemetryError`` with the
/// ``TelemetryError/Code/serialization`` code and the byte offset.
struct JSONReader {
    /// The deepest nesting of arrays and objects accepted (the parser recurses per level).
    package static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private let depthLimit: Int
    private var position = 0
    private var depth = 0
    /// How many strings were read by the slow path (an escape, a non-ASCII byte): such keys may
    /// be canonically equivalent without being the same bytes.
    private var slowStrings = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, depthLimit: Int) {
        self.bytes = bytes
        self.depthLimit = depthLimit
    }

    /// Parses `bytes` as exactly one JSON value, with optional white space around it, nested at
    /// most `maximumDepth` levels deep.
    package static func parse(
        _ bytes: some Collection<UInt8>,
        maximumDepth: Int = maximumDepth
    ) throws(TelemetryError) -> TelemetryValue {
        let result: Result<TelemetryValue, TelemetryError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parse(buffer: buffer, depthLimit: maximumDepth)
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in parse(buffer: buffer, depthLimit: maximumDepth) }.get()
    }

    private static func parse(
        buffer: UnsafeBufferPointer<UInt8>,
        depthLimit: Int
    ) -> Result<TelemetryValue, TelemetryError> {
        read(buffer, depthLimit: depthLimit) { reader throws(TelemetryError) in try reader.readValue() }
    }

    /// Reads `buffer` as exactly one JSON value, with optional white space around it, through
    /// `body`, which reads the value itself.
    private static func read<Value>(
        _ buffer: UnsafeBufferPointer<UInt8>,
        depthLimit: Int,
        _ body: (inout JSONReader) throws(TelemetryError) -> Value
    ) -> Result<Value, TelemetryError> {
        var reader = JSONReader(bytes: buffer, depthLimit: min(depthLimit, maximumDepth))
        do throws(TelemetryError) {
            reader.skipWhitespace()
            let value = try body(&reader)
            reader.skipWhitespace()
            guard reader.position == buffer.count else { throw reader.error("unexpected text after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// Parses `buffer` as exactly one JSON value, as ``parse(_:maximumDepth:)`` does, and when it
    /// is an object, gives its members by an event's keys instead of as a dictionary: an event
    /// line is read without hashing its keys, and its attributes are read straight into
    /// ``TelemetryAttributes``. ``EventDecoder`` checks the fields.
    static func parseEvent(
        _ buffer: UnsafeBufferPointer<UInt8>,
        maximumDepth: Int
    ) -> Result<EventDecoder.Fields, TelemetryError> {
        read(buffer, depthLimit: maximumDepth) { reader throws(TelemetryError) in
            var fields = EventDecoder.Fields()
            if reader.peek() == UInt8(ascii: "{") {
                try reader.readEventObject(into: &fields)
            } else {
                _ = try reader.readValue()
                fields.isObject = false
            }
            return fields
        }
    }

    // MARK: - Values

    /// Reads the object at `position` into an event's fields.
    private mutating func readEventObject(into fields: inout EventDecoder.Fields) throws(TelemetryError) {
        guard try beginObject() else { return }
        repeat {
            let key = try readKey()
            // The brace first: comparing every key with "attrs" cost a string comparison each.
            if peek() == UInt8(ascii: "{"), key == "attrs" {
                fields.attrs = .attributes(try readAttributes())
            } else {
                fields.set(key, to: try readValue())
            }
        } while try nextMember()
    }

    /// Reads the object at `position` as attributes: its members in the order written (an
    /// encoder's line has them sorted already), a repeated key keeping its last value.
    ///
    /// Keys are the same key when they are equal as Swift strings, as in the dictionary a parsed
    /// value holds: `"\u00e9"` and `"e\u0301"` are one key. ASCII keys are equal only when their
    /// bytes are, which is how ``TelemetryAttributes`` compares them; when a key needed the slow
    /// path (an escape or a non-ASCII byte), the members go through a dictionary instead.
    private mutating func readAttributes() throws(TelemetryError) -> TelemetryAttributes {
        guard try beginObject() else { return TelemetryAttributes() }
        var elements: [(String, TelemetryValue)] = []
        elements.reserveCapacity(12)
        var mayHaveEquivalentKeys = false
        repeat {
            let before = slowStrings
            let key = try readKey()
            if slowStrings != before { mayHaveEquivalentKeys = true }
            elements.append((key, try readValue()))
        } while try nextMember()
        guard mayHaveEquivalentKeys else { return TelemetryAttributes(elements: elements) }
        var members = [String: TelemetryValue](minimumCapacity: elements.count)
        for (key, value) in elements { members[key] = value }
        return TelemetryAttributes(members)
    }

    private mutating func readValue() throws(TelemetryError) -> TelemetryValue {
        guard position < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("unexpected character, expected a value")
        }
    }

    private mutating func readObject() throws(TelemetryError) -> TelemetryValue {
        guard try beginObject() else { return .object([:]) }
        // Room for an event's members from the start (a parsed value's event and its attributes,
        // the first two levels; a line's event is read into its fields instead): a dictionary
        // grown member by member was rehashed three times for an event. Deeper objects are
        // usually small, and grow as they need.
        var members = [String: TelemetryValue](minimumCapacity: depth <= 2 ? 12 : 0)
        repeat {
            let key = try readKey()
            // A repeated key keeps its last value, as JavaScript's JSON.parse does.
            members[key] = try readValue()
        } while try nextMember()
        return .object(members)
    }

    /// Enters the object at `position` (its `{`); returns whether it has members (`false`: it
    /// was `{}`, and is read).
    private mutating func beginObject() throws(TelemetryError) -> Bool {
        try enterContainer()
        position += 1  // {
        skipWhitespace()
        guard peek() == UInt8(ascii: "}") else { return true }
        position += 1
        depth -= 1
        return false
    }

    /// Reads a member's key and the `:` after it, up to its value.
    private mutating func readKey() throws(TelemetryError) -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a quoted object key") }
        let key = try readString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
        position += 1
        skipWhitespace()
        return key
    }

    /// Reads what follows a member's value: returns `true` after a `,` (another member comes),
    /// `false` after the object's `}`.
    private mutating func nextMember() throws(TelemetryError) -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: ","):
            position += 1
            return true
        case UInt8(ascii: "}"):
            position += 1
            depth -= 1
            return false
        default: throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func readArray() throws(TelemetryError) -> TelemetryValue {
        try enterContainer()
        position += 1  // [
        var elements: [TelemetryValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try readValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func enterContainer() throws(TelemetryError) {
        depth += 1
        guard depth <= depthLimit else {
            throw error("JSON nested deeper than \(depthLimit) levels (nesting is limited)")
        }
    }

    // MARK: - Numbers

    private mutating func readNumber() throws(TelemetryError) -> TelemetryValue {
        let start = position
        var isInteger = true
        if peek() == UInt8(ascii: "-") { position += 1 }
        // Integer part: 0, or a non-zero digit followed by digits.
        guard let first = peek(), isDigit(first) else { throw error("expected a digit in a number") }
        if first == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard isDigit(peek()) else { throw error("expected a digit after the decimal point") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard isDigit(peek()) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
        // The usual number, an integer of at most 18 digits (9 where `Int` has 32 bits), cannot
        // overflow: its value is summed from the digits (making a string of it and parsing that
        // was a tenth of a line's read).
        let isNegative = bytes[start] == UInt8(ascii: "-")
        let firstDigit = isNegative ? start + 1 : start
        if isInteger, position - firstDigit <= (Int.bitWidth == 64 ? 18 : 9) {
            var magnitude = 0
            for index in firstDigit..<position { magnitude = magnitude &* 10 &+ Int(bytes[index] &- UInt8(ascii: "0")) }
            return .int(isNegative ? -magnitude : magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, let integer = Int(text) { return .int(integer) }
        // An integer beyond Int's range keeps its magnitude as a double, as JavaScript reads it.
        guard let double = Double(text) else { throw error("the number \(text) cannot be read", at: start) }
        // Beyond Double's range `Double(text)` gives an infinity, which JSON cannot write back
        // (the writer emits `null`): reject it rather than change the value in a round trip.
        guard double.isFinite else { throw error("the number \(text) is beyond a double's range", at: start) }
        return .double(double)
    }

    private mutating func skipDigits() {
        while isDigit(peek()) { position += 1 }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: - Strings

    private mutating func readString() throws(TelemetryError) -> String {
        let opening = position
        position += 1  // "
        // The usual string: ASCII without escapes, made straight from the bytes (ASCII is valid
        // UTF-8). Building it in an array and validating that cost an allocation and a generic
        // call of the standard library's validation per string: half of a line's read.
        var end = position
        // Eight bytes at a time while none of them is a quote, a backslash, a control
        // character (the writer's escape test) or non-ASCII.
        if let base = bytes.baseAddress {
            while end + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self)
                guard !JSONWriter.needsEscape(word), word & 0x8080_8080_8080_8080 == 0 else { break }
                end += 8
            }
        }
        while end < bytes.count {
            let byte = bytes[end]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { break }
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
                position = end + 1
                return string
            }
            end += 1
        }
        // Anything else (an escape, a non-ASCII byte, a control character, the end) is read
        // byte by byte below, from the start of the string.
        slowStrings += 1
        var scalars: [UInt8] = []
        var runStart = position
        while true {
            guard position < bytes.count else { throw error("unterminated string", at: opening) }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                // Validates the UTF-8 of the raw runs; escapes were appended as valid UTF-8.
                guard let string = String(validating: scalars, as: UTF8.self) else {
                    throw error("a string is not valid UTF-8", at: opening)
                }
                return string
            case UInt8(ascii: "\\"):
                scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                try readEscape(into: &scalars)
                runStart = position
            case 0..<0x20:
                throw error("a control character must be escaped in a string")
            default:
                position += 1
            }
        }
    }

    private mutating func readEscape(into output: inout [UInt8]) throws(TelemetryError) {
        guard let byte = peek() else { throw error("unterminated escape sequence") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try readHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
                    throw error("a high surrogate escape must be followed by a low surrogate escape")
                }
                position += 2
                let low = UInt32(try readHex4())
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("a high surrogate escape must be followed by a low surrogate escape")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("a lone low surrogate escape")
            }
            // Surrogates were combined or rejected above, so the scalar is valid.
            output.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            throw error("unknown escape sequence")
        }
    }

    private mutating func readHex4() throws(TelemetryError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw error("a \\u escape needs four hexadecimal digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    // MARK: - Helpers

    private mutating func expectLiteral(_ literal: StaticString) throws(TelemetryError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count,
            UnsafeBufferPointer(rebasing: bytes[position..<(position + count)]).elementsEqual(
                UnsafeBufferPointer(start: literal.utf8Start, count: count)
            )
        else { throw error("unexpected character, expected a value") }
        position += count
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            position += 1
        }
    }

    @inline(__always)
    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func error(_ what: String, at offset: Int? = nil) -> TelemetryError {
        TelemetryError(code: .serialization, message: "invalid JSON at byte \(offset ?? position): \(what).")
    }
}

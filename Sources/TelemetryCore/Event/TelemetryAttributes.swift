//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The attributes of an ``Event``: keys and values, kept sorted by the keys' UTF-8 bytes.
///
/// Write them as a dictionary literal, or look a value up and change it as in a dictionary:
///
/// ```swift
/// telemetry.record("command_run", attributes: ["command": "build", "cached": true])
///
/// var attributes: TelemetryAttributes = ["command": "build"]
/// attributes["exit_code"] = 0
/// attributes["command"] = nil        // removes it
/// ```
///
/// Iterating gives the members in the order ``EventEncoder`` writes them: sorted by the UTF-8
/// bytes of their keys, each key once. A key given twice keeps its last value.
///
/// Why not `[String: TelemetryValue]`: an event is encoded with its keys sorted, so that the
/// same event always gives the same bytes. A dictionary hashes every key when the event is
/// recorded and has its keys sorted again each time the event is encoded; a sorted array does
/// that work once, when it is built, and encoding only walks it (`Benchmarks/RESULTS.md`).
///
/// Two keys are the same key when their UTF-8 bytes are the same. (A `Dictionary` would also
/// take two different spellings of one canonically equivalent string as one key; the JSON
/// line, which holds bytes, would not.)
public struct TelemetryAttributes: Sendable {
    /// One member: a key and its value.
    public typealias Element = (key: String, value: TelemetryValue)

    /// One stored member. A struct, not a tuple: an array of tuples is destroyed through the
    /// runtime's generic tuple witness, element by element.
    @usableFromInline
    struct Member: Sendable {
        @usableFromInline var key: String
        @usableFromInline var value: TelemetryValue

        @usableFromInline
        init(key: String, value: TelemetryValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members, sorted by the UTF-8 bytes of their keys, each key once.
    @usableFromInline
    var members: [Member]

    /// Creates empty attributes.
    @inlinable
    public init() {
        members = []
    }

    /// Creates attributes with the keys and values of `dictionary`.
    public init(_ dictionary: [String: TelemetryValue]) {
        members = Self.sorted(dictionary.map { ($0.key, $0.value) })
    }

    /// Creates attributes with the keys and values of `elements`; of a repeated key, the last.
    init(elements: [(String, TelemetryValue)]) {
        members = Self.sorted(elements)
    }

    /// `elements` as members sorted by key, stably, keeping the last of each run of equal keys.
    ///
    /// Each key's first eight bytes are read once, as a big-endian integer: comparing two of
    /// them compares the keys unless they are equal, so that nearly every comparison is one
    /// integer comparison, and no key is hashed. The members are then copied out once, in order.
    static func sorted(_ elements: [(String, TelemetryValue)]) -> [Member] {
        let count = elements.count
        var sorted: [Member] = []
        sorted.reserveCapacity(count)
        withUnsafeTemporaryAllocation(of: SortKey.self, capacity: count) { buffer in
            var order = buffer  // a buffer pointer that `sort` may rearrange in place
            var inOrder = true
            for index in 0..<count {
                order.initializeElement(at: index, to: SortKey(prefix: prefix(of: elements[index].0), index: index))
                if index > 0, inOrder, compare(order[index - 1], order[index], in: elements) >= 0 {
                    inOrder = false
                }
            }
            if inOrder {
                // Strictly in order already (a literal written in key order).
                for element in elements { sorted.append(Member(key: element.0, value: element.1)) }
                return
            }
            if count <= 16 {
                order.insertionSort { precedes($0, $1, in: elements) }
            } else {
                order.sort { precedes($0, $1, in: elements) }
            }
            for position in 0..<count {
                // Of equal keys, sorted by their position, only the last is kept.
                if position + 1 < count, compare(order[position], order[position + 1], in: elements) == 0 { continue }
                let element = elements[order[position].index]
                sorted.append(Member(key: element.0, value: element.1))
            }
        }
        return sorted
    }

    /// A member's place in the sort: its key's prefix, and where it was given.
    private struct SortKey {
        var prefix: UInt64
        var index: Int
    }

    /// Whether `lhs` sorts before `rhs`: by key, then by position.
    @inline(__always)
    private static func precedes(_ lhs: SortKey, _ rhs: SortKey, in elements: [(String, TelemetryValue)]) -> Bool {
        let order = compare(lhs, rhs, in: elements)
        return order != 0 ? order < 0 : lhs.index < rhs.index
    }

    /// Compares the keys of `lhs` and `rhs`: the prefixes, and the whole keys when those tie.
    @inline(__always)
    private static func compare(_ lhs: SortKey, _ rhs: SortKey, in elements: [(String, TelemetryValue)]) -> Int {
        if lhs.prefix != rhs.prefix { return lhs.prefix < rhs.prefix ? -1 : 1 }
        return compare(elements[lhs.index].0, elements[rhs.index].0)
    }

    /// The first eight UTF-8 bytes of `key`, big-endian, zero-padded.
    @inline(__always)
    private static func prefix(of key: String) -> UInt64 {
        JSONWriter.withUTF8(of: key) { JSONWriter.sortPrefix(of: $0) }
    }

    // MARK: Keys

    /// The value of `key`, or `nil` when there is none. Setting `nil` removes the key.
    public subscript(key: String) -> TelemetryValue? {
        get {
            let (index, found) = position(of: key)
            // Not `found ? value : nil`: TelemetryValue is ExpressibleByNilLiteral, so that
            // `nil` would be `.null`, a value.
            guard found else { return nil }
            return members[index].value
        }
        set {
            let (index, found) = position(of: key)
            switch (found, newValue) {
            case (true, let value?): members[index].value = value
            case (true, nil): members.remove(at: index)
            case (false, let value?): members.insert(Member(key: key, value: value), at: index)
            case (false, nil): break
            }
        }
    }

    /// The keys, sorted by their UTF-8 bytes.
    public var keys: [String] {
        members.map(\.key)
    }

    /// Where `key` is, or where it would go; binary search over the sorted keys.
    private func position(of key: String) -> (index: Int, found: Bool) {
        let keyPrefix = Self.prefix(of: key)
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            let middlePrefix = Self.prefix(of: members[middle].key)
            let order =
                middlePrefix != keyPrefix
                ? (middlePrefix < keyPrefix ? -1 : 1) : Self.compare(members[middle].key, key)
            if order == 0 { return (middle, true) }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return (low, false)
    }

    /// Compares `lhs` and `rhs` by their UTF-8 bytes: negative, zero or positive.
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        JSONWriter.withUTF8(of: lhs) { left in
            JSONWriter.withUTF8(of: rhs) { right in
                let shared = Swift.min(left.count, right.count)
                for index in 0..<shared where left[index] != right[index] {
                    return left[index] < right[index] ? -1 : 1
                }
                return left.count - right.count
            }
        }
    }
}

// MARK: - Collection

extension TelemetryAttributes: RandomAccessCollection {
    /// The position of the first member.
    @inlinable
    public var startIndex: Int { members.startIndex }

    /// The position past the last member.
    @inlinable
    public var endIndex: Int { members.endIndex }

    /// The member at `position`, in key order.
    @inlinable
    public subscript(position: Int) -> Element {
        (members[position].key, members[position].value)
    }
}

// MARK: - Literals and conversions

extension TelemetryAttributes: ExpressibleByDictionaryLiteral {
    /// Creates attributes from a dictionary literal; a key written twice keeps its last value.
    public init(dictionaryLiteral elements: (String, TelemetryValue)...) {
        members = Self.sorted(elements)
    }
}

extension Dictionary where Key == String, Value == TelemetryValue {
    /// Creates a dictionary with the keys and values of `attributes`.
    public init(_ attributes: TelemetryAttributes) {
        self.init(minimumCapacity: attributes.count)
        for (key, value) in attributes { self[key] = value }
    }
}

// MARK: - Hashable

extension TelemetryAttributes: Hashable {
    /// Attributes are equal when they have the same keys, byte for byte, with equal values: equal
    /// attributes always encode to the same bytes.
    public static func == (lhs: TelemetryAttributes, rhs: TelemetryAttributes) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy {
                $0.key.utf8.elementsEqual($1.key.utf8) && $0.value == $1.value
            }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

// MARK: - JSON

extension TelemetryAttributes {
    /// The attributes as a compact JSON object, exactly as they appear in an event's `attrs`.
    public var jsonBytes: [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter.writeObject(self, into: &bytes)
        return bytes
    }
}

extension TelemetryAttributes: CustomStringConvertible {
    /// The attributes as one line of JSON (``jsonBytes``).
    public var description: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }
}

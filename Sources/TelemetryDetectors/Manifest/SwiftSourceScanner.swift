//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// A token of Swift source, as much as reading `Package.swift` needs.
enum SwiftToken: Equatable {
    /// An identifier or keyword.
    case identifier(Substring)
    /// A string literal; `nil` when it interpolates (`"\(x)"`), so its value is unknown.
    case string(String?)
    /// Any other character outside comments and literals (`(`, `)`, `.`, `:`, `,`, …).
    case punctuation(UInt8)
}

/// Splits Swift source into ``SwiftToken``s in one forward pass.
///
/// Not a Swift parser: it knows comments (nested block comments too), string literals
/// (`"…"`, multi-line `"""…"""`, raw `#"…"#`, escapes and interpolations) and identifiers,
/// which is enough to find `Package(name: …)` and `.package(url: …, from: …)` calls. Every
/// step advances, so the time is linear in the input whatever it holds, and the token count is
/// capped.
struct SwiftSourceScanner {
    /// Tokens beyond this are dropped: a real manifest has a few thousand.
    static let maximumTokenCount = 200_000

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The tokens of `source`.
    static func tokens(of source: [UInt8]) -> [SwiftToken] {
        var scanner = SwiftSourceScanner(source)
        var tokens: [SwiftToken] = []
        while tokens.count < maximumTokenCount, let token = scanner.next() {
            tokens.append(token)
        }
        return tokens
    }

    private mutating func next() -> SwiftToken? {
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                skipBlockComment()
            case UInt8(ascii: "\""):
                return .string(scanString(rawHashes: 0))
            case UInt8(ascii: "#"):
                var hashes = 0
                while peek(hashes) == UInt8(ascii: "#") { hashes += 1 }
                if peek(hashes) == UInt8(ascii: "\"") {
                    index += hashes
                    return .string(scanString(rawHashes: hashes))
                }
                index += 1
                return .punctuation(byte)
            default:
                if Self.isIdentifierStart(byte) {
                    let start = index
                    while index < bytes.count, Self.isIdentifierContinuation(bytes[index]) { index += 1 }
                    return .identifier(Substring(decoding: bytes[start..<index], as: UTF8.self))
                }
                index += 1
                return .punctuation(byte)
            }
        }
        return nil
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                index += 1
            }
        }
    }

    /// Scans a string literal whose opening `"` is at `index`; returns its value, or `nil` when
    /// it interpolates or is not closed.
    private mutating func scanString(rawHashes: Int) -> String? {
        let multiline = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
        let quotes = multiline ? 3 : 1
        index += quotes
        var value: [UInt8] = []
        var interpolated = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\""), closes(quotes: quotes, hashes: rawHashes) {
                index += quotes + rawHashes
                return interpolated ? nil : String(decoding: value, as: UTF8.self)
            }
            if !multiline, byte == UInt8(ascii: "\n") {
                return nil  // Unterminated: stop at the line's end and carry on scanning.
            }
            if byte == UInt8(ascii: "\\"), hasHashes(rawHashes, at: index + 1) {
                index += 1 + rawHashes
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "("):
                    interpolated = true
                    skipInterpolation()
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "u"): interpolated = true  // \u{…}: not worth decoding here.
                default: value.append(escaped)
                }
                continue
            }
            value.append(byte)
            index += 1
        }
        return nil
    }

    private func closes(quotes: Int, hashes: Int) -> Bool {
        for offset in 0..<quotes where peek(offset) != UInt8(ascii: "\"") { return false }
        return hasHashes(hashes, at: index + quotes)
    }

    private func hasHashes(_ count: Int, at position: Int) -> Bool {
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != UInt8(ascii: "#") { return false }
        return true
    }

    /// Skips an interpolation's expression up to its closing `)`, string literals within
    /// included (one level deep, which covers what manifests write).
    private mutating func skipInterpolation() {
        var depth = 1
        while index < bytes.count, depth > 0 {
            switch bytes[index] {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\n") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
            case UInt8(ascii: "\n"):
                return
            default: break
            }
            index += 1
        }
    }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func isIdentifierContinuation(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}

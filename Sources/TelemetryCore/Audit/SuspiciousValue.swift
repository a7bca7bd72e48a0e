//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The kinds of personal or secret data that must never appear in an event, and a classifier
/// that flags values that look like one of them.
///
/// The classifier is a heuristic for audits (`telemetry audit`), tuned to prefer a false alarm
/// over a miss: a 32-character hexadecimal hash is flagged as a possible token, `/api/auth` as a
/// possible path. It never throws and runs in time linear in the value's length.
public enum SuspiciousValue: String, Sendable, Hashable, CaseIterable {
    /// Something like `ada@example.com`.
    case email
    /// Something like `https://example.com/x` or `www.example.com`.
    case url
    /// An IPv4 or IPv6 address.
    case ip
    /// A credential: a known token prefix (`ghp_`, `sk_live_`, `AKIA`, `xoxb-`, a JWT, `Bearer …`),
    /// or a long run of letters and digits that looks random.
    case token
    /// A file system path such as `/home/ada/project` or `~/x` or `C:\Users\ada`.
    case path

    /// Values longer than this are checked on their first `maximumLength` bytes only.
    public static let maximumLength = 64 * 1024

    /// The kind of sensitive data `value` looks like, or `nil` when it looks harmless.
    public static func classify(_ value: String) -> SuspiciousValue? {
        let bytes = Array(value.utf8.prefix(maximumLength))
        if looksLikeURL(bytes) { return .url }
        if looksLikeEmail(bytes) { return .email }
        if looksLikeIP(bytes) { return .ip }
        if looksLikeToken(bytes) { return .token }
        if looksLikePath(bytes) { return .path }
        return nil
    }

    // MARK: - Rules

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: String, at index: Int = 0) -> Bool {
        let prefix = Array(prefix.utf8)
        guard index + prefix.count <= bytes.count else { return false }
        return bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    private static func lowercased(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
    }

    /// `scheme://` anywhere (scheme: a letter then letters, digits, `+`, `-`, `.`), or `www.`.
    private static func looksLikeURL(_ bytes: [UInt8]) -> Bool {
        let lower = lowercased(bytes)
        var index = 0
        while index + 2 < lower.count {
            if lower[index] == UInt8(ascii: ":"), lower[index + 1] == UInt8(ascii: "/"), lower[index + 2] == UInt8(ascii: "/"),
                index > 0, isLetter(lower[index - 1]) || isDigit(lower[index - 1])
            {
                return true
            }
            index += 1
        }
        if let start = lower.firstIndex(where: { !isSpace($0) }), hasPrefix(lower, "www.", at: start) { return true }
        return false
    }

    /// `local@domain.tld`: a local part of word characters, `@`, a domain with a dot and a
    /// letter after it.
    private static func looksLikeEmail(_ bytes: [UInt8]) -> Bool {
        func isLocal(_ byte: UInt8) -> Bool {
            isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
        func isDomain(_ byte: UInt8) -> Bool {
            isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte >= 0x80
        }
        for (at, byte) in bytes.enumerated() where byte == UInt8(ascii: "@") {
            guard at > 0, isLocal(bytes[at - 1]) else { continue }
            var end = at + 1
            while end < bytes.count, isDomain(bytes[end]) { end += 1 }
            let domain = bytes[(at + 1)..<end]
            guard let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > at + 1, dot + 1 < end,
                domain[(dot + 1)...].contains(where: isLetter)
            else { continue }
            return true
        }
        return false
    }

    /// A token (split on anything that cannot be part of an address) that `inet_pton` accepts.
    private static func looksLikeIP(_ bytes: [UInt8]) -> Bool {
        func isAddressByte(_ byte: UInt8) -> Bool {
            isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: ":")
        }
        var index = 0
        while index < bytes.count {
            guard isAddressByte(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isAddressByte(bytes[end]) { end += 1 }
            var token = Array(bytes[index..<end])
            // A sentence may end right after the address.
            while token.last == UInt8(ascii: ".") { token.removeLast() }
            if token.count >= 3, token.count <= 45, token.contains(where: isDigit) || token.contains(UInt8(ascii: ":")) {
                token.append(0)
                var buffer = (UInt64(0), UInt64(0))
                let isAddress = token.withUnsafeBufferPointer { text in
                    withUnsafeMutableBytes(of: &buffer) { raw in
                        text.withMemoryRebound(to: CChar.self) { characters in
                            inet_pton(AF_INET, characters.baseAddress, raw.baseAddress) == 1
                                || (token.filter { $0 == UInt8(ascii: ":") }.count >= 2
                                    && inet_pton(AF_INET6, characters.baseAddress, raw.baseAddress) == 1
                                    && token.contains { $0 != UInt8(ascii: ":") && $0 != 0 })
                        }
                    }
                }
                if isAddress { return true }
            }
            index = end
        }
        return false
    }

    /// A known credential prefix, or a run of at least 32 token characters mixing letters and
    /// digits.
    private static func looksLikeToken(_ bytes: [UInt8]) -> Bool {
        let prefixes = [
            "sk_live_", "sk_test_", "pk_live_", "rk_live_", "ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "glpat-",
            "xoxb-", "xoxp-", "xoxa-", "AKIA", "ASIA", "AIza", "npm_", "Bearer ", "bearer ", "Basic ",
        ]
        var start = 0
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        if prefixes.contains(where: { hasPrefix(bytes, $0, at: start) && bytes.count - start > $0.utf8.count + 8 }) {
            return true
        }
        func isTokenByte(_ byte: UInt8) -> Bool {
            isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
                || byte == UInt8(ascii: ".")
        }
        var index = 0
        while index < bytes.count {
            guard isTokenByte(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            var letters = 0
            var digits = 0
            var separators = 0
            while end < bytes.count, isTokenByte(bytes[end]) {
                if isLetter(bytes[end]) { letters += 1 } else if isDigit(bytes[end]) { digits += 1 } else { separators += 1 }
                end += 1
            }
            let run = bytes[index..<end]
            // A JSON Web Token: three base64url parts, the first one `eyJ` (`{"`).
            if run.starts(with: Array("eyJ".utf8)), run.filter({ $0 == UInt8(ascii: ".") }).count == 2, run.count >= 20 {
                return true
            }
            // Long and random-looking: both letters and digits, few separators (not a path or a
            // dotted name).
            if letters + digits >= 32, letters >= 4, digits >= 4, separators * 8 <= run.count {
                return true
            }
            index = end
        }
        return false
    }

    /// An absolute or home-relative path with at least two components, a relative `./` or
    /// `../` path, a Windows drive path, or a well-known home directory anywhere in the value.
    private static func looksLikePath(_ bytes: [UInt8]) -> Bool {
        var start = 0
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        let value = Array(bytes[start...])
        for marker in ["/home/", "/Users/", "/root/", "/var/", "/tmp/", "/etc/", "/private/", "\\Users\\"] {
            if contains(value, Array(marker.utf8)) { return true }
        }
        if hasPrefix(value, "~/") || hasPrefix(value, "./") || hasPrefix(value, "../") { return value.count > 2 }
        if value.count >= 3, isLetter(value[0]), value[1] == UInt8(ascii: ":"), value[2] == UInt8(ascii: "\\") || value[2] == UInt8(ascii: "/") {
            return true
        }
        guard value.first == UInt8(ascii: "/"), value.count > 1, !isSpace(value[1]), value[1] != UInt8(ascii: "/") else {
            return false
        }
        // `/a/b`: a second separator after a non-empty first component.
        let rest = value.dropFirst()
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")), slash > rest.startIndex else { return false }
        return slash + 1 < value.count && !value[(slash + 1)...].allSatisfy { $0 == UInt8(ascii: "/") }
    }
}

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
/// that flags strings that look like one of them.
///
/// The classifier is a heuristic for audits (`telemetry audit`), tuned to prefer a false alarm
/// over a miss. What it detects, anywhere in a string:
///
/// | kind | detected | not detected |
/// |---|---|---|
/// | ``url`` | `scheme://…`, `www.…` | a bare host name (`example.com`) |
/// | ``email`` | `local@domain.tld`, non-ASCII local parts and domains included | an address without a dot in its domain |
/// | ``ip`` | IPv4 (also with a port or after a label: `10.0.0.1:5432`, `host:10.0.0.1`), IPv6 | an IPv4 address written in another base |
/// | ``token`` | known credential prefixes (`AKIA…`, `ghp_…`, `sk_live_…`, `xoxb-…`, …) anywhere, JWTs, `Bearer …`, runs of 32 or more token characters that look random (hex digests, base64 secrets such as AWS secret keys) | short secrets, and secrets made of dictionary words |
/// | ``path`` | absolute paths of two components or more, `~/…`, `./…`, `../…`, `$HOME…`, `%USERPROFILE%…`, Windows drive and UNC paths (`C:\…`, `\\server\share`), well-known home directories anywhere | a single-component path such as `/tmp` |
///
/// It never throws and runs in time linear in the value's length.
public enum SuspiciousValue: String, Sendable, Hashable, CaseIterable {
    /// Something like `ada@example.com`.
    case email
    /// Something like `https://example.com/x` or `www.example.com`.
    case url
    /// An IPv4 or IPv6 address.
    case ip
    /// A credential: a known token prefix, a JWT, `Bearer …`, or a long run that looks random.
    case token
    /// A file system path such as `/home/ada/project`, `~/x`, `$HOME/x` or `C:\Users\ada`.
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

    private static func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }

    private static func isLower(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }

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

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count) where bytes[index] == needle[0] {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        firstIndex(of: needle, in: bytes) != nil
    }

    private static func lowercased(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
    }

    /// `scheme://` anywhere (the scheme ends in a letter or digit), or `www.` at the start.
    private static func looksLikeURL(_ bytes: [UInt8]) -> Bool {
        let lower = lowercased(bytes)
        var index = 1
        while index + 2 < lower.count {
            if lower[index] == UInt8(ascii: ":"), lower[index + 1] == UInt8(ascii: "/"),
                lower[index + 2] == UInt8(ascii: "/"),
                isLetter(lower[index - 1]) || isDigit(lower[index - 1])
            {
                return true
            }
            index += 1
        }
        if let start = lower.firstIndex(where: { !isSpace($0) }), hasPrefix(lower, "www.", at: start) { return true }
        return false
    }

    /// `local@domain.tld`: a local part (word characters, or any non-ASCII byte), `@`, a domain
    /// with a dot and a letter after it.
    private static func looksLikeEmail(_ bytes: [UInt8]) -> Bool {
        func isLocal(_ byte: UInt8) -> Bool {
            isLetter(byte) || isDigit(byte) || byte >= 0x80 || "._%+-'".utf8.contains(byte)
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
                domain[(dot + 1)...].contains(where: { isLetter($0) || $0 >= 0x80 })
            else { continue }
            return true
        }
        return false
    }

    /// An IPv4 address (a maximal run of digits and dots that `inet_pton` accepts, so that a
    /// port or a label around it does not hide it), or an IPv6 address (a run of hex digits,
    /// colons and dots with at least two colons that `inet_pton` accepts).
    private static func looksLikeIP(_ bytes: [UInt8]) -> Bool {
        func runs(of isMember: (UInt8) -> Bool, passing check: ([UInt8]) -> Bool) -> Bool {
            var index = 0
            while index < bytes.count {
                guard isMember(bytes[index]) else {
                    index += 1
                    continue
                }
                var end = index
                while end < bytes.count, isMember(bytes[end]) { end += 1 }
                var token = Array(bytes[index..<end])
                while token.last == UInt8(ascii: ".") { token.removeLast() }  // a sentence may end there
                while token.first == UInt8(ascii: ".") { token.removeFirst() }
                if token.count >= 2, token.count <= 45, check(token) { return true }
                index = end
            }
            return false
        }
        let isIPv4 = runs(
            of: { isDigit($0) || $0 == UInt8(ascii: ".") },
            passing: { token in
                token.filter { $0 == UInt8(ascii: ".") }.count == 3 && presentation(token, family: AF_INET)
            }
        )
        if isIPv4 { return true }
        return runs(
            of: {
                isDigit($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) || $0 == UInt8(ascii: ".")
                    || $0 == UInt8(ascii: ":")
            },
            passing: { token in
                token.filter { $0 == UInt8(ascii: ":") }.count >= 2 && token.contains { $0 != UInt8(ascii: ":") }
                    && presentation(token, family: AF_INET6)
            }
        )
    }

    /// Whether `inet_pton` accepts `token` as an address of `family`.
    private static func presentation(_ token: [UInt8], family: Int32) -> Bool {
        var text = token
        text.append(0)
        var buffer = (UInt64(0), UInt64(0))
        return text.withUnsafeBufferPointer { characters in
            withUnsafeMutableBytes(of: &buffer) { raw in
                characters.withMemoryRebound(to: CChar.self) { inet_pton(family, $0.baseAddress, raw.baseAddress) == 1 }
            }
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || "_-+/=.".utf8.contains(byte)
    }

    /// A known credential prefix at the start of a word, followed by enough token characters; a
    /// JWT; or a run of at least 32 token characters that looks random.
    private static func looksLikeToken(_ bytes: [UInt8]) -> Bool {
        let prefixes: [(prefix: String, minimumRest: Int)] = [
            ("AKIA", 16), ("ASIA", 16), ("AGPA", 16), ("AIDA", 16), ("AROA", 16), ("AIza", 30),
            ("sk_live_", 8), ("sk_test_", 8), ("pk_live_", 8), ("rk_live_", 8), ("ghp_", 8), ("gho_", 8), ("ghs_", 8),
            ("ghu_", 8), ("ghr_", 8), ("github_pat_", 8), ("glpat-", 8), ("xoxb-", 8), ("xoxp-", 8), ("xoxa-", 8),
            ("xapp-", 8), ("npm_", 8), ("sk-", 20), ("Bearer ", 8), ("bearer ", 8), ("Basic ", 8),
        ]
        for (prefix, minimumRest) in prefixes {
            let needle = Array(prefix.utf8)
            var from = 0
            while let start = firstIndex(of: needle, in: bytes, from: from) {
                from = start + 1
                // At the start of a word: `key=AKIA…` counts, `XAKIA…` does not.
                if start > 0, isLetter(bytes[start - 1]) || isDigit(bytes[start - 1]) { continue }
                var end = start + needle.count
                while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
                if end - start - needle.count >= minimumRest { return true }
            }
        }
        var index = 0
        while index < bytes.count {
            guard isTokenByte(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            var upper = 0
            var lower = 0
            var digits = 0
            var base64Symbols = 0  // + / =
            var separators = 0  // _ - .
            var dots = 0
            while end < bytes.count, isTokenByte(bytes[end]) {
                let byte = bytes[end]
                if isUpper(byte) {
                    upper += 1
                } else if isLower(byte) {
                    lower += 1
                } else if isDigit(byte) {
                    digits += 1
                } else if byte == UInt8(ascii: ".") {
                    dots += 1
                    separators += 1
                } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") {
                    base64Symbols += 1
                } else {
                    separators += 1
                }
                end += 1
            }
            let run = bytes[index..<end]
            // A JSON Web Token: three base64url parts, the first one `eyJ` (`{"`).
            if run.starts(with: Array("eyJ".utf8)), dots == 2, run.count >= 20 {
                return true
            }
            let alphanumerics = upper + lower + digits
            // A hex digest or a lower-case random id: letters and digits well mixed, few
            // separators (not a dotted or snake_case name).
            if alphanumerics >= 32, upper + lower >= 4, digits >= 4, (separators + base64Symbols) * 8 <= run.count {
                return true
            }
            // Base64 (an AWS secret key, say): 32 characters or more, both cases, up to a third of
            // `+/=`, few other separators, and not CamelCase words. Counted on the whole run, not
            // its letters and digits: one random 40-character key in about 300 000 has nine `+/`
            // and only 31 of them.
            if run.count >= 32, upper >= 2, lower >= 2, base64Symbols * 3 <= run.count, separators * 8 <= run.count,
                !isMadeOfWords(run)
            {
                return true
            }
            index = end
        }
        return false
    }

    /// Whether `run`, split at `/`, is made of words: CamelCase (`ThisIsAVeryLongIdentifier`) or
    /// plain letters, as a path (`/Users/Ada/Library/ApplicationSupport`) or an identifier is, and a
    /// random base64 run (`/jvpk+T1OweJu2K0UAMksnVbfkb3DU/9D7x`) is not.
    ///
    /// Words have at least three lower-case letters for every capital; random letters have about
    /// one. (Without that count, one random 40-character key in about 40 000, letters and `/`
    /// only, passed for words: the random test below failed in one run of 20.)
    private static func isMadeOfWords(_ run: ArraySlice<UInt8>) -> Bool {
        let upper = run.reduce(0) { $0 + (isUpper($1) ? 1 : 0) }
        let lower = run.reduce(0) { $0 + (isLower($1) ? 1 : 0) }
        return lower >= 3 * upper && run.split(separator: UInt8(ascii: "/")).allSatisfy(isCamelCaseWords)
    }

    /// Whether `run` reads as CamelCase words (`ThisIsAVeryLongIdentifierName`): no more than two
    /// upper-case letters in a row, and nothing but letters.
    private static func isCamelCaseWords(_ run: ArraySlice<UInt8>) -> Bool {
        guard run.allSatisfy(isLetter) else { return false }
        var uppersInARow = 0
        for byte in run {
            if isUpper(byte) {
                uppersInARow += 1
                if uppersInARow > 2 { return false }
            } else {
                uppersInARow = 0
            }
        }
        return true
    }

    /// An absolute or home-relative path with at least two components, a relative `./` or
    /// `../` path, an environment-variable home (`$HOME`, `${HOME}`, `%USERPROFILE%`), a Windows
    /// drive or UNC path, or a well-known home directory anywhere in the value.
    private static func looksLikePath(_ bytes: [UInt8]) -> Bool {
        var start = 0
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        let value = Array(bytes[start...])
        for marker in [
            "/home/", "/Users/", "/root/", "/var/", "/tmp/", "/etc/", "/private/", "\\Users\\", "$HOME", "${HOME}",
            "%USERPROFILE%", "%HOMEPATH%", "%APPDATA%", "%LOCALAPPDATA%",
        ] where contains(value, Array(marker.utf8)) {
            return true
        }
        if hasPrefix(value, "~/") || hasPrefix(value, "./") || hasPrefix(value, "../") { return value.count > 2 }
        // `\\server\share`: a UNC path.
        if value.count >= 5, value[0] == UInt8(ascii: "\\"), value[1] == UInt8(ascii: "\\"), isTokenByte(value[2]),
            value[3...].contains(UInt8(ascii: "\\"))
        {
            return true
        }
        if value.count >= 3, isLetter(value[0]), value[1] == UInt8(ascii: ":"),
            value[2] == UInt8(ascii: "\\") || value[2] == UInt8(ascii: "/")
        {
            return true
        }
        guard value.first == UInt8(ascii: "/"), value.count > 1, !isSpace(value[1]), value[1] != UInt8(ascii: "/")
        else {
            return false
        }
        // `/a/b`: a second separator after a non-empty first component.
        let rest = value.dropFirst()
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")), slash > rest.startIndex else { return false }
        return slash + 1 < value.count && !value[(slash + 1)...].allSatisfy { $0 == UInt8(ascii: "/") }
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Testing

/// Every environment variable the code can read is documented in `Docs/CONFIGURATION.md`.
@Suite(.timeLimit(.minutes(1)))
struct EnvironmentVariableDocumentationTests {
    /// Upper-case string literals in `Sources/` that are not environment variables, each with
    /// the reason. Keep this list short: anything else upper-case counts as a variable.
    static let notVariables: [String: String] = [
        "POST": "an HTTP method",
        "GET": "an HTTP method",
        "AKIA": "an AWS access key prefix the audit flags",
        "ASIA": "an AWS temporary key prefix the audit flags",
        "AGPA": "an AWS group id prefix the audit flags",
        "AIDA": "an AWS user id prefix the audit flags",
        "AROA": "an AWS role id prefix the audit flags",
        "NAME": "the placeholder for a tool's name in the commands' help",
        "NAME_TELEMETRY": "the placeholder for a tool's switch in the commands' help",
        "GMT": "a time zone name",
        "UTC": "a time zone name",
        "INFO": "a log level",
    ]

    /// What a Swift file can read from the environment: whole names, and suffixes appended to a
    /// tool's prefix (`"_TELEMETRY_DEBUG"`, or `"\(prefix)_TELEMETRY_DEBUG"`).
    struct Found: Equatable {
        var names: Set<String> = []
        var suffixes: Set<String> = []
    }

    static func scan(_ source: String) -> Found {
        var found = Found()
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            // Comments show examples (`["MY_CLI_TELEMETRY": "1"]`), not reads.
            if line.drop(while: { $0 == " " }).hasPrefix("//") { continue }
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                // 1. A literal that is exactly an identifier: "DO_NOT_TRACK", "_TELEMETRY", and,
                //    right after `environment[` or `getenv(`, any case: "XCTestBundlePath".
                if byte == UInt8(ascii: "\""), let token = identifier(in: bytes, from: index + 1) {
                    if isUpperCaseName(token) {
                        if token.hasPrefix("_") { found.suffixes.insert(token) } else { found.names.insert(token) }
                    } else if follows(bytes, index, "nvironment[") || follows(bytes, index, "getenv(") {
                        found.names.insert(token)
                    }
                }
                // 2. A suffix after an interpolation: "\(prefix)_TELEMETRY_ENDPOINT".
                if byte == UInt8(ascii: ")"), let token = identifier(in: bytes, from: index + 1),
                    token.hasPrefix("_"), isUpperCaseName(token)
                {
                    found.suffixes.insert(token)
                }
            }
        }
        found.names.subtract(notVariables.keys)
        return found
    }

    /// The identifier that starts at `start` and is directly closed by a `"`, if any.
    private static func identifier(in bytes: [UInt8], from start: Int) -> String? {
        var end = start
        while end < bytes.count,
            bytes[end] == UInt8(ascii: "_") || (bytes[end] < 0x80 && Character(UnicodeScalar(bytes[end])).isLetter)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end])
        {
            end += 1
        }
        guard end > start, end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// `_?[A-Z][A-Z0-9_]+`: at least two characters after an optional leading underscore.
    private static func isUpperCaseName(_ token: String) -> Bool {
        let body = token.hasPrefix("_") ? token.dropFirst() : Substring(token)
        guard body.count >= 2, let first = body.first, first.isASCII, first.isUppercase else { return false }
        return body.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
    }

    /// Whether `bytes[..<index]`, without trailing spaces, ends with `text`.
    private static func follows(_ bytes: [UInt8], _ index: Int, _ text: String) -> Bool {
        var end = index
        while end > 0, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        let suffix = Array(text.utf8)
        return end >= suffix.count && Array(bytes[(end - suffix.count)..<end]) == suffix
    }

    static func undocumented(_ found: Found, in documentation: String) -> [String] {
        let names = found.names.filter { !Repository.mentions(documentation, $0) }
        let suffixes = found.suffixes.filter { !documentation.contains("<TOOL>" + $0) }.map { "<TOOL>" + $0 }
        return (names.sorted() + suffixes.sorted())
    }

    @Test("every environment variable read in Sources/ appears in Docs/CONFIGURATION.md")
    func everyVariableIsDocumented() throws {
        let documentation = try Repository.text("Docs/CONFIGURATION.md")
        var found = Found()
        var origin: [String: String] = [:]
        for file in try Repository.swiftFiles(under: "Sources") {
            let fileFound = Self.scan(file.text)
            found.names.formUnion(fileFound.names)
            found.suffixes.formUnion(fileFound.suffixes)
            for name in fileFound.names.union(fileFound.suffixes) where origin[name] == nil { origin[name] = file.path }
        }
        // The scan must see the variables we know of, or it proves nothing.
        #expect(found.names.isSuperset(of: ["DO_NOT_TRACK", "XDG_CONFIG_HOME", "CI", "SWIFT_ENV", "XCTestBundlePath"]))
        #expect(
            found.suffixes.isSuperset(of: ["_TELEMETRY", "_TELEMETRY_DEBUG", "_TELEMETRY_ENDPOINT", "_TELEMETRY_DIR"])
        )
        let missing = Self.undocumented(found, in: documentation)
        #expect(
            missing.isEmpty,
            "undocumented environment variables (add them to Docs/CONFIGURATION.md): \(missing.map { "\($0) (\(origin[$0] ?? origin[String($0.dropFirst(6))] ?? "?"))" })"
        )
    }

    @Test("a new variable read anywhere, in any form, is caught by the scan")
    func scanCatchesEveryForm() {
        let source = #"""
            let a = environment["NEW_SETTING"]
            let b = EnvironmentBoolean("OTHER_SWITCH", in: environment)
            let c = environment["\(prefix)_TELEMETRY_COLOR"]
            let d = prefix + "_TELEMETRY_LEVEL"
            let e = ProcessInfo.processInfo.environment["mixedCaseName"]
            let f = getenv("RAW_READ")
            // environment["ONLY_IN_A_COMMENT"]
            let g = "POST"
            """#
        let found = Self.scan(source)
        #expect(found.names == ["NEW_SETTING", "OTHER_SWITCH", "mixedCaseName", "RAW_READ"])
        #expect(found.suffixes == ["_TELEMETRY_COLOR", "_TELEMETRY_LEVEL"])
        let documentation = "`NEW_SETTING`, `<TOOL>_TELEMETRY_COLOR`, `RAW_READING` (a longer name)"
        #expect(
            Self.undocumented(found, in: documentation) == [
                "OTHER_SWITCH", "RAW_READ", "mixedCaseName", "<TOOL>_TELEMETRY_LEVEL",
            ]
        )
    }
}

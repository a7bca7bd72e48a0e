//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import Testing

/// The strict boolean parser: every spelling, case and surrounding white space.
@Suite struct EnvironmentBooleanTests {
    /// `word` in several cases and surrounded by white space, without duplicates.
    static func variants(_ word: String) -> [String] {
        let all = [
            word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst(), " \(word)", "\(word) ",
            "\t\(word)\n", "\r\n\(word)  ",
        ]
        var seen: Set<String> = []
        return all.filter { seen.insert($0).inserted }
    }

    @Test(arguments: ["1", "true", "yes", "on"].flatMap(variants))
    func trueSpellings(_ value: String) {
        #expect(EnvironmentBoolean(parsing: value) == .true)
        #expect(EnvironmentBoolean(parsing: value).isTrue)
        #expect(!EnvironmentBoolean(parsing: value).isFalse)
    }

    @Test(arguments: ["0", "false", "no", "off"].flatMap(variants))
    func falseSpellings(_ value: String) {
        #expect(EnvironmentBoolean(parsing: value) == .false)
        #expect(EnvironmentBoolean(parsing: value).isFalse)
        #expect(!EnvironmentBoolean(parsing: value).isTrue)
    }

    @Test(arguments: ["", " ", "\t", "\n", "  \r\n "])
    func emptyIsUnset(_ value: String) {
        #expect(EnvironmentBoolean(parsing: value) == .unset)
    }

    @Test func absentIsUnset() {
        #expect(EnvironmentBoolean(parsing: nil) == .unset)
        #expect(EnvironmentBoolean("X", in: ["Y": "1"]) == .unset)
        #expect(EnvironmentBoolean("X", in: ["X": "on"]) == .true)
    }

    /// Upstream reads `off` and `no` as on; anything not listed is invalid here and never true.
    @Test(arguments: [
        "2", "-1", "01", "00", "y", "n", "t", "f", "enable", "enabled", "disable", "tru", "yess", "o n", "1 0", "true!",
        "\"1\"", "１", "null", "undefined", "ON\u{0}", "\u{200B}1",
    ])
    func everythingElseIsInvalidAndKeepsTheRawValue(_ value: String) {
        #expect(EnvironmentBoolean(parsing: value) == .invalid(value))
        #expect(!EnvironmentBoolean(parsing: value).isTrue)
        #expect(!EnvironmentBoolean(parsing: value).isFalse)
    }
}

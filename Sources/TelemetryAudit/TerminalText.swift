//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Text from a log made safe to print to a terminal.
///
/// A log line is input from anyone who could write to the file, and a terminal obeys control
/// sequences: `ESC ] 0;…` sets the window title, `ESC [ 8 m` hides what follows (an audit
/// verdict, say), C1 bytes do the same on some terminals, and the bidirectional overrides
/// reorder what the reader sees. Everything meant for people goes through ``escaped(_:)``; the
/// `--json` output stays exact JSON.
public enum TerminalText {
    /// `text` with every C0 control character (tab and newline included), DEL, every C1
    /// control character and every bidirectional formatting character (U+061C, U+200E, U+200F,
    /// U+202A–U+202E, U+2066–U+2069) written as a visible `\u{…}` escape; a backslash is
    /// doubled, so that the escaped text cannot be mistaken for an escape. Everything else is
    /// kept as is.
    public static func escaped(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return String(text) }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                result += "\\\\"
            } else if needsEscape(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x5C: true  // the backslash, so that an escape in the text stays distinguishable
        default: false
        }
    }
}

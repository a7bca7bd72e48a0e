//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryAudit
import TelemetryCore

/// Where the commands write: results to stdout, everything else to stderr.
enum Console {
    /// Writes `text` and a newline to stdout: the requested output only.
    static func output(_ text: String) {
        try? FileSystem.writeAll(1, Array((text + "\n").utf8), path: "standard output")
    }

    /// Writes `telemetry: <text>` to stderr: notices, warnings, errors.
    static func diagnostic(_ text: String) {
        StandardError.write("telemetry: \(text)\n")
    }

    /// Writes `text` unchanged to stderr.
    static func notice(_ text: String) {
        StandardError.write(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// `text` safe for a terminal: every control character escaped (see `TerminalText`).
    static func escaped(_ text: String) -> String {
        TerminalText.escaped(text)
    }

    /// A JSON object with its keys in the given order (for stable, readable machine output).
    static func jsonObject(_ members: [(String, TelemetryValue)]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONWriter.write(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

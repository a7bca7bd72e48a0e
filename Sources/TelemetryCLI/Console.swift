//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore

/// Where `telemetry` writes: results to stdout, everything else to stderr.
enum Console {
    /// Writes `text` and a newline to stdout: the requested output only.
    static func output(_ text: String) {
        write(1, text + "\n")
    }

    /// Writes `telemetry: <text>` to stderr: notices, warnings, errors.
    static func diagnostic(_ text: String) {
        write(2, "telemetry: \(text)\n")
    }

    /// Writes `text` unchanged to stderr.
    static func notice(_ text: String) {
        write(2, text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Unbuffered, so that stdout and stderr interleave in order and nothing is lost at exit.
    private static func write(_ descriptor: Int32, _ text: String) {
        try? FileSystem.writeAll(descriptor, Array(text.utf8), path: descriptor == 1 ? "stdout" : "stderr")
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

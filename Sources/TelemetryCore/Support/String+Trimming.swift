//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, carriage returns and line feeds: the
    /// package's one trimming rule, for environment values, header values and small files.
    package func trimmingWhitespace() -> String {
        let scalars = Substring(self).unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
        }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else {
            return ""
        }
        return String(scalars[start...last])
    }
}

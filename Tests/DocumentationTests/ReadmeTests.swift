//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing

/// README.md's quick start is real code: the `ReadmeQuickStart` target compiles the same text.
@Suite(.timeLimit(.minutes(1)))
struct ReadmeTests {
    /// The first ```swift block after `heading`.
    static func swiftBlock(after heading: String, in markdown: String) -> String? {
        guard let section = markdown.range(of: "\n" + heading + "\n"),
            let open = markdown.range(of: "```swift\n", range: section.upperBound..<markdown.endIndex),
            let close = markdown.range(of: "\n```\n", range: open.upperBound..<markdown.endIndex)
        else { return nil }
        return String(markdown[open.upperBound..<close.lowerBound]) + "\n"
    }

    /// The file without its leading comment block and the blank line after it.
    static func body(ofCompiledFile text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let first = lines.first, first.hasPrefix("//") { lines = lines.dropFirst() }
        if lines.first == "" { lines = lines.dropFirst() }
        return lines.joined(separator: "\n")
    }

    @Test("the README's quick start and Tests/ReadmeQuickStart/main.swift are identical")
    func quickStartIsCompiled() throws {
        let readme = try Repository.text("README.md")
        let snippet = try #require(
            Self.swiftBlock(after: "## Quick start", in: readme),
            "README.md has no ## Quick start swift block"
        )
        let compiled = Self.body(ofCompiledFile: try Repository.text("Tests/ReadmeQuickStart/main.swift"))
        #expect(
            snippet == compiled,
            "copy the README's quick start into Tests/ReadmeQuickStart/main.swift (or the reverse)"
        )
        #expect(snippet.contains("TelemetryContext.standard("), "the quick start shows the front door")
    }
}

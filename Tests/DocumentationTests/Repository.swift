//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation

/// The repository's files, found from this file's path so the tests run from any directory.
enum Repository {
    static let root: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)  // Tests/DocumentationTests/<file>
        return components.joined(separator: "/")
    }()

    static func text(_ relativePath: String) throws -> String {
        try String(decoding: Data(contentsOf: URL(fileURLWithPath: root + "/" + relativePath)), as: UTF8.self)
    }

    /// Every `*.swift` file under `relativeDirectory`, as (path relative to the root, text).
    static func swiftFiles(under relativeDirectory: String) throws -> [(path: String, text: String)] {
        let base = root + "/" + relativeDirectory
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [(String, String)] = []
        while let entry = enumerator.nextObject() as? String {
            guard entry.hasSuffix(".swift") else { continue }
            files.append((relativeDirectory + "/" + entry, try text(relativeDirectory + "/" + entry)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// Whether `name` occurs in `text` as a whole identifier (not inside a longer name).
    static func mentions(_ text: String, _ name: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: name, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let isIdentifierCharacter: (Character?) -> Bool = {
                $0.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false
            }
            if !isIdentifierCharacter(before), !isIdentifierCharacter(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}

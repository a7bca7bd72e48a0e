//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Foundation
import Testing

/// Every test `Docs/PARITY.md` names as proof exists: a `` `Suite/function` `` reference needs a
/// `struct Suite` with a `func function` in `Tests/`, a bare `` `SomethingTests` `` a suite.
@Suite(.timeLimit(.minutes(1)))
struct ParityDocumentationTests {
    @Test("every test named in Docs/PARITY.md exists")
    func namedTestsExist() throws {
        let parity = try Repository.text("Docs/PARITY.md")
        let sources = try Repository.swiftFiles(under: "Tests")
        var functionsBySuite: [String: String] = [:]
        for file in sources {
            for line in file.text.split(separator: "\n") {
                let trimmed = line.drop(while: { $0 == " " })
                guard trimmed.hasPrefix("struct ") || trimmed.hasPrefix("@Suite") else { continue }
                if let range = trimmed.range(of: "struct ") {
                    let name = trimmed[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
                    functionsBySuite[String(name), default: ""] += file.text
                }
            }
        }
        var references: [(suite: String, function: String?)] = []
        for piece in parity.split(separator: "`").enumerated() where piece.offset % 2 == 1 {
            let text = piece.element
            let parts = text.split(separator: "/")
            guard let suite = parts.first, suite != "Tests", suite.hasSuffix("Tests"),
                suite.allSatisfy({ $0.isLetter || $0.isNumber })
            else { continue }
            guard parts.count <= 2 else { continue }
            references.append((String(suite), parts.count == 2 ? String(parts[1]) : nil))
        }
        #expect(references.count >= 50, "the scan found too few references to prove anything")
        var missing: [String] = []
        for reference in references {
            guard let text = functionsBySuite[reference.suite] else {
                missing.append(reference.suite)
                continue
            }
            if let function = reference.function, !text.contains("func \(function)(") {
                missing.append("\(reference.suite)/\(function)")
            }
        }
        #expect(missing.isEmpty, "Docs/PARITY.md names tests that do not exist: \(missing)")
    }
}

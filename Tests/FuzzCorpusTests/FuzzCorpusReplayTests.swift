//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Replays the committed fuzz corpus (`Fuzz/Corpus/<target>/*`: seeds, and every input a fuzzer
/// ever crashed on) through the same `FuzzEntry` code the libFuzzer executables run
/// (`FuzzEntries.swift` here is a symbolic link to `Fuzz/Sources/FuzzEntries/FuzzEntries.swift`).
/// The fuzzers themselves are too slow for CI; this keeps their findings fixed.
@Suite(.timeLimit(.minutes(1)))
struct FuzzCorpusReplayTests {
    /// `Fuzz/Corpus`, found from this file's path so the test runs from any directory.
    static let corpusDirectory: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)  // Tests/FuzzCorpusTests/<file>
        return components.joined(separator: "/") + "/Fuzz/Corpus"
    }()

    static func inputs(of entry: FuzzEntry) throws -> [(name: String, bytes: [UInt8])] {
        let directory = corpusDirectory + "/" + entry.rawValue
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            return (name, Array(data))
        }
    }

    @Test("every fuzz target has a committed, non-empty corpus", arguments: FuzzEntry.allCases)
    func corpusExists(entry: FuzzEntry) throws {
        #expect(try Self.inputs(of: entry).count >= 3)
    }

    @Test("every corpus input passes its fuzz target's checks", arguments: FuzzEntry.allCases)
    func replay(entry: FuzzEntry) throws {
        for input in try Self.inputs(of: entry) {
            #expect(throws: Never.self, "\(entry.rawValue)/\(input.name)") {
                try entry.run(input.bytes)
            }
        }
    }

    @Test("every corpus directory belongs to a fuzz target, so none is silently skipped")
    func noOrphanCorpus() throws {
        let directories = try FileManager.default.contentsOfDirectory(atPath: Self.corpusDirectory)
        #expect(Set(directories) == Set(FuzzEntry.allCases.map(\.rawValue)))
    }
}

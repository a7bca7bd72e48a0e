//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Tokens with their bracket structure, so that a call's arguments can be walked without
/// rescanning what is nested in them.
///
/// The matching brackets are found once, in one pass; walking the top level of every call
/// then visits each token a bounded number of times, so reading a manifest stays linear in its
/// size however deeply it nests.
struct SwiftTokenTree {
    /// How many tokens of one call's arguments are looked at: a real `.package(…)` or
    /// `Package(…)` call has far fewer at its top level.
    static let maximumArgumentTokens = 4096

    let tokens: [SwiftToken]
    /// For each opening `(` or `[`, the index of its closing bracket (`tokens.count` when it is
    /// never closed); `-1` for every other token.
    private let closing: [Int]

    init(_ tokens: [SwiftToken]) {
        self.tokens = tokens
        var closing = [Int](repeating: -1, count: tokens.count)
        var open: [Int] = []
        for (index, token) in tokens.enumerated() {
            switch token {
            case .punctuation(UInt8(ascii: "(")), .punctuation(UInt8(ascii: "[")):
                open.append(index)
            case .punctuation(UInt8(ascii: ")")), .punctuation(UInt8(ascii: "]")):
                if let opener = open.popLast() { closing[opener] = index }
            default: break
            }
        }
        for opener in open { closing[opener] = tokens.count }
        self.closing = closing
    }

    /// The positions of the tokens directly inside the call whose `(` is at `open`, plus those
    /// directly inside each of its bracketed arguments (one level down), in order; at most
    /// ``maximumArgumentTokens``.
    func arguments(ofCallOpeningAt open: Int) -> [Int] {
        var positions: [Int] = []
        var index = open + 1
        let end = min(endOfGroup(open), tokens.count)
        while index < end, positions.count < Self.maximumArgumentTokens {
            positions.append(index)
            if closing[index] >= 0 {
                // One level down: the tokens of a nested call such as `.upToNextMajor(from: "1.0.0")`.
                var inner = index + 1
                let innerEnd = min(endOfGroup(index), end)
                while inner < innerEnd, positions.count < Self.maximumArgumentTokens {
                    positions.append(inner)
                    inner = closing[inner] >= 0 ? endOfGroup(inner) + 1 : inner + 1
                }
                index = endOfGroup(index) + 1
            } else {
                index += 1
            }
        }
        return positions
    }

    /// The position of the value of `label:` among the top-level arguments of the call whose
    /// `(` is at `open`.
    func labeledValuePosition(_ label: String, inCallOpeningAt open: Int) -> Int? {
        var index = open + 1
        let end = min(endOfGroup(open), tokens.count)
        var visited = 0
        var previous = SwiftToken.punctuation(UInt8(ascii: ","))
        while index < end, visited < Self.maximumArgumentTokens {
            visited += 1
            let token = tokens[index]
            if case .identifier(let word) = token, word == label, previous == .punctuation(UInt8(ascii: ",")),
                index + 2 < end, tokens[index + 1] == .punctuation(UInt8(ascii: ":"))
            {
                return index + 2
            }
            previous = token
            index = closing[index] >= 0 ? endOfGroup(index) + 1 : index + 1
        }
        return nil
    }

    private func endOfGroup(_ open: Int) -> Int {
        closing[open] >= 0 ? closing[open] : open
    }
}

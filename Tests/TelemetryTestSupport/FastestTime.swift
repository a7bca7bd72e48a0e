//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// The shortest wall-clock time of `runs` runs of `body`.
///
/// Tests that bound how long some work takes bound the fastest run, not the total: in a
/// parallel test run on 2 cores (worse under a sanitizer) most of the total is time spent
/// waiting for a core, while work that is really slow is slow in every run.
package func fastestTime(of runs: Int, _ body: () async throws -> Void) async rethrows -> Duration {
    precondition(runs > 0, "fastestTime needs at least one run")
    let clock = ContinuousClock()
    var fastest = Duration.seconds(Int64.max)
    for _ in 0..<runs {
        let elapsed = try await clock.measure { try await body() }
        fastest = min(fastest, elapsed)
    }
    return fastest
}

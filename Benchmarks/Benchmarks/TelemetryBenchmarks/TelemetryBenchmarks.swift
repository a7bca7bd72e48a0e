//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Benchmark

/// Every benchmark of swift-telemetry, in one executable so that one run measures them all on
/// the same machine under the same load, and the ratios in `RESULTS.md` compare like with like.
///
/// Each benchmark reports time per operation (wall clock, scaled to one operation), throughput
/// and `mallocCountTotal` (allocations per operation). The numbering follows issue 7.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 1_000_000
    )

    registerRecordBenchmarks()  // 1, 2
    registerEncodingBenchmarks()  // 3
    registerFileBenchmarks()  // 4, 5, 6
    registerHTTPBenchmarks()  // 7
    registerPublisherBenchmarks()  // 8
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// FoundationEssentials where it exists: it spares Linux binaries Foundation's ICU data.
#if canImport(FoundationEssentials)
import class FoundationEssentials.ProcessInfo
#else
import class Foundation.ProcessInfo
#endif

/// The process environment, read once where a caller passes no environment of its own.
///
/// Every public API that reads environment variables takes an `environment:` dictionary
/// parameter defaulting to this, so that tests inject their own and never mutate the process's.
package enum ProcessInfoEnvironment {
    /// A snapshot of the process environment.
    package static var current: [String: String] {
        ProcessInfo.processInfo.environment
    }
}

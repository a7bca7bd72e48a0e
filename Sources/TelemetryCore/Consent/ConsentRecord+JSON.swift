//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

extension ConsentRecord {
    /// Reads the bytes of a consent file (`telemetry.json`), with the same strict rules
    /// ``TelemetryConsent`` applies to the file on disk.
    ///
    /// Tools that inspect or migrate consent files use it; so do the fuzz targets in `Fuzz/`,
    /// which feed it arbitrary bytes.
    ///
    /// - Throws: A ``TelemetryError`` with the ``TelemetryError/Code/serialization`` code when the
    ///   bytes are not JSON, the version is unknown, or a key is missing or mistyped.
    public init(jsonBytes: some Collection<UInt8>) throws(TelemetryError) {
        switch Self.decode(Array(jsonBytes)) {
        case .success(let record):
            self = record
        case .failure(let problem):
            throw TelemetryError(code: .serialization, message: "cannot read a consent file: \(problem.message).")
        }
    }

    /// The record as the bytes of a consent file: compact JSON, keys in a fixed order, a final
    /// newline. ``init(jsonBytes:)`` reads them back.
    public var jsonBytes: [UInt8] { encoded() }
}

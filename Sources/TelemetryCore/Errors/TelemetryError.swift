//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// An error from the telemetry library: what failed, where, and what to do about it.
///
/// Match on ``code`` to decide what to do; show ``description`` to people. Neither ever holds
/// a secret, a raw machine id or a credential.
///
/// ```swift
/// do {
///     let sink = try FileSink(path: "/var/log/my-cli/telemetry.jsonl")
/// } catch let error as TelemetryError where error.code == .io {
///     print(error)  // TelemetryError.io: cannot create directory /var/log/my-cli: Permission denied (errno 13). …
/// }
/// ```
///
/// `TelemetryError` is a struct over a code rather than an enum, so that new codes can be added
/// without breaking a client's exhaustive `switch`.
public struct TelemetryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added in minor releases.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Backing: String, Sendable, Hashable {
            case io
            case serialization
            case invalidConfiguration
            case consent
            case delivery
            case shutdown
        }

        private let backing: Backing

        private init(_ backing: Backing) { self.backing = backing }

        /// Reading or writing a file or descriptor failed (permission denied, disk full, …).
        public static let io = Code(.io)
        /// An event or value could not be encoded or decoded.
        public static let serialization = Code(.serialization)
        /// The host passed a value the library cannot work with (an invalid tool name, an
        /// insecure endpoint, a capacity of zero, …).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A consent decision could not be stored or was refused (for example enabling under CI).
        public static let consent = Code(.consent)
        /// Events could not be delivered to a collector.
        public static let delivery = Code(.delivery)
        /// The sink was shut down, or its shutdown deadline passed before it had finished.
        public static let shutdown = Code(.shutdown)

        /// The code's name, for example `io`.
        public var description: String { backing.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What failed, where, and what to do, in plain English.
    public let message: String
    /// The `errno` value behind an ``Code/io`` error, when there is one.
    public let errno: Int32?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What failed, where, and what to do. Never put a secret in it.
    ///   - errno: The `errno` value behind an I/O failure, if any.
    public init(code: Code, message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// `TelemetryError.<code>: <message>`.
    public var description: String {
        "TelemetryError.\(code): \(message)"
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// FoundationEssentials where it exists: it spares Linux binaries Foundation's ICU data.
#if canImport(FoundationEssentials)
import struct FoundationEssentials.Date
#else
import struct Foundation.Date
#endif

/// The entry point for recording telemetry: a tool's name and version, a sink, and a policy.
///
/// `TelemetryContext` plays the part of swift-log's `Logger`: a small `Sendable` value that
/// you create once and pass to the code that records events. Copies share the same sink and
/// the same cached machine id; a copy costs one retain.
///
/// ```swift
/// let context = TelemetryContext(
///     tool: "my-cli", toolVersion: "1.2.0",
///     sink: try FileSink(path: "telemetry.jsonl"),
///     policy: .enabled,                // decided by the user; `.disabled` by default
///     salt: "my-cli.telemetry.v1"
/// )
/// try await context.record("command_run", attributes: ["command": "build"])
/// ```
///
/// With ``CollectionPolicy/disabled``, ``record(_:attributes:)`` is a single branch: the
/// attributes are not evaluated, no ``Event`` is built, the machine id is not derived and the
/// sink is never touched.
public struct TelemetryContext: Sendable {
    @usableFromInline
    let storage: Storage

    /// Creates a context.
    ///
    /// Creating a context does no I/O: the machine id is derived on the first enabled
    /// ``record(_:attributes:)`` and cached.
    ///
    /// - Parameters:
    ///   - tool: The tool's name, written into every event (for example `"my-cli"`).
    ///   - toolVersion: The tool's version, written into every event.
    ///   - sink: Where events go. Copies of the context share it.
    ///   - policy: Whether anything is collected. Resolve it from the user's consent.
    ///   - salt: A tool-specific salt for the machine id (see ``MachineId/derive(salt:)``).
    public init(tool: String, toolVersion: String, sink: any TelemetrySink, policy: CollectionPolicy, salt: String) {
        self.init(tool: tool, toolVersion: toolVersion, sink: sink, policy: policy) {
            MachineId.derive(salt: salt)
        }
    }

    /// Creates a context whose machine id comes from `machineId`, called at most once, on the
    /// first enabled record. The consent layer uses this to mix its rotation material into the
    /// salt; tests use it to observe that a disabled context never derives an id.
    package init(
        tool: String,
        toolVersion: String,
        sink: any TelemetrySink,
        policy: CollectionPolicy,
        machineId: @escaping @Sendable () -> String
    ) {
        self.storage = Storage(tool: tool, toolVersion: toolVersion, sink: sink, policy: policy, deriveMachineId: machineId)
    }

    /// The tool's name.
    public var tool: String { storage.tool }
    /// The tool's version.
    public var toolVersion: String { storage.toolVersion }
    /// Whether events are collected.
    public var policy: CollectionPolicy { storage.policy }
    /// The sink that receives the events.
    public var sink: any TelemetrySink { storage.sink }

    /// The anonymous machine id written into events, or `nil` when collection is disabled
    /// (a disabled context never derives it).
    public var machineId: String? {
        storage.policy == .enabled ? storage.machineId : nil
    }

    /// Records an event named `name` with `attributes`, stamped now.
    ///
    /// - Parameters:
    ///   - name: The event's name, for example `"command_run"`. Use a fixed vocabulary.
    ///   - attributes: The event's attributes; evaluated only when collection is enabled.
    /// - Throws: What the sink's ``TelemetrySink/emit(_:)`` throws (a ``TelemetryError``).
    ///   Hosts that never want to see a telemetry failure write `try? await context.record(…)`.
    @inlinable
    public func record(
        _ name: String,
        attributes: @autoclosure () -> [String: TelemetryValue] = [:]
    ) async throws {
        guard storage.policy == .enabled else { return }
        try await storage.record(name, attributes: attributes())
    }

    /// Flushes the sink; returns at once when collection is disabled.
    ///
    /// - Throws: What the sink's ``TelemetrySink/flush()`` throws.
    @inlinable
    public func flush() async throws {
        guard storage.policy == .enabled else { return }
        try await storage.sink.flush()
    }
}

extension TelemetryContext {
    /// The shared state behind every copy of a context.
    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let tool: String
        @usableFromInline let toolVersion: String
        @usableFromInline let sink: any TelemetrySink
        @usableFromInline let policy: CollectionPolicy
        private let deriveMachineId: @Sendable () -> String
        private let cachedMachineId = LockedValue<String?>(nil)

        init(
            tool: String,
            toolVersion: String,
            sink: any TelemetrySink,
            policy: CollectionPolicy,
            deriveMachineId: @escaping @Sendable () -> String
        ) {
            self.tool = tool
            self.toolVersion = toolVersion
            self.sink = sink
            self.policy = policy
            self.deriveMachineId = deriveMachineId
        }

        var machineId: String {
            cachedMachineId.withLock { cached in
                if let cached { return cached }
                let derived = deriveMachineId()
                cached = derived
                return derived
            }
        }

        @usableFromInline
        func record(_ name: String, attributes: [String: TelemetryValue]) async throws {
            let event = Event(
                name: name,
                tool: tool,
                toolVersion: toolVersion,
                machineId: machineId,
                timestamp: Date(),
                attributes: attributes
            )
            try await sink.emit(event)
        }
    }
}

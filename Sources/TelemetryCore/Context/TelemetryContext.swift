//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import Synchronization

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
/// the same cached machine id; a copy costs one retain. ``record(_:attributes:)`` is
/// synchronous and never throws, so it fits any call site: an ArgumentParser `run()`, a
/// callback, `@MainActor` code, a request handler.
///
/// Most tools get their context from one call that resolves the user's consent and picks the
/// sinks (`TelemetryContext.standard(tool:toolVersion:configuration:)` in `TelemetrySinks`). This
/// initializer is for a host that decides both itself:
///
/// ```swift
/// let context = TelemetryContext(
///     tool: "my-cli", toolVersion: "1.2.0",
///     sink: try FileSink(path: "telemetry.jsonl"),
///     policy: .enabled,                // decided by the user; `.disabled` by default
///     salt: "my-cli.telemetry.v1"
/// )
/// context.record("command_run", attributes: ["command": "build"])
/// await context.shutdown(deadline: .now + .seconds(1))
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
    /// first enabled record: the front door mixes the consent file's rotation into the salt, or
    /// gives a CI run its vendor's fixed id.
    package init(
        tool: String,
        toolVersion: String,
        sink: any TelemetrySink,
        policy: CollectionPolicy,
        machineId: @escaping @Sendable () -> String
    ) {
        self.storage = Storage(
            tool: tool,
            toolVersion: toolVersion,
            sink: sink,
            policy: policy,
            deriveMachineId: machineId
        )
    }

    /// The tool's name.
    public var tool: String { storage.tool }
    /// The tool's version.
    public var toolVersion: String { storage.toolVersion }
    /// Whether events are collected.
    public var policy: CollectionPolicy { storage.isEnabled ? .enabled : .disabled }
    /// The sink that receives the events.
    public var sink: any TelemetrySink { storage.sink }

    /// The anonymous machine id written into events, or `nil` when collection is disabled
    /// (a disabled context never derives it).
    public var machineId: String? {
        storage.isEnabled ? storage.machineId : nil
    }

    /// Records an event named `name` with `attributes`, stamped now, and returns at once.
    ///
    /// Synchronous and non-throwing, like swift-log's `Logger.info`: the sink appends the event
    /// to memory, a file or a bounded queue and never waits on the network; what fails is
    /// counted in the sink's statistics and reported through its `Logger`.
    ///
    /// - Parameters:
    ///   - name: The event's name, for example `"command_run"`. Use a fixed vocabulary.
    ///   - attributes: The event's attributes; evaluated only when collection is enabled.
    @inlinable
    public func record(
        _ name: String,
        attributes: @autoclosure () -> TelemetryAttributes = [:]
    ) {
        guard storage.isEnabled else { return }
        storage.record(name, attributes: attributes())
    }

    /// Returns once every event recorded so far has been delivered or has failed; at once when
    /// collection is disabled.
    ///
    /// - Throws: What the sink's ``TelemetrySink/flush()`` throws.
    public func flush() async throws {
        guard storage.isEnabled else { return }
        try await storage.sink.flush()
    }

    /// Delivers what is pending until `deadline`, then stops the sink's background work (a
    /// ``ManagedTelemetrySink`` is shut down, any other sink flushed). Never waits past
    /// `deadline` and never throws: what could not be delivered is counted in the sink's
    /// statistics (and, with store-and-forward, sent by the next run).
    ///
    /// Call it once, before a server or a long-running tool exits; a command-line tool that
    /// exits at once may skip it when its sinks store events before sending them.
    public func shutdown(deadline: ContinuousClock.Instant) async {
        try? await storage.sink.shutdownOrFlush(deadline: deadline)
    }
}

extension TelemetryContext {
    /// The shared state behind every copy of a context.
    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let isEnabled: Bool
        let tool: String
        let toolVersion: String
        let sink: any TelemetrySink
        private let deriveMachineId: @Sendable () -> String
        /// The published identity's address (retained once), or 0. An `Atomic` rather than
        /// `AtomicLazyReference`, whose generic `load()` is not inlined and costs more than the
        /// rest of `record`.
        private let publishedIdentity = Atomic<UInt>(0)

        init(
            tool: String,
            toolVersion: String,
            sink: any TelemetrySink,
            policy: CollectionPolicy,
            deriveMachineId: @escaping @Sendable () -> String
        ) {
            self.isEnabled = policy == .enabled
            self.tool = tool
            self.toolVersion = toolVersion
            self.sink = sink
            self.deriveMachineId = deriveMachineId
        }

        var machineId: String { identity.machineId }

        /// Serialises the first use only: the machine id is derived once even when the first
        /// events come from several threads at once. (Each racing thread derived its own and the
        /// first published won, so the files were read, and the id hashed, more than once.)
        private let firstUse = LockedValue(())

        /// The identity every event of this context shares, made on first use: the machine id
        /// is derived then, once. Read with one atomic load afterwards.
        var identity: EventIdentity {
            let published = publishedIdentity.load(ordering: .acquiring)
            if published != 0 {
                return Unmanaged<EventIdentity>.fromOpaque(UnsafeRawPointer(bitPattern: published)!)
                    .takeUnretainedValue()
            }
            return makeIdentity()
        }

        /// Derives the machine id and publishes the identity, unless a racing first use did it
        /// while this one waited.
        @inline(never)
        private func makeIdentity() -> EventIdentity {
            firstUse.withLock { _ in
                let published = publishedIdentity.load(ordering: .acquiring)
                if published != 0 {
                    return Unmanaged<EventIdentity>.fromOpaque(UnsafeRawPointer(bitPattern: published)!)
                        .takeUnretainedValue()
                }
                let made = EventIdentity(
                    sharedBy: tool,
                    toolVersion: toolVersion,
                    machineId: deriveMachineId(),
                    operatingSystem: EventIdentity.currentOperatingSystem,
                    architecture: EventIdentity.currentArchitecture
                )
                // Published with a +1 retain, balanced in deinit.
                publishedIdentity.store(UInt(bitPattern: Unmanaged.passRetained(made).toOpaque()), ordering: .releasing)
                return made
            }
        }

        deinit {
            let published = publishedIdentity.load(ordering: .acquiring)
            if published != 0 {
                Unmanaged<EventIdentity>.fromOpaque(UnsafeRawPointer(bitPattern: published)!).release()
            }
        }

        @usableFromInline
        func record(_ name: consuming String, attributes: consuming TelemetryAttributes) {
            // Consumed: the event takes over the caller's name and attributes without a retain.
            sink.emit(
                Event(name: name, identity: identity, timestamp: Date(), attributes: attributes, identifier: .next())
            )
        }
    }
}

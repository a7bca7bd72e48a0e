//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetrySinks

/// Creates the Better Auth telemetry publisher for `options` and, when telemetry is enabled,
/// sends the `init` event in the background (unless `context.deferInitEvent`).
///
/// The order of evaluation is upstream's (Better Auth 1.6.9, rustauth):
///
/// 1. Debug mode: `options.telemetry.debug` or `<TOOL>_TELEMETRY_DEBUG`.
/// 2. The destination: `context.customTrack`, else `context.sink`, else
///    `<TOOL>_TELEMETRY_ENDPOINT` (empty means none). With none, the result is a no-op publisher
///    and **nothing else happens**: no consent check, no anonymous id, no detector, no file
///    access.
/// 3. Consent: the administrator's policy, `DO_NOT_TRACK`, `<TOOL>_TELEMETRY=false` (a hard
///    opt-out), the consent file, the test-run gate (unless `skipTestCheck`),
///    `<TOOL>_TELEMETRY=true`, then `options.telemetry.enabled`. Disabled: a no-op publisher.
/// 4. Enabled: the events go through the sink family. The endpoint is an `HTTPSink` that sends
///    one `{"type","anonymousId","payload"}` envelope per request; debug mode replaces it with a
///    `DebugSink` that prints each envelope to standard error and sends nothing; a custom track
///    runs behind an `AsyncSink`. The `init` event is built and emitted in the background; this
///    function does not wait for it.
///
/// A host that exits right after creating the publisher calls
/// ``TelemetryPublisher/shutdown(deadline:)`` first, and `init` is delivered within the bound.
///
/// - Parameters:
///   - options: The auth configuration.
///   - context: The tool, destination, environment and switches.
/// - Returns: The publisher for later events such as `cli_generate`.
public func createTelemetry(
    options: AuthOptions,
    context: AuthTelemetryContext = AuthTelemetryContext()
) async -> TelemetryPublisher {
    let environment = context.environment ?? RuntimeEnvironment.processEnvironment
    let variables = TelemetryVariables(tool: context.tool)
    let debug = options.telemetry.debug || EnvironmentBoolean(variables.debug, in: environment).isTrue
    let endpoint = environment[variables.endpoint].map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }

    guard context.customTrack != nil || context.sink != nil || endpoint != nil else { return .noop }

    context.probe?.record(.consent)
    let consent: TelemetryConsent
    do {
        consent = try TelemetryConsent(
            tool: context.tool,
            environment: environment,
            stateDirectory: nil,
            executablePath: CommandLine.arguments.first,
            adminPolicyPaths: context.adminPolicyPaths ?? AdminPolicy.standardPaths
        )
    } catch {
        let decision = TelemetryDecision(
            policy: .disabled,
            source: .default,
            reason: "the tool name is invalid",
            diagnostics: ["\(error)"]
        )
        return TelemetryPublisher(core: nil, decision: decision)
    }
    let decision = consent.decide(optionsEnabled: options.telemetry.enabled, skipTestCheck: context.skipTestCheck)
    let diagnosticsOutput = context.debugOutput ?? StandardError.write
    for diagnostic in decision.diagnostics {
        diagnosticsOutput("telemetry: \(diagnostic)\n")
    }
    guard decision.policy == .enabled else {
        return TelemetryPublisher(core: nil, decision: decision)
    }

    let sink: any TelemetrySink
    do {
        sink = try destination(for: context, endpoint: endpoint, debug: debug)
    } catch {
        // A destination the sinks refuse sends nothing; say why, once.
        diagnosticsOutput("telemetry: \(error)\n")
        return TelemetryPublisher(core: nil, decision: decision)
    }
    let core = PublisherCore(
        sink: sink,
        consent: consent,
        builder: InitEventBuilder(options: options, context: context)
    )
    if !context.deferInitEvent { core.startInit() }
    return TelemetryPublisher(core: core, decision: decision)
}

/// The sink of a live publisher: custom track, host sink, or the endpoint (debug mode prints).
private func destination(for context: AuthTelemetryContext, endpoint: String?, debug: Bool) throws -> any TelemetrySink
{
    if let track = context.customTrack {
        // Several calls at once, as upstream's promises: a custom track that hangs on one event
        // (a hung init) must not hold up the next ones; `publish` orders init first by waiting.
        var configuration = AsyncSink.defaultConfiguration
        configuration.maxConcurrentRequests = 8
        return try AsyncSink(configuration: configuration) { event in try await track(TelemetryEvent(event)) }
    }
    if let sink = context.sink {
        return sink
    }
    if debug {
        return DebugSink(format: .betterAuthEnvelope, write: context.debugOutput ?? StandardError.write)
    }
    var configuration = HTTPSink.Configuration(format: .betterAuthEnvelope)
    configuration.delivery.capacity = 256
    configuration.delivery.maxConcurrentRequests = 1  // in order: init first
    return try HTTPSink(
        endpoint: endpoint ?? "",
        configuration: configuration,
        transport: context.httpTransport ?? StandardHTTPTransport()
    )
}

/// The exact `init` event `createTelemetry(options:context:)` would send for `options` in
/// this environment, built without sending anything and without checking consent (the
/// `telemetry preview` command shows it).
public func initEvent(
    options: AuthOptions,
    context: AuthTelemetryContext = AuthTelemetryContext()
) async -> TelemetryEvent {
    let builder = InitEventBuilder(options: options, context: context)
    return await builder.event(anonymousId: builder.anonymousId())
}

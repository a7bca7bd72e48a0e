//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryTestSupport
import Testing

@_spi(TelemetryInternals) @testable import TelemetryCore

/// The first-run notice: once per version, only to a person at a terminal, never in CI.
@Suite struct ConsentNoticeTests {
    /// Collects what the notice writes.
    final class Output: Sendable {
        private let lines = LockedValue<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func write(_ text: String) { lines.withLock { $0.append(text) } }
    }

    @Test func shownOncePerVersion() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        let output = Output()
        let notice = TelemetryNotice.standard(for: consent)
        #expect(notice.showIfNeeded(consent: consent, isTerminal: true, output: output.write))
        #expect(!notice.showIfNeeded(consent: consent, isTerminal: true, output: output.write))
        #expect(output.all.count == 1)
        // The notice names the tool's own command (TelemetryCommands mounted as `my-cli telemetry`).
        #expect(output.all[0].contains("my-cli telemetry disable"))
        #expect(!output.all[0].contains("--tool"))
        #expect(output.all[0].contains("MY_CLI_TELEMETRY_NOTICE=0"))
        #expect(output.all[0].hasSuffix("\n"))
        // Showing the notice is not consent.
        #expect(consent.decide().policy == .disabled)
        #expect(consent.store.read().record?.state == nil)
        // A new notice version is shown again, once.
        let revised = TelemetryNotice(version: 2, text: "We now also count X.")
        #expect(revised.showIfNeeded(consent: consent, isTerminal: true, output: output.write))
        #expect(!revised.showIfNeeded(consent: consent, isTerminal: true, output: output.write))
        #expect(!notice.showIfNeeded(consent: consent, isTerminal: true, output: output.write))
        #expect(output.all == [output.all[0], "We now also count X.\n"])
    }

    @Test func enablingWithTheNoticeCountsAsSeen() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        try consent.enable(noticeVersion: 1)
        let output = Output()
        #expect(
            !TelemetryNotice.standard(for: consent).showIfNeeded(
                consent: consent,
                isTerminal: true,
                output: output.write
            )
        )
        #expect(output.all.isEmpty)
    }

    @Test(arguments: [
        ["MY_CLI_TELEMETRY_NOTICE": "0"], ["MY_CLI_TELEMETRY_NOTICE": "off"], ["CI": "1"],
        ["GITHUB_ACTIONS": "true", "CI": ""],
        ["DO_NOT_TRACK": "1"], ["DO_NOT_TRACK": "2"], ["MY_CLI_TELEMETRY": "0"], ["MY_CLI_TELEMETRY": "1"],
        ["SWIFT_ENV": "test"],
    ])
    func hiddenByTheEnvironment(_ environment: [String: String]) throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory, environment: environment)
        let output = Output()
        #expect(
            !TelemetryNotice.standard(for: consent).showIfNeeded(
                consent: consent,
                isTerminal: true,
                output: output.write
            )
        )
        #expect(output.all.isEmpty)
        // Hiding the notice changes nothing on disk, consent included.
        #expect(directory.entries().isEmpty)
    }

    @Test func hiddenWhenNotATerminal() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        let output = Output()
        #expect(
            !TelemetryNotice.standard(for: consent).showIfNeeded(
                consent: consent,
                isTerminal: false,
                output: output.write
            )
        )
        #expect(output.all.isEmpty)
        // Not having been shown, it is still due on a terminal.
        #expect(TelemetryNotice.standard(for: consent).shouldShow(consent: consent, isTerminal: true))
    }

    @Test func aHostNamesItsOwnCommand() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        let text = TelemetryNotice.standard(for: consent, command: "mytool settings telemetry").text
        #expect(text.contains("enable:  mytool settings telemetry enable"))
        #expect(text.contains("inspect: mytool settings telemetry status, mytool settings telemetry preview"))
    }

    @Test func hiddenUnderSwiftTest() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory, executablePath: "/p/.build/debug/pPackageTests.xctest")
        #expect(!TelemetryNotice.standard(for: consent).shouldShow(consent: consent, isTerminal: true))
    }

    @Test func invalidNoticeValueDoesNotHide() throws {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY_NOTICE": "quiet"])
        #expect(TelemetryNotice.standard(for: consent).shouldShow(consent: consent, isTerminal: true))
    }

    @Test func shownEvenWhenItCannotBeRemembered() throws {
        let consent = try TelemetryConsent(
            tool: "my-cli",
            environment: ["MY_CLI_TELEMETRY_DIR": "/proc/self/no-such-dir"],
            stateDirectory: nil,
            executablePath: "/usr/bin/my-cli",
            adminPolicyPaths: []
        )
        let output = Output()
        #expect(
            TelemetryNotice.standard(for: consent).showIfNeeded(
                consent: consent,
                isTerminal: true,
                output: output.write
            )
        )
        #expect(output.all.count == 1)
    }
}

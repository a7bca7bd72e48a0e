//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryTestSupport
import Testing

@testable import TelemetryCore

/// The resolution table of `TelemetryConsent.decide`, row by row, pair by pair, and exhaustively.
@Suite struct ConsentResolutionTests {
    enum FileState: CaseIterable { case none, enabled, disabled, corrupt }

    /// A directory holding a consent file in `state`.
    static func directory(_ state: FileState) throws -> ConsentTestDirectory {
        let directory = ConsentTestDirectory()
        let consent = try TelemetryConsent.testing(directory)
        switch state {
        case .none: break
        case .enabled: try consent.enable(noticeVersion: 1)
        case .disabled: try consent.store.disable()
        case .corrupt: directory.plant("{\"version\":1,\"state\":", as: "telemetry.json")
        }
        return directory
    }

    // MARK: Each row

    @Test func row1DoNotTrackDisables() throws {
        let directory = try Self.directory(.enabled)
        let decision = try TelemetryConsent.testing(
            directory,
            environment: ["DO_NOT_TRACK": "1", "MY_CLI_TELEMETRY": "1"]
        )
        .decide(optionsEnabled: true)
        #expect(decision.policy == .disabled)
        #expect(decision.source == .doNotTrack)
        #expect(decision.reason == "DO_NOT_TRACK=1 is set")
        #expect(
            decision.overridden == [
                "MY_CLI_TELEMETRY=1", "the consent file, which says enabled", "the host's options, which say enabled",
            ]
        )
    }

    @Test func row2EnvironmentFalseIsAHardOptOut() throws {
        let directory = try Self.directory(.enabled)
        let decision = try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY": "off"]).decide(
            optionsEnabled: true
        )
        #expect(decision.policy == .disabled)
        #expect(decision.source == .environment)
        #expect(decision.reason == "MY_CLI_TELEMETRY=off is set")
        #expect(
            decision.overridden == ["the consent file, which says enabled", "the host's options, which say enabled"]
        )
    }

    @Test func row3ConsentFileDisabledBeatsTheAuthor() throws {
        let directory = try Self.directory(.disabled)
        let decision = try TelemetryConsent.testing(directory).decide(optionsEnabled: true)
        #expect(decision.policy == .disabled)
        #expect(decision.source == .consentFile)
        #expect(decision.reason.hasPrefix("the consent file says disabled since 20"))
        #expect(decision.overridden == ["the host's options, which say enabled"])
    }

    @Test func row4TestRunDisablesUnlessSkipped() throws {
        let directory = try Self.directory(.enabled)
        let underTest = try TelemetryConsent.testing(
            directory,
            environment: ["MY_CLI_TELEMETRY": "1"],
            executablePath: "/work/.build/debug/MyPackagePackageTests.xctest"
        )
        let decision = underTest.decide(optionsEnabled: true)
        #expect(decision.policy == .disabled)
        #expect(decision.source == .testRun)
        #expect(decision.overridden.contains("MY_CLI_TELEMETRY=1"))

        let skipped = underTest.decide(optionsEnabled: true, skipTestCheck: true)
        #expect(skipped.policy == .enabled)
        #expect(skipped.source == .environment)
    }

    @Test(arguments: [["SWIFT_ENV": "test"], ["SWIFT_ENV": " Test "], ["TEST": "1"], ["TEST": "true"]])
    func row4TestRunFromEnvironment(_ environment: [String: String]) throws {
        let directory = try Self.directory(.none)
        let decision = try TelemetryConsent.testing(directory, environment: environment).decide(optionsEnabled: true)
        #expect(decision.source == .testRun)
        #expect(decision.policy == .disabled)
    }

    @Test func row5EnvironmentTrueEnables() throws {
        let directory = try Self.directory(.none)
        let decision = try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY": "YES"]).decide(
            optionsEnabled: false
        )
        #expect(decision.policy == .enabled)
        #expect(decision.source == .environment)
        #expect(decision.reason == "MY_CLI_TELEMETRY=YES is set")
        #expect(decision.overridden == ["the host's options, which say disabled"])
    }

    @Test func row6ConsentFileEnabledEnables() throws {
        let directory = try Self.directory(.enabled)
        let decision = try TelemetryConsent.testing(directory).decide()
        #expect(decision.policy == .enabled)
        #expect(decision.source == .consentFile)
        #expect(decision.overridden.isEmpty)
        #expect(decision.diagnostics.isEmpty)
    }

    @Test func row7OptionsEnable() throws {
        let directory = try Self.directory(.none)
        let decision = try TelemetryConsent.testing(directory).decide(optionsEnabled: true)
        #expect(decision.policy == .enabled)
        #expect(decision.source == .options)
        #expect(decision.reason == "the host's options enable it")
    }

    @Test(arguments: [nil, false] as [Bool?])
    func row8DefaultIsDisabled(_ options: Bool?) throws {
        let directory = try Self.directory(.none)
        let decision = try TelemetryConsent.testing(directory).decide(optionsEnabled: options)
        #expect(decision.policy == .disabled)
        #expect(decision.source == .default)
        #expect(decision.overridden.isEmpty)
    }

    // MARK: Conflicting pairs

    @Test func environmentOnAndConsentOff() throws {
        let directory = try Self.directory(.disabled)
        let decision = try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY": "1"]).decide()
        #expect(decision.policy == .disabled)
        #expect(decision.source == .consentFile)
        #expect(decision.overridden == ["MY_CLI_TELEMETRY=1"])
    }

    @Test func environmentOffAndConsentOn() throws {
        let directory = try Self.directory(.enabled)
        let decision = try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY": "0"]).decide()
        #expect(decision.policy == .disabled)
        #expect(decision.source == .environment)
    }

    @Test func doNotTrackAndEnvironmentOn() throws {
        let directory = try Self.directory(.none)
        let decision = try TelemetryConsent.testing(
            directory,
            environment: ["DO_NOT_TRACK": "true", "MY_CLI_TELEMETRY": "on"]
        ).decide()
        #expect(decision.policy == .disabled)
        #expect(decision.source == .doNotTrack)
        #expect(decision.description == "disabled: DO_NOT_TRACK=true is set (overrides MY_CLI_TELEMETRY=on)")
    }

    @Test func doNotTrackOverConsentFileReadsAsTheDesignSays() throws {
        let directory = try Self.directory(.enabled)
        let decision = try TelemetryConsent.testing(directory, environment: ["DO_NOT_TRACK": "1"]).decide()
        #expect(
            decision.description == "disabled: DO_NOT_TRACK=1 is set (overrides the consent file, which says enabled)"
        )
    }

    @Test func doNotTrackFalseDoesNotEnable() throws {
        let directory = try Self.directory(.none)
        let decision = try TelemetryConsent.testing(directory, environment: ["DO_NOT_TRACK": "0"]).decide()
        #expect(decision.policy == .disabled)
        #expect(decision.source == .default)
    }

    @Test func invalidEnvironmentAndOptionsOn() throws {
        let directory = try Self.directory(.none)
        let decision = try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY": "maybe"]).decide(
            optionsEnabled: true
        )
        #expect(decision.policy == .enabled)
        #expect(decision.source == .options)
        #expect(decision.diagnostics.count == 1)
        #expect(decision.diagnostics.first?.contains("MY_CLI_TELEMETRY=\"maybe\" is not a boolean") == true)
    }

    @Test(arguments: ["maybe", "2", "enable", "y", "tru", "nope"])
    func invalidEnvironmentNeverEnables(_ value: String) throws {
        let directory = try Self.directory(.none)
        let decision = try TelemetryConsent.testing(directory, environment: ["MY_CLI_TELEMETRY": value]).decide()
        #expect(decision.policy == .disabled)
        #expect(decision.source == .default)
        #expect(!decision.diagnostics.isEmpty)
    }

    /// Issue 12, finding 11: an opt-out variable fails closed. On 0.1 `DO_NOT_TRACK=2` was
    /// reported and ignored, so the consent file's opt-in won.
    @Test(arguments: ["please", "2", "yes please", "TRUE", "-1", "x"])
    func anyDoNotTrackButAnExplicitFalseOptsOut(_ value: String) throws {
        let directory = try Self.directory(.enabled)
        let decision = try TelemetryConsent.testing(
            directory,
            environment: ["DO_NOT_TRACK": value, "MY_CLI_TELEMETRY": "1"]
        ).decide(optionsEnabled: true)
        #expect(decision.policy == .disabled)
        #expect(decision.source == .doNotTrack)
        #expect(decision.reason.hasPrefix("DO_NOT_TRACK=\(value) is set"))
        #expect(decision.overridden.contains("the consent file, which says enabled"))
        #expect(decision.diagnostics.isEmpty)
    }

    @Test(arguments: ["0", "false", "No", " off ", ""])
    func doNotTrackExplicitlyFalseOrEmptyLeavesTheDecisionToTheRest(_ value: String) throws {
        let directory = try Self.directory(.enabled)
        let decision = try TelemetryConsent.testing(directory, environment: ["DO_NOT_TRACK": value]).decide()
        #expect(decision.policy == .enabled)
        #expect(decision.source == .consentFile)
    }

    @Test func theAdministratorsPolicyBeatsEveryOptIn() throws {
        let directory = try Self.directory(.enabled)
        let policies = ConsentTestDirectory()
        policies.plant("{\"version\":1,\"telemetry\":\"disabled\"}", as: "policy.json")
        let path = policies.path + "/policy.json"
        let decision = try TelemetryConsent.testing(
            directory,
            environment: ["MY_CLI_TELEMETRY": "1"],
            adminPolicyPaths: [path]
        )
        .decide(optionsEnabled: true, skipTestCheck: true)
        #expect(decision.policy == .disabled)
        #expect(decision.source == .adminPolicy)
        #expect(decision.reason.contains(path))
        #expect(
            decision.overridden == [
                "MY_CLI_TELEMETRY=1", "the consent file, which says enabled", "the host's options, which say enabled",
            ]
        )
        // A policy for other tools leaves this one alone; one naming it applies.
        policies.plant("{\"version\":1,\"telemetry\":\"disabled\",\"tools\":[\"other\"]}", as: "policy.json")
        #expect(try TelemetryConsent.testing(directory, adminPolicyPaths: [path]).decide().policy == .enabled)
        policies.plant("{\"version\":1,\"telemetry\":\"disabled\",\"tools\":[\"other\",\"my-cli\"]}", as: "policy.json")
        #expect(try TelemetryConsent.testing(directory, adminPolicyPaths: [path]).decide().source == .adminPolicy)
        // A policy file that cannot be read as one fails closed, and says so.
        policies.plant("{\"version\":1,\"telemetry\":", as: "policy.json")
        let corrupt = try TelemetryConsent.testing(directory, adminPolicyPaths: [path]).decide()
        #expect(corrupt.policy == .disabled)
        #expect(corrupt.source == .adminPolicy)
        #expect(corrupt.diagnostics.contains { $0.contains("not {\"version\":1,\"telemetry\":\"disabled\"}") })
        // No file: no policy.
        #expect(
            try TelemetryConsent.testing(directory, adminPolicyPaths: [policies.path + "/missing.json"]).decide().policy
                == .enabled
        )
    }

    @Test func corruptConsentFileAndOptionsOn() throws {
        let directory = try Self.directory(.corrupt)
        let decision = try TelemetryConsent.testing(directory).decide(optionsEnabled: true)
        #expect(decision.policy == .enabled)
        #expect(decision.source == .options)
        #expect(decision.diagnostics.contains { $0.contains("is ignored: it is not valid JSON") })
    }

    @Test func testRunAndConsentOn() throws {
        let directory = try Self.directory(.enabled)
        let decision = try TelemetryConsent.testing(directory, environment: ["SWIFT_ENV": "test"]).decide()
        #expect(decision.source == .testRun)
        #expect(decision.overridden == ["the consent file, which says enabled"])
    }

    @Test func consentOffAndTestRunBothDisableButConsentIsNamed() throws {
        let directory = try Self.directory(.disabled)
        let decision = try TelemetryConsent.testing(directory, environment: ["TEST": "1"]).decide()
        #expect(decision.source == .consentFile)
        #expect(decision.overridden.isEmpty)  // the test-run check agrees
    }

    // MARK: Exhaustive

    /// Every combination of every source, against a direct transcription of the table.
    @Test func everyCombinationFollowsTheTable() throws {
        let booleans: [String?] = [nil, "1", "0", "bogus"]
        let directories = try Dictionary(uniqueKeysWithValues: FileState.allCases.map { ($0, try Self.directory($0)) })
        var checked = 0
        for doNotTrack in booleans {
            for toolSwitch in booleans {
                for file in FileState.allCases {
                    for testRun in [false, true] {
                        for skip in [false, true] {
                            for options in [nil, true, false] as [Bool?] {
                                var environment: [String: String] = [:]
                                environment["DO_NOT_TRACK"] = doNotTrack
                                environment["MY_CLI_TELEMETRY"] = toolSwitch
                                let consent = try TelemetryConsent.testing(
                                    directories[file]!,
                                    environment: environment,
                                    executablePath: testRun ? "/tmp/xPackageTests.xctest" : "/usr/bin/my-cli"
                                )
                                let decision = consent.decide(optionsEnabled: options, skipTestCheck: skip)
                                let expected: (CollectionPolicy, TelemetryDecision.Source) =
                                    if doNotTrack == "1" || doNotTrack == "bogus" {
                                        (.disabled, .doNotTrack)
                                    } else if toolSwitch == "0" { (.disabled, .environment) } else if file == .disabled
                                    { (.disabled, .consentFile) } else if testRun && !skip {
                                        (.disabled, .testRun)
                                    } else if toolSwitch == "1" { (.enabled, .environment) } else if file == .enabled {
                                        (.enabled, .consentFile)
                                    } else if options == true { (.enabled, .options) } else { (.disabled, .default) }
                                #expect(
                                    decision.policy == expected.0 && decision.source == expected.1,
                                    "DNT=\(doNotTrack ?? "-") switch=\(toolSwitch ?? "-") file=\(file) test=\(testRun) skip=\(skip) options=\(String(describing: options)) → \(decision)"
                                )
                                let expectedDiagnostics =
                                    (toolSwitch == "bogus" ? 1 : 0) + (file == .corrupt ? 1 : 0)
                                #expect(decision.diagnostics.count == expectedDiagnostics)
                                // Provenance never lists a source that agrees with the decision.
                                if decision.policy == .enabled {
                                    #expect(!decision.overridden.contains { $0.hasSuffix("says enabled") })
                                } else {
                                    #expect(!decision.overridden.contains { $0.hasSuffix("says disabled") })
                                }
                                checked += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(checked == 4 * 4 * 4 * 2 * 2 * 3)
    }

    @Test func sourceNamesAreTheJSONVocabulary() {
        #expect(
            TelemetryDecision.Source.allCases.map(\.rawValue) == [
                "adminPolicy", "doNotTrack", "environment", "consentFile", "testRun", "options", "default",
            ]
        )
    }
}

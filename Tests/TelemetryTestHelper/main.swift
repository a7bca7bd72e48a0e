//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

// A small program the FileSink tests spawn, so that several PROCESSES write one file at once.
//
//   TelemetryTestHelper append <path> <writer> <count> <payload-bytes> [<rotate-at-bytes> <files>]
//       Appends <count> events to <path> with a FileSink (rotating at <rotate-at-bytes>, keeping
//       <files> rotated files, when given). Event i carries
//       {"writer": <writer>, "sequence": i, "payload": <payload-bytes + (i % 8) KiB of one letter>}.
//   TelemetryTestHelper standard <tool> <count> [shutdown|recover]
//       Makes the tool's context with TelemetryContext.standard (consent, endpoint and spool from
//       the environment), records <count> events named `run` with {"n": i}, and exits at once:
//       without a shutdown, as a command-line tool does; with `shutdown`, after a 5 s shutdown;
//       with `recover`, after waiting for the spool of earlier runs to be queued and flushed.
//   TelemetryTestHelper opted-in-host <telemetry subcommand and options>
//       The telemetry commands mounted by a tool `opted-in-host` whose author opts in on the user's
//       behalf (TelemetryCommandHost.optionsEnabled = true).
//   TelemetryTestHelper torn <path>
//       Lowers RLIMIT_FSIZE so that a large event is cut short mid-line (as a full disk would cut
//       it), checks that the dropped event is counted and flush throws TelemetryError.io, restores
//       the limit and appends one more
//       event, which must land on a line of its own.
//   TelemetryTestHelper spool-write-failure <directory> <endpoint> <expected-delivered>
//       Spools six events of 100 KiB to <endpoint> with a StoreAndForwardSink in <directory>,
//       with RLIMIT_FSIZE at 250 KiB: the first two are written whole, the write of the next
//       fails past the limit (as on a full disk), and the rest come after the failure. Shuts
//       down, prints the sink's statistics, and checks that <expected-delivered> were delivered.
//
// Exit status: 0 on success, 1 on an unexpected result, 64 on a usage error.

import ArgumentParser
import TelemetryCommands
import TelemetryCore
import TelemetrySinks

import struct Foundation.Date

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A tool whose author opts in for its users (who can still opt out).
enum OptedInHost: TelemetryCommandHost {
    static let tool = "opted-in-host"
    static let optionsEnabled: Bool? = true
}

typealias OptedInHostCommand = TelemetryCommand<OptedInHost>

/// Writes `message` and a newline to standard error (fd 2, unbuffered).
func printError(_ message: String) {
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func fail(_ message: String) -> Never {
    printError("TelemetryTestHelper: \(message)")
    exit(1)
}

#if canImport(Glibc)
let fileSizeLimit = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
#else
let fileSizeLimit = RLIMIT_FSIZE
#endif

func event(
    writer: String,
    sequence: Int,
    payloadBytes: Int,
    timestamp: Date = Date(timeIntervalSince1970: 1_795_426_200)
) -> Event {
    let letter = Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(sequence % 26)))
    return Event(
        name: "helper_line",
        tool: "telemetry-test-helper",
        toolVersion: "1.0.0",
        machineId: String(repeating: "0", count: 64),
        timestamp: timestamp,
        attributes: [
            "writer": .string(writer),
            "sequence": .int(sequence),
            "payload": .string(String(repeating: letter, count: payloadBytes)),
        ]
    )
}

// The commands run inside a function rather than as top-level code: under AddressSanitizer,
// a string built in top-level async code (the `print` in `torn`) was reported as leaked.
func run() async {
    let arguments = CommandLine.arguments
    switch arguments.count > 1 ? arguments[1] : "" {
    case "append":
        guard arguments.count == 6 || arguments.count == 8, let count = Int(arguments[4]),
            let payloadBytes = Int(arguments[5])
        else {
            printError(
                "usage: TelemetryTestHelper append <path> <writer> <count> <payload-bytes> [<rotate-at-bytes> <files>]"
            )
            exit(64)
        }
        do {
            var rotation = FileSink.Rotation.none
            if arguments.count == 8, let size = Int(arguments[6]), let files = Int(arguments[7]) {
                rotation = FileSink.Rotation(maximumFileSize: size, maximumFiles: files)
            }
            let sink = try FileSink(path: arguments[2], rotation: rotation)
            for sequence in 0..<count {
                sink.emit(
                    event(writer: arguments[3], sequence: sequence, payloadBytes: payloadBytes + sequence % 8 * 1024)
                )
            }
            try await sink.shutdown(deadline: .now + .seconds(5))
        } catch {
            fail("append failed: \(error)")
        }

    case "torn":
        guard arguments.count == 3 else {
            printError("usage: TelemetryTestHelper torn <path>")
            exit(64)
        }
        do {
            let sink = try FileSink(path: arguments[2])
            sink.emit(event(writer: "torn", sequence: 0, payloadBytes: 100))
            var original = rlimit()
            guard getrlimit(fileSizeLimit, &original) == 0 else { fail("getrlimit failed") }
            // Past the limit the kernel sends SIGXFSZ, which would kill the process: ignore it, so the
            // write fails with EFBIG as a write to a full disk fails with ENOSPC.
            signal(SIGXFSZ, SIG_IGN)
            var lowered = original
            var size = stat()
            guard stat(arguments[2], &size) == 0 else { fail("stat failed") }
            lowered.rlim_cur = rlim_t(size.st_size) + 1000
            guard setrlimit(fileSizeLimit, &lowered) == 0 else { fail("setrlimit failed") }
            // emit never throws: the failure is counted, and the next flush throws it.
            sink.emit(event(writer: "torn", sequence: 1, payloadBytes: 5000))
            guard sink.statistics.droppedWriteFailures == 1 else {
                fail("a write past RLIMIT_FSIZE was not counted as dropped")
            }
            do {
                try await sink.flush()
                fail("a write past RLIMIT_FSIZE was not reported by flush")
            } catch {
                guard error.code == .io else { fail("expected an io error, got \(error)") }
                print("torn write reported: \(error)")
            }
            guard setrlimit(fileSizeLimit, &original) == 0 else { fail("restoring the limit failed") }
            sink.emit(event(writer: "torn", sequence: 2, payloadBytes: 100))
            try await sink.shutdown(deadline: .now + .seconds(5))
        } catch {
            fail("torn failed: \(error)")
        }

    case "spool-write-failure":
        guard arguments.count == 5, let expected = Int(arguments[4]) else {
            printError("usage: TelemetryTestHelper spool-write-failure <directory> <endpoint> <expected-delivered>")
            exit(64)
        }
        do {
            var configuration = HTTPSink.Configuration.default
            configuration.delivery.scheduleDelay = .milliseconds(20)
            configuration.delivery.requestTimeout = .seconds(5)
            let sink = try StoreAndForwardSink(
                directory: arguments[2],
                endpoint: arguments[3],
                configuration: configuration
            )
            await sink.waitForRecovery()
            var original = rlimit()
            guard getrlimit(fileSizeLimit, &original) == 0 else { fail("getrlimit failed") }
            // Past the limit the kernel sends SIGXFSZ, which would kill the process: ignored, the
            // write fails with EFBIG as a write to a full disk fails with ENOSPC.
            signal(SIGXFSZ, SIG_IGN)
            var lowered = original
            lowered.rlim_cur = 250 * 1024
            guard setrlimit(fileSizeLimit, &lowered) == 0 else { fail("setrlimit failed") }
            // The spool's block holds 256 KiB: the third event hands the first two over (written
            // whole, 200 KiB), the fifth hands over the third and fourth, whose write stops at the
            // limit; the fifth and sixth are sent without spooling. (If the 100 ms hand-over timer
            // runs between the third and fourth, it writes the third alone, and fails; the fourth
            // on are then not spooled.)
            // Stamped now: the next run drops what is older than the spool's age limit (7 days).
            let now = Date()
            for sequence in 0..<6 {
                sink.emit(event(writer: "spool", sequence: sequence, payloadBytes: 100 * 1024, timestamp: now))
            }
            guard setrlimit(fileSizeLimit, &original) == 0 else { fail("restoring the limit failed") }
            // A hanging collector makes the shutdown throw at its deadline: what it did not send
            // is counted, and checked below.
            try? await sink.shutdown(deadline: .now + (expected > 0 ? .seconds(10) : .seconds(1)))
            let statistics = sink.statistics
            print("statistics: \(statistics)")
            guard statistics.delivery.delivered == expected else {
                fail("expected \(expected) events delivered: \(statistics)")
            }
            // Lines are spooled only until the failed write: 3 or 4 of them, never the fifth
            // (which found the block full of lines whose write failed) or the sixth.
            guard (3...4).contains(statistics.spooled) else {
                fail("lines were spooled after the write failed: \(statistics)")
            }
        } catch {
            fail("spool-write-failure failed: \(error)")
        }

    case "standard":
        guard arguments.count >= 4, let count = Int(arguments[3]) else {
            printError("usage: TelemetryTestHelper standard <tool> <count> [shutdown|recover]")
            exit(64)
        }
        var configuration = TelemetryContext.Configuration()
        configuration.delivery.delivery.scheduleDelay = .milliseconds(50)
        let context = TelemetryContext.standard(tool: arguments[2], toolVersion: "1.0.0", configuration: configuration)
        for n in 0..<count {
            context.record("run", attributes: ["n": .int(n)])
        }
        switch arguments.count > 4 ? arguments[4] : "" {
        case "shutdown":
            await context.shutdown(deadline: .now + .seconds(5))
        case "recover":
            if let sink = (context.sink as? MultiplexSink)?.sinks.first as? StoreAndForwardSink ?? context.sink
                as? StoreAndForwardSink
            {
                await sink.waitForRecovery()
            }
            await context.shutdown(deadline: .now + .seconds(5))
        default:
            break  // exit at once, as a command-line tool does
        }

    case "cleared-environment":
        // A host that empties its environment (clearenv) before the front door.
        #if canImport(Glibc) || canImport(Musl)
        guard clearenv() == 0 else { fail("clearenv failed") }
        #endif
        guard RuntimeEnvironment.processEnvironment.isEmpty else { fail("the environment is not empty") }
        let context = TelemetryContext.standard(tool: "my-cli", toolVersion: "1.0.0")
        context.record("run")
        print("policy=\(context.policy)")

    case "opted-in-host":
        // The telemetry commands of a tool whose author opts in on the user's behalf.
        OptedInHostCommand.main(Array(arguments.dropFirst(2)))

    default:
        printError("usage: TelemetryTestHelper append|torn|spool-write-failure|standard|opted-in-host …")
        exit(64)
    }
}

await run()

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import ArgumentParser
import TelemetryAudit
import TelemetryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `telemetry tail FILE`: the last events of a JSONL log, optionally following it.
struct TailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the last events of a JSONL event log.",
        discussion: """
            Reads FILE and its rotated files (FILE.N … FILE.1) as one log; - reads standard input.
            One line per event for people (timestamp, name, tool and version, attributes, every
            control character escaped); with --json, the event lines exactly as stored. Lines that
            are not valid events are skipped with a warning on stderr. --follow keeps reading FILE
            as it grows, across truncation and replacement (logrotate). Memory is bounded by what
            is shown, whatever the size of the file. Exit 2 when the file cannot be read.
            """
    )

    @Flag(name: .long, help: "Print the event lines as stored, for machines.")
    var json = false

    @Option(name: [.customShort("n"), .customLong("lines")], help: "How many events to print.")
    var count: Int = 10

    @Flag(name: .long, help: "Keep printing events as they are appended (stop with Ctrl-C).")
    var follow = false

    @Argument(help: ArgumentHelp("The JSONL file to read, or - for standard input.", valueName: "file"))
    var file: String

    func validate() throws {
        guard count >= 0 else { throw ValidationError("-n must be 0 or more") }
        if follow, file == EventLogReader.standardInput {
            throw ValidationError("--follow needs a file, not standard input")
        }
    }

    func run() throws {
        let files = EventLogReader.rotatedSet(of: file)
        var unterminated: [UInt8]?
        do {
            try EventLogReader.lastLines(of: files, count: count, maximumLineLength: EventDecoder.maximumLineLength) {
                line in
                guard let bytes = line.bytes else {
                    Console.diagnostic(
                        "warning: skipped a line of \(line.length) bytes, longer than \(EventDecoder.maximumLineLength)"
                    )
                    return
                }
                // An unterminated last line may still be being written: `--follow` prints it once whole.
                if !line.isTerminated, follow {
                    unterminated = Array(bytes)
                    return
                }
                show(bytes)
            }
        } catch {
            Console.diagnostic(error.message)
            throw CommandExitCode.io
        }
        guard follow else { return }
        try followFile(carrying: unterminated)
    }

    private func show(_ line: some Collection<UInt8>) {
        do {
            let event = try EventDecoder().decode(line)
            if json {
                Console.output(String(decoding: Array(line), as: UTF8.self))
            } else {
                var text = "\(Timestamp.format(event.timestamp))  \(event.name)  \(event.tool) \(event.toolVersion)"
                if !event.attributes.isEmpty { text += "  \(event.attributes)" }
                Console.output(Console.escaped(text))
            }
        } catch {
            Console.diagnostic("warning: skipped a line that is not a valid event: \(Console.escaped(error.message))")
        }
    }

    /// Follows the file by identity (see `EventLogFollower`).
    private func followFile(carrying unterminated: [UInt8]?) throws {
        let size = FileSystem.identity(atPath: file)?.size ?? 0
        var follower: EventLogFollower
        do {
            follower = try EventLogFollower(
                path: file,
                offset: size - (unterminated?.count ?? 0),
                maximumLineLength: EventDecoder.maximumLineLength
            )
        } catch {
            Console.diagnostic(error.message)
            throw CommandExitCode.io
        }
        defer { follower.stop() }
        // `--follow` runs until it is stopped: make sure SIGINT and SIGTERM can stop it, even
        // when the parent started it with them blocked.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        while true {
            follower.poll(
                line: { show($0) },
                notice: { notice in
                    switch notice {
                    case .truncated:
                        Console.diagnostic("\(Console.escaped(file)) was truncated; following from its start")
                    case .replaced:
                        Console.diagnostic(
                            "\(Console.escaped(file)) was replaced; following the new file from its start"
                        )
                    case .skippedOverlongLine(let length):
                        Console.diagnostic(
                            "warning: skipped a line of \(length) bytes, longer than \(EventDecoder.maximumLineLength)"
                        )
                    }
                }
            )
            usleep(200_000)
        }
    }
}

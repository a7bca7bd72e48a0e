//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// Manifests of realistic projects.
///
/// The Vapor and Hummingbird files were produced by `swift package resolve` (Swift 6.3.1) on
/// the `Package.swift` beside them, against the package versions of the machine's package
/// set; their revisions are those of the local copies, not GitHub's. The version-1 file is in
/// the format SwiftPM 5.5 and earlier wrote, for a Kitura + GRDB project.
enum Fixtures {
    /// A Vapor + Fluent + PostgreSQL app's manifest (tools version 5.9).
    static let vaporManifest = """
        // swift-tools-version:5.9
        import PackageDescription

        let package = Package(
            name: "TodoBackend",
            platforms: [.macOS(.v13)],
            dependencies: [
                // 💧 A server-side Swift web framework.
                .package(url: "https://github.com/vapor/vapor.git", from: "4.99.0"),
                // 🗄 An ORM for SQL and NoSQL databases.
                .package(url: "https://github.com/vapor/fluent.git", from: "4.9.0"),
                // 🐘 Fluent driver for Postgres.
                .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.8.0"),
            ],
            targets: [
                .executableTarget(
                    name: "App",
                    dependencies: [
                        .product(name: "Fluent", package: "fluent"),
                        .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                        .product(name: "Vapor", package: "vapor"),
                    ]
                ),
            ]
        )
        """

    /// The `Package.resolved` (format version 2) of ``vaporManifest``: 35 pins.
    static let vaporResolved = """
        {
          "pins" : [
            {
              "identity" : "async-http-client",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/swift-server/async-http-client.git",
              "state" : {
                "revision" : "3665dee56525b865b786d538c567648b76899fc7",
                "version" : "1.37.0"
              }
            },
            {
              "identity" : "async-kit",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/async-kit.git",
              "state" : {
                "revision" : "b7e8f509f65adbe569c0d03cecf5635849444a0d",
                "version" : "1.22.0"
              }
            },
            {
              "identity" : "console-kit",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/console-kit.git",
              "state" : {
                "revision" : "c544dcde69e087d0af93265aa6403d54509dd910",
                "version" : "4.16.2"
              }
            },
            {
              "identity" : "fluent",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/fluent.git",
              "state" : {
                "revision" : "6e53287fae58e1e3f2edf1d0c1226199c154eac7",
                "version" : "4.13.0"
              }
            },
            {
              "identity" : "fluent-kit",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/fluent-kit.git",
              "state" : {
                "revision" : "3e9c95a5f39df0c78465fdffbaab1d57146e9f26",
                "version" : "1.57.0"
              }
            },
            {
              "identity" : "fluent-postgres-driver",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/fluent-postgres-driver.git",
              "state" : {
                "revision" : "5ba2c4827589623bbe74646595923a1538844175",
                "version" : "2.14.0"
              }
            },
            {
              "identity" : "multipart-kit",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/multipart-kit.git",
              "state" : {
                "revision" : "432efc0cb5594d95dac0a56911e2e2de38aff815",
                "version" : "4.7.1"
              }
            },
            {
              "identity" : "postgres-kit",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/postgres-kit.git",
              "state" : {
                "revision" : "22f88acf960c449b641b026ff4f112ff214868e1",
                "version" : "2.17.0"
              }
            },
            {
              "identity" : "postgres-nio",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/postgres-nio.git",
              "state" : {
                "revision" : "e78966bb3d490debcdf012dd9ae2eb4dad70cbff",
                "version" : "1.33.2"
              }
            },
            {
              "identity" : "routing-kit",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/routing-kit.git",
              "state" : {
                "revision" : "6598445d7ff7e916890ca7f8d7883cc79288d932",
                "version" : "4.9.3"
              }
            },
            {
              "identity" : "sql-kit",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/sql-kit.git",
              "state" : {
                "revision" : "2116a622203be85c830ddbb238a00c24a0d53b81",
                "version" : "3.36.0"
              }
            },
            {
              "identity" : "swift-algorithms",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-algorithms.git",
              "state" : {
                "revision" : "0f7a7a1376bd37a3474591497430631c7189718d",
                "version" : "1.2.1"
              }
            },
            {
              "identity" : "swift-asn1",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-asn1.git",
              "state" : {
                "revision" : "d619dd5bb47ba9ea182340c612ae38c70c78d97e",
                "version" : "1.7.4"
              }
            },
            {
              "identity" : "swift-async-algorithms",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-async-algorithms.git",
              "state" : {
                "revision" : "6d516c3a2b6997945cc435bd8afcd761d748a7b9",
                "version" : "1.1.4"
              }
            },
            {
              "identity" : "swift-atomics",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-atomics.git",
              "state" : {
                "revision" : "6c7dbee0cc6840dffa75a29a46834d0714135e93",
                "version" : "1.3.0"
              }
            },
            {
              "identity" : "swift-certificates",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-certificates.git",
              "state" : {
                "revision" : "a65fde60dd48d7eb6a427dc0cc23b74bb051360a",
                "version" : "1.21.1"
              }
            },
            {
              "identity" : "swift-collections",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-collections.git",
              "state" : {
                "revision" : "b9f4b3586ced378bbddc36a676d2aca082492ed9",
                "version" : "1.6.0"
              }
            },
            {
              "identity" : "swift-configuration",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-configuration.git",
              "state" : {
                "revision" : "3bf6ec506fe6e3daeb65f9ddec52e906a255951c",
                "version" : "1.4.0"
              }
            },
            {
              "identity" : "swift-crypto",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-crypto.git",
              "state" : {
                "revision" : "778f0d7e1c5105b97a115198b48b593d214fbcd1",
                "version" : "4.5.2"
              }
            },
            {
              "identity" : "swift-distributed-tracing",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-distributed-tracing.git",
              "state" : {
                "revision" : "eb61c2ef0c0a0eb092b8835e1fdabd5aa583c985",
                "version" : "1.7.3"
              }
            },
            {
              "identity" : "swift-http-structured-headers",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-http-structured-headers.git",
              "state" : {
                "revision" : "669ed934446c7d7a1489128ec25b043a8969d9ab",
                "version" : "1.7.0"
              }
            },
            {
              "identity" : "swift-http-types",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-http-types.git",
              "state" : {
                "revision" : "c5022b87b2147f8ce312c72ca00ea0b3279ea236",
                "version" : "1.8.0"
              }
            },
            {
              "identity" : "swift-log",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-log.git",
              "state" : {
                "revision" : "c2cb5297956b2a95420f70d1f51e8dc4b4f94708",
                "version" : "1.16.2"
              }
            },
            {
              "identity" : "swift-metrics",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-metrics.git",
              "state" : {
                "revision" : "02299eb0b009b1161dfb2a4bf606fd4c67f54310",
                "version" : "2.13.0"
              }
            },
            {
              "identity" : "swift-nio",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio.git",
              "state" : {
                "revision" : "cb5a7340e5f89ca4e8a44687d1979ace078be128",
                "version" : "2.101.3"
              }
            },
            {
              "identity" : "swift-nio-extras",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio-extras.git",
              "state" : {
                "revision" : "07f2c690a470bbe26657270a1649528b612f6fd4",
                "version" : "1.35.2"
              }
            },
            {
              "identity" : "swift-nio-http2",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio-http2.git",
              "state" : {
                "revision" : "1a3ee02f038410190095431e7fc7cec4f7f37fd2",
                "version" : "1.46.0"
              }
            },
            {
              "identity" : "swift-nio-ssl",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio-ssl.git",
              "state" : {
                "revision" : "6a0b72b1711d3852295049005f43632b48a68f84",
                "version" : "2.37.6"
              }
            },
            {
              "identity" : "swift-nio-transport-services",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio-transport-services.git",
              "state" : {
                "revision" : "b1da444fa5db799b81176ad60366251f2ce1660d",
                "version" : "1.28.0"
              }
            },
            {
              "identity" : "swift-numerics",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-numerics.git",
              "state" : {
                "revision" : "b9d67f8a676201a0a12c9ad876a0b50572aaf905",
                "version" : "1.1.1"
              }
            },
            {
              "identity" : "swift-service-context",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-service-context.git",
              "state" : {
                "revision" : "8ed580e3cc6a586d7b45e6c8b18af1fc0e6af73c",
                "version" : "1.5.1"
              }
            },
            {
              "identity" : "swift-service-lifecycle",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/swift-server/swift-service-lifecycle.git",
              "state" : {
                "revision" : "965f555e29a4bbd6248008d58d38e5600c8f2436",
                "version" : "2.13.0"
              }
            },
            {
              "identity" : "swift-system",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-system",
              "state" : {
                "revision" : "a7b0cdcbe3928cc5501238df4756be9a5db11b83",
                "version" : "1.8.1"
              }
            },
            {
              "identity" : "vapor",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/vapor.git",
              "state" : {
                "revision" : "b1c4d1a46913467c8dd7bf62b05aafa90ecd3b34",
                "version" : "4.122.3"
              }
            },
            {
              "identity" : "websocket-kit",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/websocket-kit.git",
              "state" : {
                "revision" : "40f8eac72b6ebc6371f779e8d341d2238c4616e5",
                "version" : "2.16.2"
              }
            }
          ],
          "version" : 2
        }
        """

    /// A Hummingbird + SQLite app's manifest (tools version 6.0).
    static let hummingbirdManifest = """
        // swift-tools-version:6.0
        import PackageDescription

        let package = Package(
            name: "hb-notes",
            platforms: [.macOS(.v14)],
            products: [.executable(name: "App", targets: ["App"])],
            dependencies: [
                .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
                .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.3.0"),
                .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.10.0"),
            ],
            targets: [
                .executableTarget(
                    name: "App",
                    dependencies: [
                        .product(name: "ArgumentParser", package: "swift-argument-parser"),
                        .product(name: "Hummingbird", package: "hummingbird"),
                        .product(name: "SQLiteNIO", package: "sqlite-nio"),
                    ]
                ),
            ]
        )
        """

    /// The `Package.resolved` (format version 3, with `originHash`) of ``hummingbirdManifest``.
    static let hummingbirdResolved = """
        {
          "originHash" : "01a8893c7f3a5a77c1ffdf9cee8d67f3dd8c39a0b4b4004ef54d2bbb23d8a3f3",
          "pins" : [
            {
              "identity" : "async-http-client",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/swift-server/async-http-client.git",
              "state" : {
                "revision" : "3665dee56525b865b786d538c567648b76899fc7",
                "version" : "1.37.0"
              }
            },
            {
              "identity" : "hummingbird",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/hummingbird-project/hummingbird.git",
              "state" : {
                "revision" : "26726d0d184fa595ab671bc762836684d9d6d3ea",
                "version" : "2.28.1"
              }
            },
            {
              "identity" : "sqlite-nio",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/vapor/sqlite-nio.git",
              "state" : {
                "revision" : "c0ba16a571e81b167aba2c559c597a985c8667bf",
                "version" : "1.13.2"
              }
            },
            {
              "identity" : "swift-algorithms",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-algorithms.git",
              "state" : {
                "revision" : "0f7a7a1376bd37a3474591497430631c7189718d",
                "version" : "1.2.1"
              }
            },
            {
              "identity" : "swift-argument-parser",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-argument-parser.git",
              "state" : {
                "revision" : "436bde4bb9489201ca6662f5cf94ec45fa8e244e",
                "version" : "1.8.2"
              }
            },
            {
              "identity" : "swift-asn1",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-asn1.git",
              "state" : {
                "revision" : "d619dd5bb47ba9ea182340c612ae38c70c78d97e",
                "version" : "1.7.4"
              }
            },
            {
              "identity" : "swift-async-algorithms",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-async-algorithms.git",
              "state" : {
                "revision" : "6d516c3a2b6997945cc435bd8afcd761d748a7b9",
                "version" : "1.1.4"
              }
            },
            {
              "identity" : "swift-atomics",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-atomics.git",
              "state" : {
                "revision" : "6c7dbee0cc6840dffa75a29a46834d0714135e93",
                "version" : "1.3.0"
              }
            },
            {
              "identity" : "swift-certificates",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-certificates.git",
              "state" : {
                "revision" : "a65fde60dd48d7eb6a427dc0cc23b74bb051360a",
                "version" : "1.21.1"
              }
            },
            {
              "identity" : "swift-collections",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-collections.git",
              "state" : {
                "revision" : "b9f4b3586ced378bbddc36a676d2aca082492ed9",
                "version" : "1.6.0"
              }
            },
            {
              "identity" : "swift-configuration",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-configuration.git",
              "state" : {
                "revision" : "3bf6ec506fe6e3daeb65f9ddec52e906a255951c",
                "version" : "1.4.0"
              }
            },
            {
              "identity" : "swift-crypto",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-crypto.git",
              "state" : {
                "revision" : "778f0d7e1c5105b97a115198b48b593d214fbcd1",
                "version" : "4.5.2"
              }
            },
            {
              "identity" : "swift-distributed-tracing",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-distributed-tracing.git",
              "state" : {
                "revision" : "eb61c2ef0c0a0eb092b8835e1fdabd5aa583c985",
                "version" : "1.7.3"
              }
            },
            {
              "identity" : "swift-http-structured-headers",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-http-structured-headers.git",
              "state" : {
                "revision" : "669ed934446c7d7a1489128ec25b043a8969d9ab",
                "version" : "1.7.0"
              }
            },
            {
              "identity" : "swift-http-types",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-http-types.git",
              "state" : {
                "revision" : "c5022b87b2147f8ce312c72ca00ea0b3279ea236",
                "version" : "1.8.0"
              }
            },
            {
              "identity" : "swift-log",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-log.git",
              "state" : {
                "revision" : "c2cb5297956b2a95420f70d1f51e8dc4b4f94708",
                "version" : "1.16.2"
              }
            },
            {
              "identity" : "swift-metrics",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-metrics.git",
              "state" : {
                "revision" : "02299eb0b009b1161dfb2a4bf606fd4c67f54310",
                "version" : "2.13.0"
              }
            },
            {
              "identity" : "swift-nio",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio.git",
              "state" : {
                "revision" : "cb5a7340e5f89ca4e8a44687d1979ace078be128",
                "version" : "2.101.3"
              }
            },
            {
              "identity" : "swift-nio-extras",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio-extras.git",
              "state" : {
                "revision" : "07f2c690a470bbe26657270a1649528b612f6fd4",
                "version" : "1.35.2"
              }
            },
            {
              "identity" : "swift-nio-http2",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio-http2.git",
              "state" : {
                "revision" : "1a3ee02f038410190095431e7fc7cec4f7f37fd2",
                "version" : "1.46.0"
              }
            },
            {
              "identity" : "swift-nio-ssl",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio-ssl.git",
              "state" : {
                "revision" : "6a0b72b1711d3852295049005f43632b48a68f84",
                "version" : "2.37.6"
              }
            },
            {
              "identity" : "swift-nio-transport-services",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-nio-transport-services.git",
              "state" : {
                "revision" : "b1da444fa5db799b81176ad60366251f2ce1660d",
                "version" : "1.28.0"
              }
            },
            {
              "identity" : "swift-numerics",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-numerics.git",
              "state" : {
                "revision" : "b9d67f8a676201a0a12c9ad876a0b50572aaf905",
                "version" : "1.1.1"
              }
            },
            {
              "identity" : "swift-service-context",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-service-context.git",
              "state" : {
                "revision" : "8ed580e3cc6a586d7b45e6c8b18af1fc0e6af73c",
                "version" : "1.5.1"
              }
            },
            {
              "identity" : "swift-service-lifecycle",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/swift-server/swift-service-lifecycle.git",
              "state" : {
                "revision" : "965f555e29a4bbd6248008d58d38e5600c8f2436",
                "version" : "2.13.0"
              }
            },
            {
              "identity" : "swift-system",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-system.git",
              "state" : {
                "revision" : "a7b0cdcbe3928cc5501238df4756be9a5db11b83",
                "version" : "1.8.1"
              }
            }
          ],
          "version" : 3
        }
        """

    /// A `Package.resolved` in format version 1: a Kitura + GRDB project, swift-log on a branch.
    static let resolvedVersion1 = """
        {
          "object": {
            "pins": [
              {
                "package": "GRDB",
                "repositoryURL": "https://github.com/groue/GRDB.swift.git",
                "state": {
                  "branch": null,
                  "revision": "dd7e7f39e8e4d7a22d258d9809a882f914690b01",
                  "version": "5.26.1"
                }
              },
              {
                "package": "Kitura",
                "repositoryURL": "https://github.com/Kitura/Kitura.git",
                "state": {
                  "branch": null,
                  "revision": "d2a5a7a1e5c6f0a4a5b6e3c7f1e2d4c5b6a7f8e9",
                  "version": "2.9.200"
                }
              },
              {
                "package": "Kitura-net",
                "repositoryURL": "https://github.com/Kitura/Kitura-net.git",
                "state": {
                  "branch": null,
                  "revision": "4c1a2e9b8d7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a",
                  "version": "2.4.200"
                }
              },
              {
                "package": "LoggerAPI",
                "repositoryURL": "https://github.com/Kitura/LoggerAPI.git",
                "state": {
                  "branch": null,
                  "revision": "e82d34eab3f0b05391082b11ea07d3b70d2f65bb",
                  "version": "1.9.200"
                }
              },
              {
                "package": "swift-log",
                "repositoryURL": "https://github.com/apple/swift-log.git",
                "state": {
                  "branch": "main",
                  "revision": "6fe203dc33195667ce1759bf0182975e4653ba1c",
                  "version": null
                }
              },
              {
                "package": "Socket",
                "repositoryURL": "https://github.com/Kitura/BlueSocket.git",
                "state": {
                  "branch": null,
                  "revision": "dd924c3bc2c1c144c42b8dda3896f1a03115ded4",
                  "version": "2.0.2"
                }
              }
            ]
          },
          "version": 1
        }
        """
}

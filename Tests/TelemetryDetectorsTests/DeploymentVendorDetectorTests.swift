//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

import TelemetryCore
import TelemetryDetectors
import Testing

@Suite("Deployment vendor", .timeLimit(.minutes(1)))
struct DeploymentVendorDetectorTests {
    /// Upstream's table (UPSTREAM-CONTRACT 7.6), written out independently of the code.
    static let table: [(vendor: String, variable: String)] = [
        ("cloudflare", "CF_PAGES"), ("cloudflare", "CF_PAGES_URL"), ("cloudflare", "CF_ACCOUNT_ID"),
        ("vercel", "VERCEL"), ("vercel", "VERCEL_URL"), ("vercel", "VERCEL_ENV"),
        ("netlify", "NETLIFY"), ("netlify", "NETLIFY_URL"),
        ("render", "RENDER"), ("render", "RENDER_URL"), ("render", "RENDER_INTERNAL_HOSTNAME"),
        ("render", "RENDER_SERVICE_ID"),
        ("aws", "AWS_LAMBDA_FUNCTION_NAME"), ("aws", "AWS_EXECUTION_ENV"), ("aws", "LAMBDA_TASK_ROOT"),
        ("gcp", "GOOGLE_CLOUD_FUNCTION_NAME"), ("gcp", "GOOGLE_CLOUD_PROJECT"), ("gcp", "GCP_PROJECT"),
        ("gcp", "K_SERVICE"),
        ("azure", "AZURE_FUNCTION_NAME"), ("azure", "FUNCTIONS_WORKER_RUNTIME"), ("azure", "WEBSITE_INSTANCE_ID"),
        ("azure", "WEBSITE_SITE_NAME"),
        ("deno-deploy", "DENO_DEPLOYMENT_ID"), ("deno-deploy", "DENO_REGION"),
        ("fly-io", "FLY_APP_NAME"), ("fly-io", "FLY_REGION"), ("fly-io", "FLY_ALLOC_ID"),
        ("railway", "RAILWAY_STATIC_URL"), ("railway", "RAILWAY_ENVIRONMENT_NAME"),
        ("heroku", "DYNO"), ("heroku", "HEROKU_APP_NAME"),
        ("digitalocean", "DO_DEPLOYMENT_ID"), ("digitalocean", "DO_APP_NAME"), ("digitalocean", "DIGITALOCEAN"),
        ("koyeb", "KOYEB"), ("koyeb", "KOYEB_DEPLOYMENT_ID"), ("koyeb", "KOYEB_APP_NAME"),
    ]

    @Test("every variable of every vendor names its vendor", arguments: table)
    func everyRow(_ row: (vendor: String, variable: String)) {
        #expect(DeploymentVendorDetector.detect(environment: [row.variable: "1"]) == row.vendor)
    }

    @Test("an empty value does not count (Better Auth's rule)", arguments: table)
    func emptyValue(_ row: (vendor: String, variable: String)) {
        #expect(DeploymentVendorDetector.detect(environment: [row.variable: ""]) == nil)
    }

    @Test("the table is exactly upstream's 38 variables in 13 vendors, in order")
    func tableMatchesUpstream() {
        let flattened = DeploymentVendorDetector.vendors.flatMap { vendor in vendor.variables.map { (vendor.name, $0) }
        }
        #expect(flattened.map(\.0) == Self.table.map(\.vendor))
        #expect(flattened.map(\.1) == Self.table.map(\.variable))
    }

    @Test("the first vendor in table order wins")
    func precedence() {
        // Every later vendor's variable is set too: each row must beat all the rows after it.
        for (index, row) in Self.table.enumerated() {
            var environment: [String: String] = [:]
            for later in Self.table[index...] { environment[later.variable] = "x" }
            #expect(DeploymentVendorDetector.detect(environment: environment) == row.vendor)
        }
        // An empty higher row does not shadow a set lower row.
        #expect(DeploymentVendorDetector.detect(environment: ["VERCEL": "", "DYNO": "web.1"]) == "heroku")
    }

    @Test("R-D14: no vendor variable, no vendor")
    func noVendor() {
        #expect(DeploymentVendorDetector.detect(environment: [:]) == nil)
        #expect(
            DeploymentVendorDetector.detect(environment: ["HOME": "/root", "PATH": "/usr/bin", "vercel": "1"]) == nil
        )
    }

    @Test("R-D15: VERCEL_URL names vercel, in systemInfo too")
    func vercel() {
        let environment = ["VERCEL_URL": "preview.example.com"]
        #expect(DeploymentVendorDetector.detect(environment: environment) == "vercel")
        let inputs = DetectionInputs(
            environment: environment,
            workingDirectory: "/nonexistent",
            system: FixedSystemInformation(),
            standardOutputIsTerminal: false
        )
        #expect(SystemInfoDetector.detect(inputs)["deploymentVendor"] == "vercel")
    }
}

//===----------------------------------------------------------------------===//
// This source file is part of the swift-telemetry open source project.
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//

/// `systemInfo.deploymentVendor`: the hosting platform named by the environment, exactly as
/// Better Auth: the first row of vendors with any of its variables set to a **non-empty**
/// value wins; `nil` when none is.
public enum DeploymentVendorDetector {
    /// A hosting platform and the variables that name it.
    public struct Vendor: Sendable, Hashable {
        /// The reported name, e.g. `fly-io`.
        public var name: String
        /// The variables, any of which (non-empty) names the vendor.
        public var variables: [String]

        /// Creates a vendor row.
        public init(_ name: String, _ variables: [String]) {
            self.name = name
            self.variables = variables
        }
    }

    /// The vendors and their variables, in precedence order.
    public static let vendors: [Vendor] = [
        Vendor("cloudflare", ["CF_PAGES", "CF_PAGES_URL", "CF_ACCOUNT_ID"]),
        Vendor("vercel", ["VERCEL", "VERCEL_URL", "VERCEL_ENV"]),
        Vendor("netlify", ["NETLIFY", "NETLIFY_URL"]),
        Vendor("render", ["RENDER", "RENDER_URL", "RENDER_INTERNAL_HOSTNAME", "RENDER_SERVICE_ID"]),
        Vendor("aws", ["AWS_LAMBDA_FUNCTION_NAME", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT"]),
        Vendor("gcp", ["GOOGLE_CLOUD_FUNCTION_NAME", "GOOGLE_CLOUD_PROJECT", "GCP_PROJECT", "K_SERVICE"]),
        Vendor(
            "azure",
            ["AZURE_FUNCTION_NAME", "FUNCTIONS_WORKER_RUNTIME", "WEBSITE_INSTANCE_ID", "WEBSITE_SITE_NAME"]
        ),
        Vendor("deno-deploy", ["DENO_DEPLOYMENT_ID", "DENO_REGION"]),
        Vendor("fly-io", ["FLY_APP_NAME", "FLY_REGION", "FLY_ALLOC_ID"]),
        Vendor("railway", ["RAILWAY_STATIC_URL", "RAILWAY_ENVIRONMENT_NAME"]),
        Vendor("heroku", ["DYNO", "HEROKU_APP_NAME"]),
        Vendor("digitalocean", ["DO_DEPLOYMENT_ID", "DO_APP_NAME", "DIGITALOCEAN"]),
        Vendor("koyeb", ["KOYEB", "KOYEB_DEPLOYMENT_ID", "KOYEB_APP_NAME"]),
    ]

    /// The vendor named by `environment`, or `nil`.
    public static func detect(environment: [String: String]) -> String? {
        for vendor in vendors where vendor.variables.contains(where: { environment[$0]?.isEmpty == false }) {
            return vendor.name
        }
        return nil
    }

    /// The vendor of `inputs`, or `nil`.
    public static func detect(_ inputs: DetectionInputs) -> String? {
        detect(environment: inputs.environment)
    }
}

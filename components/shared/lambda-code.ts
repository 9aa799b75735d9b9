// Lambda code of ours (functions/<name>/), bundled by the program with esbuild into one
// self-contained file, so `pulumi up` needs no build step and the deployed code is exactly what
// the tests load. The bundle is content-addressed: its hash changes only when the code does.
import { ScopedCache } from "./cache-scope";
import * as esbuild from "esbuild";
import { createHash } from "crypto";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export const FUNCTIONS_ROOT = path.resolve(__dirname, "..", "..", "functions");

/**
 * The Lambda runtime of every function of ours: the newest Node.js runtime AWS supports
 * (AWS Lambda developer guide, "Lambda runtimes": nodejs24.x, deprecation 2028-04-30).
 */
export const LAMBDA_NODE_RUNTIME = "nodejs24.x";

/** Syntax target of the bundles: the oldest Node.js that loads them (the test machines run 20). */
const BUNDLE_TARGET = "node20";

export interface BundledCode {
    /** The bundled JavaScript (CommonJS, one file, handler exported as `handler`). */
    readonly source: string;
    /** sha256 of the bundle: changes exactly when the deployed code would. */
    readonly sha256: string;
}

/**
 * Modules our dependencies load only if present, inside try/catch: pg's native binding and the
 * SDK's CRT signer (for SigV4a, which none of our calls use). Never installed, never bundled.
 */
export const OPTIONAL_MODULES = ["pg-native", "@aws-sdk/signature-v4-crt"] as const;

const cache = new ScopedCache<BundledCode>();

/** Bundles functions/<entry> (e.g. "db-bootstrap/handler.ts") with all its dependencies. */
export function bundleFunction(entry: string): BundledCode {
    const cached = cache.get(entry);
    if (cached) return cached;
    const result = esbuild.buildSync({
        entryPoints: [path.join(FUNCTIONS_ROOT, entry)],
        bundle: true,
        platform: "node",
        target: BUNDLE_TARGET,
        format: "cjs",
        write: false,
        minify: false,
        legalComments: "none",
        external: [...OPTIONAL_MODULES],
        logLevel: "silent",
    });
    const source = result.outputFiles[0].text;
    const bundled = { source, sha256: createHash("sha256").update(source).digest("hex") };
    cache.set(entry, bundled);
    return bundled;
}

/** The bundle as the archive a Lambda function deploys (index.js, handler `index.handler`). */
export function lambdaArchive(code: BundledCode): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(code.source) });
}

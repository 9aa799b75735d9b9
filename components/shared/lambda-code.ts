// Lambda code of ours (functions/<name>/), bundled by the program with esbuild into one
// self-contained file, so `pulumi up` needs no build step and the deployed code is exactly what
// the tests load. The bundle is content-addressed: its hash changes only when the code does.
import * as esbuild from "esbuild";
import { createHash } from "crypto";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export const FUNCTIONS_ROOT = path.resolve(__dirname, "..", "..", "functions");

/**
 * The Node.js major of every function of ours: the newest Node.js runtime AWS Lambda supports
 * (AWS Lambda developer guide, "Lambda runtimes",
 * docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html: identifier nodejs24.x; launched
 * 2025-11-25, deprecation 2028-04-30, as endoflife.date/aws-lambda lists), and the major the
 * toolchain runs (.nvmrc, decision 0019). The runtime and the bundles' syntax target derive from it.
 */
export const LAMBDA_NODE_MAJOR = 24;

/** The Lambda runtime identifier of every function of ours. */
export const LAMBDA_NODE_RUNTIME = `nodejs${LAMBDA_NODE_MAJOR}.x`;

/** esbuild's syntax target: the runtime's own Node.js, so nothing it runs natively is lowered. */
export const BUNDLE_TARGET = `node${LAMBDA_NODE_MAJOR}`;

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

/**
 * esbuild's output per build (entry and options), for the whole process. Safe even under mutation
 * testing: Stryker's instrumented sources hold every mutant at once and pick the active one at run
 * time, so a bundle's text is the same for every mutant, and a mutant in the options below changes
 * the key. Bundling is the slowest step of a stack build, so it is done once per function.
 */
const esbuildOutputs = new Map<string, string>();

function bundleSource(options: esbuild.BuildOptions): string {
    const key = JSON.stringify(options);
    let source = esbuildOutputs.get(key);
    if (source === undefined) {
        source = esbuild.buildSync({ ...options, write: false }).outputFiles[0].text;
        esbuildOutputs.set(key, source);
    }
    return source;
}

/** Bundles functions/<entry> (e.g. "db-bootstrap/handler.ts") with all its dependencies. */
export function bundleFunction(entry: string): BundledCode {
    const source = bundleSource({
        entryPoints: [path.join(FUNCTIONS_ROOT, entry)],
        bundle: true,
        platform: "node",
        target: BUNDLE_TARGET,
        format: "cjs",
        minify: false,
        legalComments: "none",
        external: [...OPTIONAL_MODULES],
        logLevel: "silent",
    });
    return { source, sha256: createHash("sha256").update(source).digest("hex") };
}

/** The bundle as the archive a Lambda function deploys (index.js, handler `index.handler`). */
export function lambdaArchive(code: BundledCode): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(code.source) });
}

// The offline engine: builds a whole stack in-process under Pulumi mocks, through the same
// entry point (index.ts) and the same config path (Pulumi.<stack>.yaml, as the CLI passes it)
// that `pulumi up` uses, and returns every resource the program declared. Used by the tests,
// the offline plan and the benchmark alike.
import * as pulumi from "@pulumi/pulumi";
import { ScopedCache } from "./cache-scope";
import { BuiltStack } from "./built-stack";
import { MOCK_ACCOUNT_ID, MockOverrides, PlatformMocks } from "./mocks";
import { DeclaredResource, recordRegistrations } from "./recorder";
import { standInSecrets } from "./secret-stand-ins";
import { readStackConfig } from "./stack-file";

export { BuiltStack, ResourceSet } from "./built-stack";
export type { DeclaredResource } from "./recorder";

export interface BuildOptions {
    /** Edits the flat config map before the program runs (tests of invalid config). */
    readonly editConfig?: (values: Record<string, string>) => void;
    /** Keys set as secrets (`pulumi config set --secret`), with their values. */
    readonly secretConfig?: Readonly<Record<string, string>>;
    /** Availability zones the mocked account offers; default: the region's a..d. */
    readonly availableZones?: readonly string[];
    /** The account the credentials belong to; default: the stack's accountId, else MOCK_ACCOUNT_ID. */
    readonly callerAccountId?: string;
    /** Outputs of the stack's last completed update; default: never deployed. */
    readonly lastDeployment?: Record<string, unknown>;
    /** Invoke answers and computed outputs that differ from the tables. */
    readonly mocks?: MockOverrides;
    /** Run as `pulumi preview` would. @default false */
    readonly preview?: boolean;
    /** Receives the declared resources even when the program fails (what got declared before?). */
    readonly record?: DeclaredResource[];
    /**
     * Stand in for secret keys the engine cannot read (encrypted) or that are missing but
     * required, as `npm run plan` does. Off: the program sees exactly the stack file. @default true
     */
    readonly standInSecrets?: boolean;
}

/** What the self-managed (DIY) backends call every organization. */
const ORGANIZATION = "organization";

type Program = () => Promise<Record<string, unknown>> | Record<string, unknown>;

/** Builds of the stack files as they are, once per process (per test or mutant under Stryker). */
const cache = new ScopedCache<Promise<BuiltStack>>();

/**
 * Builds `stack` from its stack file. Without options the build is cached for the process
 * (treat the result as read-only); with options it is always fresh.
 */
export function buildStack(stack: string, options?: BuildOptions): Promise<BuiltStack> {
    // Exactly what the Node.js language host does: require the entry module and run its
    // exported function inside the root Stack resource.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../index") as Program;
    if (options !== undefined) return buildProgram(program, stack, options);
    let built = cache.get(stack);
    if (!built) {
        built = buildProgram(program, stack);
        cache.set(stack, built);
        built.catch(() => cache.delete(stack));
    }
    return built;
}

/**
 * Runs any program (a single component, say) under the same mocks and recorder, with the
 * config of `stack` in place. For tests that build one component alone.
 */
export async function buildProgram(program: Program, stack = "dev", options: BuildOptions = {}): Promise<BuiltStack> {
    const config = readStackConfig(stack);
    options.editConfig?.(config.values);
    for (const [key, value] of Object.entries(options.secretConfig ?? {})) {
        config.values[key] = value;
        config.secretKeys.push(key);
    }
    const stoodIn = options.standInSecrets === false ? [] : standInSecrets(config);
    const region = config.values[`${config.project}:region`] ?? "us-east-1";
    const mocks = new PlatformMocks({
        region,
        accountId: options.callerAccountId ?? config.values[`${config.project}:accountId`] ?? MOCK_ACCOUNT_ID,
        availabilityZones: options.availableZones ?? ["a", "b", "c", "d"].map((l) => `${region}${l}`),
        lastDeployment: options.lastDeployment,
        stackName: `${ORGANIZATION}/${config.project}/${config.stack}`,
        overrides: options.mocks,
    });

    await pulumi.runtime.setMocks(mocks, config.project, config.stack, options.preview ?? false, ORGANIZATION);
    const resources: DeclaredResource[] = options.record ?? [];
    const registrationErrors = recordRegistrations(resources);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    // A program that throws is caught here and its error rethrown once the engine has drained:
    // left inside the Stack resource, the rejection would also surface as unhandled, which the
    // real language host turns into a failed update and mocha into an unrelated failure.
    let programError: unknown;
    const guarded = async () => {
        try {
            return await Promise.resolve(program());
        } catch (error) {
            programError = error;
            return {};
        }
    };
    let outputs: Record<string, unknown> | undefined;
    // The SDK records a stack trace for every promise it makes (leak diagnostics); mapping each
    // through tsx's source maps doubles a build's time. Traces formatted later are mapped again.
    const sourceMaps = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    const engineFailure = firstUnhandledRejection();
    try {
        outputs = await Promise.race([pulumi.runtime.runInPulumiStack(guarded), engineFailure.failed]);
        await engineFailure.lateRejection();
        await pulumi.runtime.disconnect();
    } catch (error) {
        // RPCs that wait on the failed one never finish: close without draining them.
        pulumi.runtime.disconnectSync();
        programError ??= error;
    } finally {
        engineFailure.stop();
        process.setSourceMapsEnabled(sourceMaps);
    }
    if (programError === undefined && registrationErrors.length > 0) {
        programError = registrationErrors[0];
    }
    if (programError !== undefined) {
        throw programError instanceof Error ? programError : new Error(`the program threw ${JSON.stringify(programError)}`);
    }
    return new BuiltStack(config.stack, config, resources, outputs ?? {}, stoodIn);
}

/**
 * Some failures never reach the program: a registration the engine refuses (a duplicate URN, say)
 * or an apply that throws rejects an output nobody awaits, and the stack then either waits forever
 * on the resources that needed it or finishes without them. The real language host fails the
 * update on the first unhandled rejection; a build does the same, at once.
 */
function firstUnhandledRejection(): { failed: Promise<never>; lateRejection: () => Promise<void>; stop: () => void } {
    let onRejection: (reason: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
        onRejection = (reason) => reject(reason instanceof Error ? reason : new Error(`unhandled rejection: ${String(reason)}`));
    });
    failed.catch(() => undefined); // Raced, not awaited, once the build has finished.
    process.on("unhandledRejection", onRejection);
    return {
        failed,
        // Node reports unhandled rejections once the microtasks have run: a turn later, a
        // rejection left by the finished stack has been reported, and fails the build.
        lateRejection: () => Promise.race([failed, new Promise<void>((resolve) => setImmediate(resolve))]),
        stop: () => process.off("unhandledRejection", onRejection),
    };
}

// Builds a whole stack in-process under Pulumi mocks, through the same entry point (index.ts)
// and the same config path (Pulumi.<stack>.yaml, as the CLI passes it) that `pulumi up` uses,
// and returns every resource the program declared. Used by the tests, the offline plan and
// the benchmark alike.
import * as pulumi from "@pulumi/pulumi";
import { PlatformMocks } from "./mocks";
import { readStackConfig, StackConfig } from "./stack-file";

export interface DeclaredResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent; undefined only for the stack itself. */
    readonly parentUrn?: string;
    /** False for component resources. */
    readonly custom: boolean;
    /** "urn::id" of the provider the engine would use; empty when none was named. */
    readonly provider: string;
    /** Inputs as the engine receives them; secrets stay wrapped in Pulumi's secret marker. */
    readonly inputs: Record<string, any>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** URNs this resource depends on (dependsOn and inputs that come from other resources). */
    readonly dependencies: readonly string[];
    /** The id the mocks gave the resource, known once the engine has answered. */
    id?: string;
    /** The state the mocks answered with (inputs plus synthesized id, name and arn). */
    outputs?: Record<string, any>;
}

export interface BuildOptions {
    /** Edits the flat config map before the program runs (tests of invalid config). */
    readonly editConfig?: (values: Record<string, string>) => void;
    /** Availability zones the mocked account offers; default: the region's a..d. */
    readonly availableZones?: readonly string[];
    /** Run as `pulumi preview` would. @default false */
    readonly preview?: boolean;
    /** Receives the declared resources even when the program fails (what got declared before?). */
    readonly record?: DeclaredResource[];
}

export class BuiltStack {
    constructor(
        readonly stack: string,
        readonly config: StackConfig,
        readonly resources: readonly DeclaredResource[],
        readonly outputs: Record<string, any>,
    ) {}

    ofType(type: string): DeclaredResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    named(name: string, type?: string): DeclaredResource {
        const found = this.resources.filter((r) => r.name === name && (type === undefined || r.type === type));
        if (found.length !== 1) {
            throw new Error(`expected one resource named ${name}${type ? ` of type ${type}` : ""}, found ${found.length}`);
        }
        return found[0];
    }

    byUrn(urn: string): DeclaredResource | undefined {
        return this.resources.find((r) => r.urn === urn);
    }

    /** The resource the mocks gave this id (ids are what resource inputs refer to). */
    byId(id: string): DeclaredResource {
        const found = this.resources.find((r) => r.id === id);
        if (!found) throw new Error(`no declared resource has id ${id}`);
        return found;
    }

    childrenOf(parent: DeclaredResource): DeclaredResource[] {
        return this.resources.filter((r) => r.parentUrn === parent.urn);
    }
}

/** The slice of Pulumi's MockMonitor the recorder wraps. */
interface RecordableMonitor {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(request: RegisterRequest, callback: RegisterCallback): Promise<void>;
}
type RegisterCallback = (error: unknown, response?: RegisterResponse) => void;
interface RegisterResponse {
    getId(): string;
    getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0] | undefined;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
    getRetainondelete(): boolean | undefined;
}

/** Records every registration into `into`; returns the registration errors the engine would raise. */
function recordRegistrations(into: DeclaredResource[]): Error[] {
    const errors: Error[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as RecordableMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
        const urn = monitor.newUrn(request.getParent(), request.getType(), request.getName());
        // The real engine refuses a second resource with the same URN; so must the tests.
        if (into.some((r) => r.urn === urn)) {
            const error = new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
            errors.push(error);
            callback(error);
            return Promise.resolve();
        }
        const record: DeclaredResource = {
            urn,
            type: request.getType(),
            name: request.getName(),
            parentUrn: request.getParent() || undefined,
            custom: request.getCustom(),
            provider: request.getProvider(),
            inputs: pulumi.runtime.deserializeProperties(request.getObject()),
            protect: request.getProtect() ?? false,
            retainOnDelete: request.getRetainondelete() ?? false,
            dependencies: request.getDependenciesList(),
        };
        into.push(record);
        return register(request, (error, response) => {
            record.id = response?.getId() || undefined;
            const state = response?.getObject();
            record.outputs = state ? pulumi.runtime.deserializeProperties(state) : undefined;
            callback(error, response);
        });
    };
    return errors;
}

export async function buildStack(stack: string, options: BuildOptions = {}): Promise<BuiltStack> {
    // Exactly what the Node.js language host does: require the entry module and run its
    // exported function inside the root Stack resource.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../../index") as () => Promise<Record<string, unknown>>;
    return buildProgram(program, stack, options);
}

/**
 * Runs any program (a single component, say) under the same mocks and recorder, with the
 * config of `stack` in place. For tests that build one component alone.
 */
export async function buildProgram(
    program: () => Promise<Record<string, unknown>> | Record<string, unknown>,
    stack = "dev",
    options: BuildOptions = {},
): Promise<BuiltStack> {
    const config = readStackConfig(stack);
    options.editConfig?.(config.values);
    const region = config.values[`${config.project}:region`] ?? "us-east-1";
    const availabilityZones = options.availableZones ?? ["a", "b", "c", "d"].map((l) => `${region}${l}`);

    await pulumi.runtime.setMocks(new PlatformMocks({ region, availabilityZones }), config.project, config.stack, options.preview ?? false);
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
    try {
        outputs = await pulumi.runtime.runInPulumiStack(guarded);
    } finally {
        await pulumi.runtime.disconnect();
    }
    if (programError === undefined && registrationErrors.length > 0) {
        programError = registrationErrors[0];
    }
    if (programError !== undefined) {
        throw programError instanceof Error ? programError : new Error(`the program threw ${JSON.stringify(programError)}`);
    }
    return new BuiltStack(config.stack, config, resources, outputs ?? {});
}

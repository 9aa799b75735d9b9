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
}

export interface BuildOptions {
    /** Edits the flat config map before the program runs (tests of invalid config). */
    readonly editConfig?: (values: Record<string, string>) => void;
    /** Availability zones the mocked account offers; default: the region's a..d. */
    readonly availableZones?: readonly string[];
    /** Run as `pulumi preview` would. @default false */
    readonly preview?: boolean;
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

    named(name: string): DeclaredResource {
        const found = this.resources.filter((r) => r.name === name);
        if (found.length !== 1) {
            throw new Error(`expected one resource named ${name}, found ${found.length}`);
        }
        return found[0];
    }

    byUrn(urn: string): DeclaredResource | undefined {
        return this.resources.find((r) => r.urn === urn);
    }

    childrenOf(parent: DeclaredResource): DeclaredResource[] {
        return this.resources.filter((r) => r.parentUrn === parent.urn);
    }
}

/** The slice of Pulumi's MockMonitor the recorder wraps. */
interface RecordableMonitor {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(request: RegisterRequest, callback: unknown): Promise<void>;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
}

function recordRegistrations(into: DeclaredResource[]): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as RecordableMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
        const parentUrn = request.getParent() || undefined;
        into.push({
            urn: monitor.newUrn(request.getParent(), request.getType(), request.getName()),
            type: request.getType(),
            name: request.getName(),
            parentUrn,
            custom: request.getCustom(),
            provider: request.getProvider(),
            inputs: pulumi.runtime.deserializeProperties(request.getObject()),
        });
        return register(request, callback);
    };
}

export async function buildStack(stack: string, options: BuildOptions = {}): Promise<BuiltStack> {
    const config = readStackConfig(stack);
    options.editConfig?.(config.values);
    const region = config.values[`${config.project}:region`] ?? "us-east-1";
    const availabilityZones = options.availableZones ?? ["a", "b", "c", "d"].map((l) => `${region}${l}`);

    await pulumi.runtime.setMocks(new PlatformMocks({ region, availabilityZones }), config.project, stack, options.preview ?? false);
    const resources: DeclaredResource[] = [];
    recordRegistrations(resources);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);

    // Exactly what the Node.js language host does: require the entry module and run its
    // exported function inside the root Stack resource.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../../index") as () => Promise<Record<string, unknown>>;
    try {
        const outputs = await pulumi.runtime.runInPulumiStack(program);
        return new BuiltStack(stack, config, resources, (outputs ?? {}) as Record<string, any>);
    } finally {
        await pulumi.runtime.disconnect();
    }
}

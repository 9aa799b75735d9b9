// Pulumi mocks for this program: invokes answered from a table (invokes.ts), computed outputs
// per resource type (resource-outputs.ts), remote components stood in for, and per-build
// overrides. Anything the tables do not know fails loudly.
import * as pulumi from "@pulumi/pulumi";
import { INVOKES, InvokeAnswer, MockAccount, shortHash } from "./invokes";
import { arnFor, OutputSynthesizer, parseType, RESOURCE_OUTPUTS } from "./resource-outputs";

export { MOCK_CLOUDFRONT_PREFIX_LIST_ID, MOCK_PARTITION, renderPolicyDocument } from "./invokes";

/** The account the mocks pretend to be when a stack names none. */
export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockOverrides {
    /** Replace or add invoke answers, by token. */
    readonly invokes?: Readonly<Record<string, InvokeAnswer>>;
    /** Replace or add computed outputs, by resource type. */
    readonly resources?: Readonly<Record<string, OutputSynthesizer>>;
}

export interface MockEnvironment extends MockAccount {
    /** Outputs of this stack's last completed update, as a reference to itself reads them. @default {} (never deployed) */
    readonly lastDeployment?: Record<string, unknown>;
    /**
     * The stack being built, `<organization>/<project>/<stack>`: a reference to it reads
     * `lastDeployment`, and a reference to any other stack fails, as the engine fails one to a
     * stack that does not exist. @default any name reads `lastDeployment`
     */
    readonly stackName?: string;
    readonly overrides?: MockOverrides;
}

/**
 * Remote (multi-language) components register under mocks as one opaque resource and their
 * children never run, so their outputs must be made up here, in the shape the real component
 * returns. A remote component without an entry is refused, as an unknown invoke is. The program
 * uses none today (decision 0001: plain resources, not awsx); the GitOps tier's Helm charts may.
 */
const REMOTE_COMPONENT_OUTPUTS: Record<string, (name: string, inputs: Record<string, unknown>) => Record<string, unknown>> = {};

/** Component types that run in this process: our own, and the stack itself. */
function isLocalComponent(type: string): boolean {
    return type.startsWith("hse:") || type === "pulumi:pulumi:Stack";
}

export class PlatformMocks implements pulumi.runtime.Mocks {
    private readonly invokes: Readonly<Record<string, InvokeAnswer>>;
    private readonly outputs: Readonly<Record<string, OutputSynthesizer>>;

    constructor(private readonly env: MockEnvironment) {
        this.invokes = { ...INVOKES, ...env.overrides?.invokes };
        this.outputs = { ...RESOURCE_OUTPUTS, ...env.overrides?.resources };
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        if (args.type.startsWith("pulumi:providers:")) {
            return { id: `${args.name}-provider-id`, state: args.inputs };
        }
        if (args.type === "pulumi:pulumi:StackReference") {
            if (this.env.stackName !== undefined && args.inputs.name !== this.env.stackName) {
                throw new Error(`unknown stack "${String(args.inputs.name)}": the offline engine knows only ${this.env.stackName}`);
            }
            return { id: String(args.inputs.name), state: { name: args.inputs.name, outputs: this.env.lastDeployment ?? {}, secretOutputNames: [] } };
        }
        if (args.custom === false && !isLocalComponent(args.type)) {
            const synthesize = REMOTE_COMPONENT_OUTPUTS[args.type];
            if (!synthesize) {
                throw new Error(`The mocks cannot stand in for the remote component ${args.type}; add its outputs to REMOTE_COMPONENT_OUTPUTS in offline/mocks.ts`);
            }
            return { id: "", state: { ...args.inputs, ...synthesize(args.name, args.inputs) } };
        }
        const { kind } = parseType(args.type);
        const id = `${kind.toLowerCase().slice(0, 6)}-${shortHash(`${args.type}::${args.name}`)}`;
        // Autonaming happens in the real provider; do what it does: name, else prefix + suffix.
        const suffix = shortHash(args.name).slice(0, 7);
        const physicalName = String(
            args.inputs.name ?? args.inputs.bucket ?? args.inputs.userId ?? (args.inputs.namePrefix ?? args.inputs.bucketPrefix ? `${args.inputs.namePrefix ?? args.inputs.bucketPrefix}${suffix}` : `${args.name}-${suffix}`),
        );
        const computed = this.outputs[args.type]?.({ type: args.type, name: args.name, inputs: args.inputs, id, physicalName }, this.env) ?? {};
        return { id, state: { ...args.inputs, id, name: physicalName, arn: arnFor(args.type, physicalName, id, this.env), ...computed } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        // The project disables the default aws provider: an invoke that names none fails for real.
        if (args.token.startsWith("aws:") && !args.provider) {
            throw new Error(`The invoke ${args.token} names no provider; pass { provider } or { parent } (default providers are disabled)`);
        }
        const answer = this.invokes[args.token];
        if (!answer) {
            throw new Error(`The mocks do not answer the invoke ${args.token}; add a realistic answer to offline/invokes.ts`);
        }
        return answer(args.inputs, this.env);
    }
}

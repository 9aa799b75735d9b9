// Pulumi mocks for this program: synthesized outputs for every resource, and realistic
// answers for each invoke the program makes. An invoke nobody expected throws, so a new
// invoke cannot pass tests on an empty answer.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_PARTITION = "aws";
export const MOCK_CLOUDFRONT_PREFIX_LIST_ID = "pl-3b927c52";

export interface MockEnvironment {
    readonly region: string;
    /** Availability zones the mocked account offers in the region. */
    readonly availabilityZones: readonly string[];
}

function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** "aws:ec2/securityGroup:SecurityGroup" -> { service: "ec2", kind: "securityGroup" } */
function parseType(type: string): { service: string; kind: string } {
    const [, module = "", kind = ""] = /^[^:]+:([^/:]*)\/?([^:]*)/.exec(type) ?? [];
    return { service: module.replace(/^index$/, ""), kind };
}

type PolicyStatementInput = {
    sid?: string;
    effect?: string;
    actions?: string[];
    resources?: string[];
    principals?: { type: string; identifiers: string[] }[];
    conditions?: { test: string; variable: string; values: string[] }[];
};

/** Renders getPolicyDocument's arguments as the IAM JSON the real provider returns. */
export function renderPolicyDocument(statements: PolicyStatementInput[]): string {
    const one = (values: string[]) => (values.length === 1 ? values[0] : values);
    const statement = statements.map((s) => {
        const conditions: Record<string, Record<string, string | string[]>> = {};
        for (const c of s.conditions ?? []) {
            conditions[c.test] = { ...conditions[c.test], [c.variable]: one(c.values) };
        }
        return {
            ...(s.sid ? { Sid: s.sid } : {}),
            Effect: s.effect ?? "Allow",
            ...(s.actions ? { Action: one(s.actions) } : {}),
            ...(s.resources ? { Resource: one(s.resources) } : {}),
            ...(s.principals ? { Principal: Object.fromEntries(s.principals.map((p) => [p.type === "*" ? "AWS" : p.type, one(p.identifiers)])) } : {}),
            ...(s.conditions ? { Condition: conditions } : {}),
        };
    });
    return JSON.stringify({ Version: "2012-10-17", Statement: statement }, null, 2);
}

/**
 * Remote (multi-language) components register under mocks as one opaque resource and their
 * children never run, so their outputs must be made up here, in the shape the real component
 * returns. A remote component without an entry is refused, as an unknown invoke is.
 */
const REMOTE_COMPONENT_OUTPUTS: Record<string, (name: string, inputs: Record<string, unknown>) => Record<string, unknown>> = {
    "awsx:ec2:Vpc": (name, inputs) => {
        // awsx's default is 3 zones; subnets per tier follow the zone count.
        const zones = Array.from({ length: Number(inputs.numberOfAvailabilityZones ?? 3) }, (_, i) => i);
        const subnets = (tier: string) => zones.map((z) => `subnet-${shortHash(`${name}-${tier}-${z}`)}`);
        return { vpcId: `vpc-${shortHash(name)}`, publicSubnetIds: subnets("public"), privateSubnetIds: subnets("private"), isolatedSubnetIds: subnets("isolated") };
    },
};

/** Component types that run in this process: our own, and the stack itself. */
function isLocalComponent(type: string): boolean {
    return type.startsWith("hse:") || type === "pulumi:pulumi:Stack";
}

export class PlatformMocks implements pulumi.runtime.Mocks {
    constructor(private readonly env: MockEnvironment) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        if (args.type.startsWith("pulumi:providers:")) {
            return { id: `${args.name}-provider-id`, state: args.inputs };
        }
        if (args.custom === false && !isLocalComponent(args.type)) {
            const synthesize = REMOTE_COMPONENT_OUTPUTS[args.type];
            if (!synthesize) {
                throw new Error(`The mocks cannot stand in for the remote component ${args.type}; add its outputs to REMOTE_COMPONENT_OUTPUTS in test/harness/mocks.ts`);
            }
            return { id: "", state: { ...args.inputs, ...synthesize(args.name, args.inputs) } };
        }
        const { service, kind } = parseType(args.type);
        const id = `${kind.toLowerCase().slice(0, 6)}-${shortHash(`${args.type}::${args.name}`)}`;
        // Autonaming happens in the real provider; do what it does: name, else prefix + suffix.
        const suffix = shortHash(args.name).slice(0, 7);
        const name = args.inputs.name ?? (args.inputs.namePrefix ? `${args.inputs.namePrefix}${suffix}` : `${args.name}-${suffix}`);
        const arn = this.arnFor(service, kind, String(name), id);
        return { id, state: { ...args.inputs, id, name, arn } };
    }

    private arnFor(service: string, kind: string, name: string, id: string): string {
        const { region } = this.env;
        switch (`${service}/${kind}`) {
            case "iam/role":
                return `arn:${MOCK_PARTITION}:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
            case "cloudwatch/logGroup":
                return `arn:${MOCK_PARTITION}:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:${name}`;
            default:
                return `arn:${MOCK_PARTITION}:${service || "aws"}:${region}:${MOCK_ACCOUNT_ID}:${kind.toLowerCase()}/${id}`;
        }
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        // The project disables the default aws provider: an invoke that names none fails for real.
        if (args.token.startsWith("aws:") && !args.provider) {
            throw new Error(`The invoke ${args.token} names no provider; pass { provider } or { parent } (default providers are disabled)`);
        }
        const { region, availabilityZones } = this.env;
        switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return {
                    id: region,
                    names: [...availabilityZones],
                    zoneIds: availabilityZones.map((_, i) => `use1-az${i + 1}`),
                    groupNames: [region],
                    state: args.inputs.state,
                };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { id: MOCK_ACCOUNT_ID, accountId: MOCK_ACCOUNT_ID, arn: `arn:${MOCK_PARTITION}:iam::${MOCK_ACCOUNT_ID}:user/mock`, userId: "AIDAMOCKUSER" };
            case "aws:index/getPartition:getPartition":
                return { id: MOCK_PARTITION, partition: MOCK_PARTITION, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
            case "aws:index/getRegion:getRegion":
                return { id: region, region, name: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
            case "aws:iam/getPolicyDocument:getPolicyDocument": {
                const json = renderPolicyDocument(args.inputs.statements ?? []);
                return { id: shortHash(json), json, minifiedJson: JSON.stringify(JSON.parse(json)) };
            }
            case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
                return { id: MOCK_CLOUDFRONT_PREFIX_LIST_ID, name: args.inputs.name, addressFamily: "IPv4", maxEntries: 55, entries: [], ownerId: "AWS" };
            default:
                throw new Error(`The mocks do not answer the invoke ${args.token}; add a realistic answer to test/harness/mocks.ts`);
        }
    }
}

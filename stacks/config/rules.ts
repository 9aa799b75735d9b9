// Cross-field rules of the environment config. Each rule names the fields it reads (`needs`)
// and runs whenever those fields are valid, even if other fields are not, so that one run
// reports every problem at once.
import { z } from "zod";
import { blockContains, blocksOverlap, parseIpv4Block } from "./cidr";
import { ENDPOINTS_REQUIRED_WITHOUT_NAT, networkSchema, platformConfigSchema } from "./schema";

export interface RuleContext {
    /** Name of the stack being deployed (Pulumi.<stack>.yaml), without any org/ prefix. */
    readonly stack: string;
}

export interface RuleIssue {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

export interface CrossFieldRule {
    readonly description: string;
    readonly needs: z.ZodType;
    check(value: unknown, context: RuleContext): RuleIssue[];
}

function rule<S extends z.ZodType>(
    description: string,
    needs: S,
    check: (value: z.output<S>, context: RuleContext) => RuleIssue[],
): CrossFieldRule {
    return { description, needs, check: (value, context) => check(needs.parse(value), context) };
}

const top = platformConfigSchema.shape;
const net = networkSchema.shape;
const SUBNET_TIERS = ["publicSubnetCidrs", "privateSubnetCidrs", "databaseSubnetCidrs"] as const;
type SubnetTier = (typeof SUBNET_TIERS)[number];

function duplicates<T>(values: readonly T[]): T[] {
    return values.filter((v, i) => values.indexOf(v) !== i);
}

interface TierView {
    network: { vpcCidr: string; availabilityZones: string[] } & Record<SubnetTier, string[]>;
}

function tierNeeds(tier: SubnetTier): z.ZodType<TierView> {
    return z.object({
        network: z.object({ vpcCidr: net.vpcCidr, availabilityZones: net.availabilityZones, [tier]: net[tier] }),
    }) as unknown as z.ZodType<TierView>;
}

const onePerZone = SUBNET_TIERS.map((tier) =>
    rule(`${tier}: one subnet per availability zone`, tierNeeds(tier), (v) => {
        const cidrs = v.network[tier];
        const zones = v.network.availabilityZones;
        return cidrs.length === zones.length
            ? []
            : [
                  {
                      path: ["network", tier],
                      message: `has ${cidrs.length} CIDR(s) for ${zones.length} availability zones (${zones.join(", ")}); give exactly one per zone, in the same order`,
                  },
              ];
    }),
);

const insideVpc = SUBNET_TIERS.map((tier) =>
    rule(`${tier}: inside the VPC CIDR`, tierNeeds(tier), (v) => {
        const vpc = parseIpv4Block(v.network.vpcCidr)!;
        return v.network[tier].flatMap((cidr, index) =>
            blockContains(vpc, parseIpv4Block(cidr)!)
                ? []
                : [{ path: ["network", tier, index], message: `${cidr} is not inside the VPC CIDR ${vpc.cidr} (network.vpcCidr)` }],
        );
    }),
);

// `.catch([])` lets the overlap check run over the tiers that are valid even if one is not.
const noOverlap = rule(
    "subnets do not overlap",
    z.object({
        network: z.object({
            publicSubnetCidrs: net.publicSubnetCidrs.catch([]),
            privateSubnetCidrs: net.privateSubnetCidrs.catch([]),
            databaseSubnetCidrs: net.databaseSubnetCidrs.catch([]),
        }),
    }),
    (v) => {
        const all = SUBNET_TIERS.flatMap((tier) =>
            v.network[tier].map((cidr, index) => ({ tier, index, block: parseIpv4Block(cidr)! })),
        );
        const issues: RuleIssue[] = [];
        all.forEach((a, i) =>
            all.slice(i + 1).forEach((b) => {
                if (blocksOverlap(a.block, b.block)) {
                    issues.push({
                        path: ["network", b.tier, b.index],
                        message: `${b.block.cidr} overlaps ${a.block.cidr} (network.${a.tier}[${a.index}]); subnets must not overlap`,
                    });
                }
            }),
        );
        return issues;
    },
);

const zonesInRegion = rule(
    "availability zones belong to the region",
    z.object({ region: top.region, network: z.object({ availabilityZones: net.availabilityZones }) }),
    (v) =>
        v.network.availabilityZones.flatMap((zone, index) =>
            zone.slice(0, -1) === v.region
                ? []
                : [{ path: ["network", "availabilityZones", index], message: `${zone} is not a zone of region ${v.region} (region); zones there are named ${v.region}a, ${v.region}b, ...` }],
        ),
);

const zonesUnique = rule(
    "availability zones are distinct",
    z.object({ network: z.object({ availabilityZones: net.availabilityZones }) }),
    (v) =>
        duplicates(v.network.availabilityZones).map((zone) => ({
            path: ["network", "availabilityZones"],
            message: `lists ${zone} more than once; each tier needs one subnet in each of 2 or 3 distinct zones`,
        })),
);

const endpointsUnique = rule(
    "interface endpoints are distinct",
    z.object({ network: z.object({ interfaceEndpoints: net.interfaceEndpoints }) }),
    (v) =>
        duplicates(v.network.interfaceEndpoints).map((service) => ({
            path: ["network", "interfaceEndpoints"],
            message: `lists ${service} more than once`,
        })),
);

const noNatNeedsEndpoints = rule(
    "without NAT, tasks reach ECR and CloudWatch Logs through endpoints",
    z.object({ network: z.object({ natGateways: net.natGateways, interfaceEndpoints: net.interfaceEndpoints }) }),
    (v) => {
        if (v.network.natGateways !== "None") return [];
        const missing = ENDPOINTS_REQUIRED_WITHOUT_NAT.filter((s) => !v.network.interfaceEndpoints.includes(s));
        return missing.length === 0
            ? []
            : [{ path: ["network", "natGateways"], message: `is None, so Fargate tasks can only pull images and write logs through interface endpoints; add ${missing.join(", ")} to network.interfaceEndpoints or choose Single / OnePerAz` }];
    },
);

const environmentMatchesStack = rule("environment matches the stack name", z.object({ environment: top.environment }), (v, context) =>
    v.environment === context.stack
        ? []
        : [{ path: ["environment"], message: `is "${v.environment}" but the stack is "${context.stack}"; Pulumi.${context.stack}.yaml must deploy the environment of its own name` }],
);

const flowLogsOutsideDev = rule(
    "flow logs stay on outside dev",
    z.object({ environment: top.environment, network: z.object({ flowLogs: net.flowLogs }) }),
    (v) =>
        v.environment === "dev" || v.network.flowLogs.enabled
            ? []
            : [{ path: ["network", "flowLogs", "enabled"], message: `is false in ${v.environment}; VPC flow logs may only be switched off in dev` }],
);

const protectedInProduction = rule(
    "stateful resources are protected in production",
    z.object({ environment: top.environment, protectStatefulResources: top.protectStatefulResources }),
    (v) =>
        v.environment !== "production" || v.protectStatefulResources === "true"
            ? []
            : [{ path: ["protectStatefulResources"], message: "is false in production; production data must be protected (deletion protection, final snapshots, retain on delete)" }],
);

const servicePortsDistinct = rule(
    "service ports are distinct",
    z.object({ network: z.object({ ports: net.ports }) }),
    (v) => {
        const { http, grpc, devicesTcp } = v.network.ports;
        return duplicates([http, grpc, devicesTcp]).map((p) => ({
            path: ["network", "ports"],
            message: `uses port ${p} for more than one of http, grpc, devicesTcp; the services listen on all three at once`,
        }));
    },
);

export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
    environmentMatchesStack,
    zonesInRegion,
    zonesUnique,
    ...onePerZone,
    ...insideVpc,
    noOverlap,
    endpointsUnique,
    noNatNeedsEndpoints,
    flowLogsOutsideDev,
    protectedInProduction,
    servicePortsDistinct,
];

/** The full schema: structure plus every cross-field rule, each guarded by what it needs. */
export function schemaWithRules(context: RuleContext) {
    return CROSS_FIELD_RULES.reduce<z.ZodType>(
        (schema, r) =>
            schema.superRefine(
                (value, ctx) => {
                    for (const issue of r.check(value, context)) {
                        ctx.addIssue({ code: "custom", path: [...issue.path], message: issue.message });
                    }
                },
                { when: (payload) => r.needs.safeParse(payload.value).success },
            ),
        platformConfigSchema,
    );
}

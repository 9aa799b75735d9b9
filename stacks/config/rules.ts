// Cross-field rules of the environment config. Each rule names the fields it reads (`needs`)
// and runs whenever those fields are valid, even if other fields are not, so that one run
// reports every problem at once.
import { z } from "zod";
import { blockContains, blocksOverlap, parseIpv4Block } from "./cidr";
import { ENDPOINTS_REQUIRED_WITHOUT_NAT, networkSchema, platformConfigSchema, ZONE_PATTERN } from "./schema";

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

function duplicates<T>(values: readonly T[]): T[] {
    return values.filter((v, i) => values.indexOf(v) !== i);
}

// Rules read lists element by element and skip elements the schema already refuses, so one
// malformed CIDR never hides another problem in the same list.
const anyList = z.array(z.unknown());

/** The list of one subnet tier, or undefined when it is not a list (the schema reports that). */
function tierList(network: Record<string, unknown>, tier: (typeof SUBNET_TIERS)[number]): unknown[] | undefined {
    const list = network[tier];
    return Array.isArray(list) ? list : undefined;
}

/** The valid CIDR blocks of a list, with their positions. */
function blocksOf(values: readonly unknown[]) {
    return values.flatMap((value, index) => {
        const block = typeof value === "string" ? parseIpv4Block(value) : undefined;
        return block ? [{ index, block }] : [];
    });
}

const onePerZone = SUBNET_TIERS.map((tier) =>
    rule(
        `${tier}: one subnet per availability zone`,
        z.object({ network: z.looseObject({ availabilityZones: anyList }) }),
        (v) => {
            const cidrs = tierList(v.network, tier);
            const zones = v.network.availabilityZones;
            return cidrs === undefined || cidrs.length === zones.length
                ? []
                : [{ path: ["network", tier], message: `has ${cidrs.length} CIDR(s) for ${zones.length} availability zones (${zones.join(", ")}); give exactly one per zone, in the same order` }];
        },
    ),
);

const insideVpc = SUBNET_TIERS.map((tier) =>
    rule(
        `${tier}: inside the VPC CIDR`,
        z.object({ network: z.looseObject({ vpcCidr: net.vpcCidr }) }),
        (v) => {
            const vpc = parseIpv4Block(v.network.vpcCidr)!;
            return blocksOf(tierList(v.network, tier) ?? [])
                .filter(({ block }) => !blockContains(vpc, block))
                .map(({ index, block }) => ({ path: ["network", tier, index], message: `${block.cidr} is not inside the VPC CIDR ${vpc.cidr} (network.vpcCidr)` }));
        },
    ),
);

const noOverlap = rule(
    "subnets do not overlap",
    z.object({
        network: z.object({
            publicSubnetCidrs: anyList.catch([]),
            privateSubnetCidrs: anyList.catch([]),
            databaseSubnetCidrs: anyList.catch([]),
        }),
    }),
    (v) => {
        const all = SUBNET_TIERS.flatMap((tier) => blocksOf(v.network[tier]).map((b) => ({ tier, ...b })));
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

/** The list at `path` of a value whose `needs` (listNeeds) has checked it is one. */
function listAt(value: unknown, path: readonly string[]): unknown[] {
    return path.reduce((node, key) => (node as Record<string, unknown>)[key], value) as unknown[];
}

function listNeeds(path: readonly string[]): z.ZodType {
    return path.reduceRight<z.ZodType>((inner, key) => z.object({ [key]: inner }), anyList);
}

/** No entry twice in the list at `path`; entries the schema refuses are left to it. */
function distinctEntries(path: readonly string[], why = ""): CrossFieldRule {
    return rule(`${path.join(".")} has no duplicates`, listNeeds(path), (v) =>
        duplicates(listAt(v, path).filter((e): e is string => typeof e === "string")).map((entry) => ({
            path,
            message: `lists ${entry} more than once${why}`,
        })),
    );
}

const SAME_RULE_NAME = "; two equal CIDRs would give two security-group rules the same name";

const zonesInRegion = rule(
    "availability zones belong to the region",
    z.object({ region: top.region, network: z.object({ availabilityZones: anyList }) }),
    (v) =>
        v.network.availabilityZones.flatMap((zone, index) =>
            // Malformed names are the schema's to report; only well-formed ones are checked here.
            typeof zone !== "string" || !ZONE_PATTERN.test(zone) || zone.slice(0, -1) === v.region
                ? []
                : [{ path: ["network", "availabilityZones", index], message: `${zone} is not a zone of region ${v.region} (region); zones there are named ${v.region}a, ${v.region}b, ...` }],
        ),
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
    z.object({ environment: top.environment, network: z.object({ flowLogs: z.object({ enabled: net.flowLogs.shape.enabled }) }) }),
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
    distinctEntries(["network", "availabilityZones"], "; each tier needs one subnet in each of 2 or 3 distinct zones"),
    ...onePerZone,
    ...insideVpc,
    noOverlap,
    distinctEntries(["network", "albIngress", "cidrs"], SAME_RULE_NAME),
    distinctEntries(["network", "devicesIngressCidrs"], SAME_RULE_NAME),
    distinctEntries(["network", "interfaceEndpoints"]),
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

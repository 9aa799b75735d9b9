// The network section (`hse-platform:network`): VPC, subnets per zone, NAT, endpoints, flow
// logs and who may reach the load balancers. Paths in its rules are relative to the section.
import { z } from "zod";
import { FLOW_LOG_AGGREGATION_INTERVALS, FLOW_LOG_DEFAULTS, FLOW_LOG_TRAFFIC_TYPES } from "../../components/network/flow-logs";
import { NAT_GATEWAY_STRATEGIES, ZoneLayout } from "../../components/network/network-layout";
import { SERVICE_INTERNET_EGRESS_MODES } from "../../components/network/security-group-matrix";
import { ENDPOINTS_REQUIRED_WITHOUT_NAT, INTERFACE_ENDPOINT_SERVICES } from "../../components/network/vpc-endpoints";
import { blockContains, blocksOverlap, parseIpv4Block } from "./cidr";
import { cidr, logRetentionDays, port, typeError, vpcRangeCidr } from "./fields";
import { ZONE_PATTERN } from "./platform";
import { anyList, defineSection, distinctEntries, duplicates, RuleIssue, sectionRule } from "./section";

export const SUBNET_TIERS = ["publicSubnetCidrs", "privateSubnetCidrs", "databaseSubnetCidrs"] as const;
export type SubnetTierKey = (typeof SUBNET_TIERS)[number];

/** Ports the services listen on; the network's security groups open them. */
export const SERVICE_PORT_DEFAULTS = { http: 8080, grpc: 50051, devicesTcp: 5000 } as const;

const subnetCidrs = (tier: string) =>
    z
        .array(vpcRangeCidr(`${tier} subnet`), typeError(`must be a list of ${tier} subnet CIDRs, one per availability zone`))
        .describe(`${tier[0].toUpperCase()}${tier.slice(1)} subnet CIDRs, one per zone in zone order.`);

const flowLogsSchema = z
    .strictObject({
        enabled: z.boolean().default(true).describe("VPC flow logs on; may be false in dev only."),
        retentionInDays: logRetentionDays.describe("Days CloudWatch Logs keeps the flow records."),
        trafficType: z
            .enum(FLOW_LOG_TRAFFIC_TYPES)
            .default(FLOW_LOG_DEFAULTS.trafficType)
            .describe("Which flows are logged."),
        maxAggregationIntervalSeconds: z
            .literal(FLOW_LOG_AGGREGATION_INTERVALS, { error: `must be one of ${FLOW_LOG_AGGREGATION_INTERVALS.join(", ")} (seconds)` })
            .default(FLOW_LOG_DEFAULTS.maxAggregationIntervalSeconds)
            .describe("Seconds over which a flow is aggregated into one record."),
    })
    .describe("VPC flow logs to CloudWatch Logs.");

const albIngressSchema = z
    .discriminatedUnion(
        "source",
        [
            z.strictObject({
                source: z.literal("cidrs"),
                cidrs: z.array(cidr("ALB ingress")).min(1).describe("Networks that may reach the ALB on 443 and 80."),
            }),
            // Only CloudFront's origin-facing servers reach the ALB (AWS-managed prefix list).
            z.strictObject({ source: z.literal("cloudfront") }),
        ],
        { error: "must be {source: cidrs, cidrs: [...]} or {source: cloudfront}" },
    )
    .describe("Who may reach the ALB: `{source: cidrs, cidrs: [...]}` (443 and 80), or `{source: cloudfront}` (443 from CloudFront's origin-facing prefix list only).");

const portsSchema = z
    .strictObject({
        http: port.default(SERVICE_PORT_DEFAULTS.http).describe("HTTP port of both services, target of the ALB."),
        grpc: port.default(SERVICE_PORT_DEFAULTS.grpc).describe("gRPC between the monolith and the devices service."),
        devicesTcp: port.default(SERVICE_PORT_DEFAULTS.devicesTcp).describe("Raw TCP port the devices connect to, through the NLB."),
    })
    .prefault({})
    .describe("Service ports the security groups open; must differ from each other.");

export const networkSchema = z
    .strictObject({
        vpcCidr: vpcRangeCidr("VPC").describe("VPC range (seed: 10.0.0.0/16)."),
        availabilityZones: z
            .array(z.string().regex(ZONE_PATTERN, "must be an availability zone name such as us-east-1a").meta({ "x-type": "zone name" }), typeError("must be a list of 2 or 3 availability zone names"))
            .min(2, "needs 2 or 3 availability zones: RDS subnet groups and load balancers require at least 2")
            .max(3, "needs 2 or 3 availability zones; more only adds NAT and endpoint cost here")
            .describe("2 or 3 distinct zones of `region`, available in the account."),
        publicSubnetCidrs: subnetCidrs("public"),
        privateSubnetCidrs: subnetCidrs("private"),
        databaseSubnetCidrs: subnetCidrs("database"),
        natGateways: z
            .enum(NAT_GATEWAY_STRATEGIES)
            .describe(`NAT gateways: None, Single (one, shared) or OnePerAz. None needs the ${ENDPOINTS_REQUIRED_WITHOUT_NAT.join(", ")} endpoints.`),
        flowLogs: flowLogsSchema,
        interfaceEndpoints: z
            .array(
                z.enum(INTERFACE_ENDPOINT_SERVICES),
                typeError("must be a list of interface endpoint services"),
            )
            .default([])
            .describe("Interface endpoints in the private subnets (tasks reach these AWS APIs without NAT)."),
        albIngress: albIngressSchema,
        devicesIngressCidrs: z
            .array(cidr("devices ingress"), typeError("must be a list of CIDRs"))
            .min(1)
            .default(["0.0.0.0/0"])
            .describe("Who may open device TCP connections to the NLB."),
        serviceInternetEgress: z
            .enum(SERVICE_INTERNET_EGRESS_MODES)
            .default("https")
            .describe("Services' egress outside the VPC: `https` (TCP 443, plus an external TimescaleDB's port) or `all` (the seed's all traffic; dev only)."),
        ports: portsSchema,
    })
    .describe("VPC, subnets, NAT, endpoints, flow logs, security-group matrix (seed 10.2.5).");

type ParsedNetwork = z.output<typeof networkSchema>;

export interface NetworkSettings extends Omit<ParsedNetwork, "availabilityZones" | SubnetTierKey> {
    readonly zones: readonly ZoneLayout[];
}

const net = networkSchema.shape;

/** The list of one subnet tier, or undefined when it is not a list (the schema reports that). */
function tierList(network: Record<string, unknown>, tier: SubnetTierKey): unknown[] | undefined {
    const list = network[tier];
    return Array.isArray(list) ? list : undefined;
}

/** The valid CIDR blocks of a list, with their positions; other entries are the schema's. */
function blocksOf(values: readonly unknown[]) {
    return values.flatMap((value, index) => {
        const block = typeof value === "string" ? parseIpv4Block(value) : undefined;
        return block ? [{ index, block }] : [];
    });
}

const onePerZone = SUBNET_TIERS.map((tier) =>
    sectionRule({
        description: `${tier}: one subnet per availability zone`,
        needs: z.looseObject({ availabilityZones: anyList }),
        check: (v) => {
            const cidrs = tierList(v, tier);
            const zones = v.availabilityZones;
            return cidrs === undefined || cidrs.length === zones.length
                ? []
                : [{ path: [tier], message: `has ${cidrs.length} CIDR(s) for ${zones.length} availability zones (${zones.join(", ")}); give exactly one per zone, in the same order` }];
        },
    }),
);

const insideVpc = SUBNET_TIERS.map((tier) =>
    sectionRule({
        description: `${tier}: inside the VPC CIDR`,
        needs: z.looseObject({ vpcCidr: net.vpcCidr }),
        check: (v) => {
            const vpc = parseIpv4Block(v.vpcCidr)!;
            return blocksOf(tierList(v, tier) ?? [])
                .filter(({ block }) => !blockContains(vpc, block))
                .map(({ index, block }) => ({ path: [tier, index], message: `${block.cidr} is not inside the VPC CIDR ${vpc.cidr} (network.vpcCidr)` }));
        },
    }),
);

const noOverlap = sectionRule({
    description: "subnets do not overlap",
    needs: z.object({
        publicSubnetCidrs: anyList.catch([]),
        privateSubnetCidrs: anyList.catch([]),
        databaseSubnetCidrs: anyList.catch([]),
    }),
    check: (v) => {
        const all = SUBNET_TIERS.flatMap((tier) => blocksOf(v[tier]).map((b) => ({ tier, ...b })));
        const issues: RuleIssue[] = [];
        all.forEach((a, i) =>
            all.slice(i + 1).forEach((b) => {
                if (blocksOverlap(a.block, b.block)) {
                    issues.push({ path: [b.tier, b.index], message: `${b.block.cidr} overlaps ${a.block.cidr} (network.${a.tier}[${a.index}]); subnets must not overlap` });
                }
            }),
        );
        return issues;
    },
});

const zonesInRegion = sectionRule({
    description: "availability zones belong to the region",
    reads: ["region"],
    needs: z.object({ availabilityZones: anyList }),
    check: (v, { region }) =>
        v.availabilityZones.flatMap((zone, index) =>
            // Malformed names are the schema's to report; only well-formed ones are checked here.
            typeof zone !== "string" || !ZONE_PATTERN.test(zone) || zone.slice(0, -1) === region
                ? []
                : [{ path: ["availabilityZones", index], message: `${zone} is not a zone of region ${region} (region); zones there are named ${region}a, ${region}b, ...` }],
        ),
});

/**
 * The private address ranges of RFC 1918, the ones the Amazon VPC user guide ("VPC CIDR blocks")
 * recommends: a VPC on public addresses would shadow those hosts on the internet for every task.
 */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

const vpcInPrivateRange = sectionRule({
    description: "the VPC is in a private (RFC 1918) range",
    needs: z.object({ vpcCidr: net.vpcCidr }),
    check: (v) => {
        const vpc = parseIpv4Block(v.vpcCidr)!;
        return PRIVATE_RANGES.some((range) => blockContains(parseIpv4Block(range)!, vpc))
            ? []
            : [{ path: ["vpcCidr"], message: `${vpc.cidr} is not inside a private range (RFC 1918: ${PRIVATE_RANGES.join(", ")}); traffic to those public addresses would stay in the VPC` }];
    },
});

/**
 * Ports Security Hub EC2.13 and EC2.14 forbid to open to the whole internet (remote
 * administration: SSH and RDP); scanners try them first.
 */
export const ADMIN_PORTS: Readonly<Record<number, string>> = { 22: "SSH (Security Hub EC2.13)", 3389: "RDP (Security Hub EC2.14)" };

const devicesPortNotAdmin = sectionRule({
    description: "the devices' port open to the internet is not a remote-administration port",
    needs: z.object({ ports: net.ports, devicesIngressCidrs: net.devicesIngressCidrs }),
    check: (v) => {
        const port = v.ports.devicesTcp;
        const open = v.devicesIngressCidrs.find((c) => parseIpv4Block(c)?.prefixLength === 0);
        return ADMIN_PORTS[port] !== undefined && open !== undefined
            ? [{ path: ["ports", "devicesTcp"], message: `is ${port}, the ${ADMIN_PORTS[port]} port, and devicesIngressCidrs opens it to ${open}; choose another port for the devices, or list only the devices' networks` }]
            : [];
    },
});

const noNatNeedsEndpoints = sectionRule({
    description: "without NAT, tasks and functions reach the AWS APIs they call through endpoints",
    needs: z.object({ natGateways: net.natGateways, interfaceEndpoints: net.interfaceEndpoints }),
    check: (v) => {
        if (v.natGateways !== "None") return [];
        const missing = ENDPOINTS_REQUIRED_WITHOUT_NAT.filter((s) => !v.interfaceEndpoints.includes(s));
        return missing.length === 0
            ? []
            : [{ path: ["natGateways"], message: `is None, so tasks (images, logs, secrets) and the rotation functions (Secrets Manager, ECS, ElastiCache) reach AWS only through interface endpoints; add ${missing.join(", ")} to network.interfaceEndpoints or choose Single / OnePerAz` }];
    },
});

const flowLogsOutsideDev = sectionRule({
    description: "flow logs stay on outside dev",
    reads: ["environment"],
    needs: z.object({ flowLogs: z.object({ enabled: net.flowLogs.shape.enabled }) }),
    check: (v, { environment }) =>
        environment === "dev" || v.flowLogs.enabled
            ? []
            : [{ path: ["flowLogs", "enabled"], message: `is false in ${environment}; VPC flow logs may only be switched off in dev` }],
});

const allEgressOnlyInDev = sectionRule({
    description: "the services' all-traffic egress (the seed's) stays in dev",
    reads: ["environment"],
    needs: z.object({ serviceInternetEgress: net.serviceInternetEgress }),
    check: (v, { environment }) =>
        environment === "dev" || v.serviceInternetEgress !== "all"
            ? []
            : [{ path: ["serviceInternetEgress"], message: `is all in ${environment}; outside dev the services reach the internet on HTTPS (443) only: set it to https (decision 0029)` }],
});

const servicePortsDistinct = sectionRule({
    description: "service ports are distinct",
    needs: z.object({ ports: net.ports }),
    check: (v) => {
        const { http, grpc, devicesTcp } = v.ports;
        return duplicates([http, grpc, devicesTcp]).map((p) => ({
            path: ["ports"],
            message: `uses port ${p} for more than one of http, grpc, devicesTcp; the services listen on all three at once`,
        }));
    },
});

const SAME_RULE_NAME = "; two equal CIDRs would give two security-group rules the same name";

export const networkSection = defineSection({
    key: "network",
    summary: "VPC, subnets, NAT, endpoints, flow logs and the security-group matrix (seed 10.2.5).",
    schema: networkSchema,
    rules: [
        zonesInRegion,
        distinctEntries(["availabilityZones"], "; each tier needs one subnet in each of 2 or 3 distinct zones"),
        ...onePerZone,
        ...insideVpc,
        noOverlap,
        distinctEntries(["albIngress", "cidrs"], SAME_RULE_NAME),
        distinctEntries(["devicesIngressCidrs"], SAME_RULE_NAME),
        distinctEntries(["interfaceEndpoints"]),
        noNatNeedsEndpoints,
        flowLogsOutsideDev,
        allEgressOnlyInDev,
        servicePortsDistinct,
        vpcInPrivateRange,
        devicesPortNotAdmin,
    ],
    derive: (parsed): NetworkSettings => {
        const { availabilityZones, publicSubnetCidrs, privateSubnetCidrs, databaseSubnetCidrs, ...rest } = parsed;
        return {
            ...rest,
            zones: availabilityZones.map((availabilityZone, i) => ({
                availabilityZone,
                publicSubnetCidr: publicSubnetCidrs[i],
                privateSubnetCidr: privateSubnetCidrs[i],
                databaseSubnetCidr: databaseSubnetCidrs[i],
            })),
        };
    },
});

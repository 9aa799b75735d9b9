// The one schema of an environment's configuration (Pulumi.<env>.yaml), written with zod so
// that every structural problem is reported at once. Cross-field rules live in rules.ts.
//
// Room for what comes next: services, postgres, timescale, redis, secrets, gitops and
// observability become further sections of `platformConfigSchema`, each its own schema in
// this folder. Until a section exists, its key is reported as unknown, never ignored.
import { z } from "zod";
import { NAT_GATEWAY_STRATEGIES } from "../../components/network-layout";
import { INTERFACE_ENDPOINT_SERVICES, InterfaceEndpointService } from "../../components/vpc-endpoints";
import { parseIpv4Block } from "./cidr";

export const ENVIRONMENTS = ["dev", "staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];


/**
 * The only values CloudWatch Logs accepts for a log group's retention.
 * Source: CloudWatch Logs API reference, PutRetentionPolicy, `retentionInDays`.
 */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
] as const;


/** What an ECS task needs to start with no NAT: pull from ECR and ship its logs. */
export const ENDPOINTS_REQUIRED_WITHOUT_NAT: readonly InterfaceEndpointService[] = [
    "ecr.api",
    "ecr.dkr",
    "logs",
];

// AWS accepts VPC and subnet CIDRs from /16 to /28 (Amazon VPC user guide, "VPC CIDR blocks").
const MIN_PREFIX = 16;
const MAX_PREFIX = 28;

const REGION_NAME = "[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d";
const REGION_PATTERN = new RegExp(`^${REGION_NAME}$`);
/** A zone is its region's name and one letter: us-east-1a. */
export const ZONE_PATTERN = new RegExp(`^${REGION_NAME}[a-z]$`);
// Tag values: up to 256 Unicode letters, digits, spaces and _ . : / = + - @ (AWS tagging rules).
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

function cidr(kind: string) {
    return z.string().check((ctx) => {
        const block = parseIpv4Block(ctx.value);
        if (!block) {
            ctx.issues.push({
                code: "custom",
                input: ctx.value,
                message: `${JSON.stringify(ctx.value)} is not a valid IPv4 ${kind} CIDR; write the network address and prefix, e.g. 10.0.0.0/16 (no host bits set)`,
            });
        }
    });
}

function awsCidr(kind: string) {
    return cidr(kind).check((ctx) => {
        const block = parseIpv4Block(ctx.value);
        if (block && (block.prefixLength < MIN_PREFIX || block.prefixLength > MAX_PREFIX)) {
            ctx.issues.push({
                code: "custom",
                input: ctx.value,
                message: `${ctx.value} has prefix /${block.prefixLength}; AWS allows ${kind} CIDRs from /${MIN_PREFIX} to /${MAX_PREFIX}`,
            });
        }
    });
}

const port = z.int().min(1).max(65535);

const tagValue = z
    .string({ error: "is required: a tag value (1-256 letters, digits, spaces or _ . : / = + - @)" })
    .regex(TAG_VALUE_PATTERN, "must be 1-256 letters, digits, spaces or _ . : / = + - @ (AWS tag value rules)");

const subnetCidrs = (tier: string) =>
    z.array(awsCidr(`${tier} subnet`), { error: `must be a list of ${tier} subnet CIDRs, one per availability zone` });

export const flowLogsSchema = z.strictObject({
    /** @default true. Outside dev flow logs cannot be switched off (rules.ts). */
    enabled: z.boolean().default(true),
    /** Days CloudWatch keeps the flow log records; one of LOG_RETENTION_DAYS. */
    retentionInDays: z.literal(LOG_RETENTION_DAYS, {
        error: `must be one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
    }),
    /** @default "ALL" - accepted and rejected traffic. */
    trafficType: z.enum(["ALL", "ACCEPT", "REJECT"]).default("ALL"),
    /** @default 600 - seconds over which a flow is aggregated into one record (60 or 600). */
    maxAggregationIntervalSeconds: z.literal([60, 600]).default(600),
});

export const albIngressSchema = z.discriminatedUnion(
    "source",
    [
        z.strictObject({
            source: z.literal("cidrs"),
            cidrs: z.array(cidr("ALB ingress")).min(1),
        }),
        // Only CloudFront's origin-facing servers reach the ALB (AWS-managed prefix list).
        z.strictObject({ source: z.literal("cloudfront") }),
    ],
    { error: 'must be {source: cidrs, cidrs: [...]} or {source: cloudfront}' },
);

export const portsSchema = z
    .strictObject({
        /** @default 8080 - HTTP port of both services, target of the ALB. */
        http: port.default(8080),
        /** @default 50051 - gRPC between the monolith and the devices service. */
        grpc: port.default(50051),
        /** @default 5000 - raw TCP port the devices connect to, through the NLB. */
        devicesTcp: port.default(5000),
        /** @default 5432 */
        postgres: port.default(5432),
        /** @default 6379 */
        redis: port.default(6379),
    })
    .default({ http: 8080, grpc: 50051, devicesTcp: 5000, postgres: 5432, redis: 6379 });

export const networkSchema = z.strictObject({
    vpcCidr: awsCidr("VPC"),
    availabilityZones: z
        .array(z.string().regex(ZONE_PATTERN, "must be an availability zone name such as us-east-1a"))
        .min(2, "needs 2 or 3 availability zones: RDS subnet groups and load balancers require at least 2")
        .max(3, "needs 2 or 3 availability zones; more only adds NAT and endpoint cost here"),
    publicSubnetCidrs: subnetCidrs("public"),
    privateSubnetCidrs: subnetCidrs("private"),
    databaseSubnetCidrs: subnetCidrs("database"),
    natGateways: z.enum(NAT_GATEWAY_STRATEGIES, {
        error: `must be one of ${NAT_GATEWAY_STRATEGIES.join(", ")}`,
    }),
    flowLogs: flowLogsSchema,
    /** @default [] - no interface endpoints; tasks reach AWS APIs through NAT. */
    interfaceEndpoints: z
        .array(z.enum(INTERFACE_ENDPOINT_SERVICES, { error: `must be one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}` }))
        .default([]),
    albIngress: albIngressSchema,
    /** @default ["0.0.0.0/0"] - devices connect from anywhere on the internet. */
    devicesIngressCidrs: z.array(cidr("devices ingress")).min(1).default(["0.0.0.0/0"]),
    /**
     * What the services may reach outside the VPC. "all" is the seed's rule (all traffic to
     * 0.0.0.0/0); "https" allows only TCP 443.
     * @default "all"
     */
    serviceInternetEgress: z.enum(["all", "https"]).default("all"),
    ports: portsSchema,
});

/**
 * Pulumi passes top-level scalars as strings, so booleans arrive as "true" / "false"; derive.ts
 * turns them into booleans. (Not z.stringbool: a failing transform stops zod from running the
 * cross-field rules, and every problem must be reported at once.)
 */
const configBoolean = z.enum(["true", "false"], { error: "must be true or false" });

export const platformConfigSchema = z.strictObject({
    environment: z.enum(ENVIRONMENTS, { error: `must be one of ${ENVIRONMENTS.join(", ")}` }),
    region: z
        .string({ error: "is required: the AWS region, e.g. us-east-1" })
        .regex(REGION_PATTERN, "must be an AWS region name such as us-east-1"),
    costCenter: tagValue,
    owner: tagValue,
    /** Deletion protection, final snapshots and retain-on-delete for stateful resources. */
    protectStatefulResources: configBoolean,
    network: networkSchema,
});

export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
export type ParsedPlatformConfig = z.output<typeof platformConfigSchema>;
export type ParsedNetworkConfig = z.output<typeof networkSchema>;

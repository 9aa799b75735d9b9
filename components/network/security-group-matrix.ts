// The security-group matrix of seed 10.2.5 as data: which group may talk to which, on which
// port. Pure, so the matrix itself is unit-tested; security-groups.ts turns it into resources.

export const SECURITY_GROUPS = ["alb", "nlb", "services", "database", "redis", "data-functions", "database-host"] as const;
export type SecurityGroupKey = (typeof SECURITY_GROUPS)[number];

export interface ServicePorts {
    /** HTTP port of both services, target of the ALB. */
    readonly http: number;
    /** gRPC between the monolith and the devices service. */
    readonly grpc: number;
    /** Raw TCP port the devices connect to, through the NLB. */
    readonly devicesTcp: number;
    readonly postgres: number;
    /** TimescaleDB, behind the same database group as PostgreSQL (the same port, or another). */
    readonly timescale: number;
    readonly redis: number;
}

/** Who may reach the ALB: configured CIDRs, or CloudFront only. */
export const ALB_INGRESS_SOURCES = ["cidrs", "cloudfront"] as const;

/**
 * What the services may reach outside the VPC: all traffic (the seed, dev only) or TCP 443 only
 * (staging and production; decision 0029).
 */
export const SERVICE_INTERNET_EGRESS_MODES = ["all", "https"] as const;
export type ServiceInternetEgress = (typeof SERVICE_INTERNET_EGRESS_MODES)[number];

export type AlbIngress =
    | { readonly source: "cidrs"; readonly cidrs: readonly string[] }
    /** Only CloudFront's origin-facing servers (the AWS-managed prefix list). */
    | { readonly source: "cloudfront" };

export interface MatrixArgs {
    readonly ports: ServicePorts;
    readonly albIngress: AlbIngress;
    /** Where devices may open TCP connections to the NLB from. */
    readonly devicesIngressCidrs: readonly string[];
    /** "all": all traffic to 0.0.0.0/0 (the seed); "https": TCP 443 only. */
    readonly serviceInternetEgress: ServiceInternetEgress;
    /**
     * The port of an external (managed) TimescaleDB, outside the VPC, when there is one. Its
     * addresses are the provider's and may change, so HTTPS-only egress opens this one port to
     * the internet as well: the data-store port the devices service needs, and no other.
     */
    readonly externalTimescalePort?: number;
}

export type Peer =
    | { readonly kind: "cidr"; readonly cidr: string }
    | { readonly kind: "group"; readonly group: SecurityGroupKey }
    | { readonly kind: "cloudfront" };

export interface RuleSpec {
    readonly group: SecurityGroupKey;
    readonly direction: "ingress" | "egress";
    /** TCP port; undefined means all traffic (every protocol and port). */
    readonly port?: number;
    readonly peer: Peer;
    readonly description: string;
}

const HTTPS = 443;
const HTTP = 80;
/** The ports the database group opens: PostgreSQL's and TimescaleDB's, once each. */
function databasePorts(ports: ServicePorts): number[] {
    return [...new Set([ports.postgres, ports.timescale])];
}
const INTERNET = "0.0.0.0/0";

function albIngressRules(ingress: AlbIngress): RuleSpec[] {
    if (ingress.source === "cloudfront") {
        // The CloudFront prefix list weighs 55 rules against the 60-rule quota of a group
        // (Amazon VPC user guide, "AWS-managed prefix list weight"), so it gets one rule:
        // CloudFront reaches the origin over HTTPS; HTTP->HTTPS redirects happen at the edge.
        return [{ group: "alb", direction: "ingress", port: HTTPS, peer: { kind: "cloudfront" }, description: "HTTPS from CloudFront origin-facing servers" }];
    }
    return ingress.cidrs.flatMap((cidr): RuleSpec[] => [
        { group: "alb", direction: "ingress", port: HTTPS, peer: { kind: "cidr", cidr }, description: `HTTPS from ${cidr}` },
        { group: "alb", direction: "ingress", port: HTTP, peer: { kind: "cidr", cidr }, description: `HTTP from ${cidr}, redirected to HTTPS by the listener` },
    ]);
}

function serviceInternetRules(args: MatrixArgs): RuleSpec[] {
    const internet: Peer = { kind: "cidr", cidr: INTERNET };
    if (args.serviceInternetEgress === "all") {
        return [{ group: "services", direction: "egress", peer: internet, description: "All traffic to the internet (through NAT or endpoints)" }];
    }
    // 443 covers the interface endpoints (inside the VPC), the S3 gateway endpoint's prefix
    // list and the APIs reached through NAT (New Relic, AWS outside the endpoints).
    const https: RuleSpec = { group: "services", direction: "egress", port: HTTPS, peer: internet, description: "HTTPS to the VPC endpoints, AWS APIs and the internet" };
    const port = args.externalTimescalePort;
    return port === undefined || port === HTTPS
        ? [https]
        : [https, { group: "services", direction: "egress", port, peer: internet, description: `TimescaleDB ${port} to the external (managed) TimescaleDB service` }];
}

/** Every rule of the matrix. Groups not named as `group` here have no rule in that direction. */
export function securityGroupRules(args: MatrixArgs): RuleSpec[] {
    const { http, grpc, devicesTcp, redis } = args.ports;
    const services: Peer = { kind: "group", group: "services" };
    const database: Peer = { kind: "group", group: "database" };
    const functions: Peer = { kind: "group", group: "data-functions" };
    const internet: Peer = { kind: "cidr", cidr: INTERNET };
    return [
        ...albIngressRules(args.albIngress),
        { group: "alb", direction: "egress", port: http, peer: services, description: `HTTP ${http} to the service tasks (targets and health checks)` },

        ...args.devicesIngressCidrs.map((cidr): RuleSpec => ({
            group: "nlb", direction: "ingress", port: devicesTcp, peer: { kind: "cidr", cidr }, description: `Device TCP connections from ${cidr}`,
        })),
        { group: "nlb", direction: "egress", port: devicesTcp, peer: services, description: `Device TCP ${devicesTcp} to the devices tasks` },
        { group: "nlb", direction: "egress", port: http, peer: services, description: `Health checks of the devices tasks on HTTP ${http}` },

        { group: "services", direction: "ingress", port: http, peer: { kind: "group", group: "alb" }, description: `HTTP ${http} from the ALB` },
        { group: "services", direction: "ingress", port: grpc, peer: services, description: `gRPC ${grpc} between the services` },
        { group: "services", direction: "ingress", port: devicesTcp, peer: { kind: "group", group: "nlb" }, description: `Device TCP ${devicesTcp} from the NLB` },
        { group: "services", direction: "ingress", port: http, peer: { kind: "group", group: "nlb" }, description: `Health checks on HTTP ${http} from the NLB` },
        { group: "services", direction: "egress", port: grpc, peer: services, description: `gRPC ${grpc} between the services` },
        ...databasePorts(args.ports).map((port): RuleSpec => ({ group: "services", direction: "egress", port, peer: database, description: `PostgreSQL / TimescaleDB ${port} to the databases` })),
        { group: "services", direction: "egress", port: redis, peer: { kind: "group", group: "redis" }, description: `Redis ${redis} to the cache` },
        ...serviceInternetRules(args),

        // The data tier only answers: no egress rule at all.
        ...databasePorts(args.ports).flatMap((port): RuleSpec[] => [
            { group: "database", direction: "ingress", port, peer: services, description: `PostgreSQL / TimescaleDB ${port} from the service tasks` },
            { group: "database", direction: "ingress", port, peer: functions, description: `PostgreSQL / TimescaleDB ${port} from the data tier's bootstrap and rotation functions` },
        ]),
        { group: "redis", direction: "ingress", port: redis, peer: services, description: `Redis ${redis} from the service tasks` },
        { group: "redis", direction: "ingress", port: redis, peer: functions, description: `Redis ${redis} from the cache user's rotation, which logs in with the new password` },

        // The data tier's functions: the databases, and AWS APIs over HTTPS (Secrets Manager, RDS, ElastiCache, ECS).
        ...databasePorts(args.ports).map((port): RuleSpec => ({ group: "data-functions", direction: "egress", port, peer: database, description: `PostgreSQL / TimescaleDB ${port} to the databases` })),
        { group: "data-functions", direction: "egress", port: redis, peer: { kind: "group", group: "redis" }, description: `Redis ${redis} to the cache (the rotation's login test)` },
        { group: "data-functions", direction: "egress", port: HTTPS, peer: internet, description: "HTTPS to AWS APIs (Secrets Manager, RDS, ElastiCache, ECS)" },

        // The self-managed TimescaleDB host (also in the database group): packages, SSM, Secrets Manager, S3.
        { group: "database-host", direction: "egress", port: HTTPS, peer: internet, description: "HTTPS to package repositories and AWS APIs (SSM, Secrets Manager, S3)" },
        { group: "database-host", direction: "egress", port: HTTP, peer: internet, description: "HTTP to the Ubuntu archive mirrors (packages are signature-checked)" },
    ];
}

/** A stable, readable resource name for a rule: its identity, never its position. */
export function ruleName(prefix: string, rule: RuleSpec): string {
    const peer = rule.peer.kind === "cidr" ? rule.peer.cidr.replace(/[./]/g, "-") : rule.peer.kind === "group" ? rule.peer.group : "cloudfront";
    return `${prefix}-${rule.group}-${rule.direction === "ingress" ? "in" : "out"}-${rule.port ?? "all"}-${peer}`;
}

// The security-group matrix of seed 10.2.5 as data: which group may talk to which, on which
// port. Pure, so the matrix itself is unit-tested; security-groups.ts turns it into resources.

export const SECURITY_GROUPS = ["alb", "nlb", "services", "database", "redis", "data-functions", "database-host"] as const;
export type SecurityGroupKey = (typeof SECURITY_GROUPS)[number];
/** A service's own group (decision 0039): `service-<name>`, apart from every fixed key. */
export type ServiceGroupKey = `service-${string}`;
export type GroupKey = SecurityGroupKey | ServiceGroupKey;

export function serviceGroupKey(service: string): ServiceGroupKey {
    return `service-${service}`;
}

/** The data stores a service can be given access to, by the secret it reads (stacks/config/secret-catalog.ts). */
export const DATA_STORES = ["postgres", "timescale", "cache"] as const;
export type DataStore = (typeof DATA_STORES)[number];

/** A service of config and the data stores whose secrets it reads: its group reaches those only. */
export interface ServiceAccess {
    readonly name: string;
    readonly stores: readonly DataStore[];
}

export interface ServicePorts {
    /** HTTP port of both services, target of the ALB. */
    readonly http: number;
    /** gRPC between the monolith and the devices service. */
    readonly grpc: number;
    /** Raw TCP port the devices connect to, through the NLB. */
    readonly devicesTcp: number;
    readonly postgres: number;
    /** TimescaleDB on its host's group (`database-host`), apart from RDS's (the same port, or another). */
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
    /** Each service's own group and the data stores it reaches (decision 0039). */
    readonly services: readonly ServiceAccess[];
}

export type Peer =
    | { readonly kind: "cidr"; readonly cidr: string }
    | { readonly kind: "group"; readonly group: GroupKey }
    | { readonly kind: "cloudfront" };

export interface RuleSpec {
    readonly group: GroupKey;
    readonly direction: "ingress" | "egress";
    /** TCP port; undefined means all traffic (every protocol and port). */
    readonly port?: number;
    readonly peer: Peer;
    readonly description: string;
}

const HTTPS = 443;
const HTTP = 80;
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
    // list and the APIs reached through NAT (New Relic, AWS outside the endpoints). An external
    // TimescaleDB's port is opened to its readers only (serviceStoreRules).
    return [{ group: "services", direction: "egress", port: HTTPS, peer: internet, description: "HTTPS to the VPC endpoints, AWS APIs and the internet" }];
}

/**
 * Where each data store listens and who may reach it: RDS on the database group, a self-managed
 * TimescaleDB on its host's group, the cache on the redis group. An external TimescaleDB is
 * outside the VPC: its readers reach its port on the internet (only needed in https mode).
 */
function storeTarget(store: DataStore, args: MatrixArgs): { port: number; group?: SecurityGroupKey; label: string } {
    switch (store) {
        case "postgres":
            return { port: args.ports.postgres, group: "database", label: `PostgreSQL ${args.ports.postgres}` };
        case "timescale":
            return args.externalTimescalePort === undefined
                ? { port: args.ports.timescale, group: "database-host", label: `TimescaleDB ${args.ports.timescale}` }
                : { port: args.externalTimescalePort, label: `TimescaleDB ${args.externalTimescalePort}` };
        case "cache":
            return { port: args.ports.redis, group: "redis", label: `Redis ${args.ports.redis}` };
    }
}

/** Each service's group reaches the stores whose secrets it reads, and each store accepts exactly those groups. */
function serviceStoreRules(args: MatrixArgs): RuleSpec[] {
    return args.services.flatMap(({ name, stores }) => {
        const group = serviceGroupKey(name);
        return [...new Set(stores)].flatMap((store): RuleSpec[] => {
            const { port, group: storeGroup, label } = storeTarget(store, args);
            if (storeGroup === undefined) {
                // An external TimescaleDB: all-traffic egress already reaches it, and 443 is opened to every service.
                return args.serviceInternetEgress === "all" || port === HTTPS
                    ? []
                    : [{ group, direction: "egress", port, peer: { kind: "cidr", cidr: INTERNET }, description: `${label} to the external (managed) TimescaleDB service (${name} reads its secret)` }];
            }
            return [
                { group, direction: "egress", port, peer: { kind: "group", group: storeGroup }, description: `${label} to the ${store} store (${name} reads its secret)` },
                { group: storeGroup, direction: "ingress", port, peer: { kind: "group", group }, description: `${label} from the ${name} service, which reads the ${store} secret` },
            ];
        });
    });
}

/** Every rule of the matrix. Groups not named as `group` here have no rule in that direction. */
export function securityGroupRules(args: MatrixArgs): RuleSpec[] {
    const { http, grpc, devicesTcp, postgres, timescale, redis } = args.ports;
    const services: Peer = { kind: "group", group: "services" };
    const functions: Peer = { kind: "group", group: "data-functions" };
    const internet: Peer = { kind: "cidr", cidr: INTERNET };
    // The functions rotate a self-managed TimescaleDB's users on its host; an external one is nobody's to rotate.
    const selfManagedTimescale = args.externalTimescalePort === undefined;
    return [
        ...albIngressRules(args.albIngress),
        { group: "alb", direction: "egress", port: http, peer: services, description: `HTTP ${http} to the service tasks (targets and health checks)` },

        ...args.devicesIngressCidrs.map((cidr): RuleSpec => ({
            group: "nlb", direction: "ingress", port: devicesTcp, peer: { kind: "cidr", cidr }, description: `Device TCP connections from ${cidr}`,
        })),
        { group: "nlb", direction: "egress", port: devicesTcp, peer: services, description: `Device TCP ${devicesTcp} to the devices tasks` },
        { group: "nlb", direction: "egress", port: http, peer: services, description: `Health checks of the devices tasks on HTTP ${http}` },

        // What every service needs: the load balancers in, gRPC between them, the internet out.
        // The data stores are reached by each service's own group (serviceStoreRules).
        { group: "services", direction: "ingress", port: http, peer: { kind: "group", group: "alb" }, description: `HTTP ${http} from the ALB` },
        { group: "services", direction: "ingress", port: grpc, peer: services, description: `gRPC ${grpc} between the services` },
        { group: "services", direction: "ingress", port: devicesTcp, peer: { kind: "group", group: "nlb" }, description: `Device TCP ${devicesTcp} from the NLB` },
        { group: "services", direction: "ingress", port: http, peer: { kind: "group", group: "nlb" }, description: `Health checks on HTTP ${http} from the NLB` },
        { group: "services", direction: "egress", port: grpc, peer: services, description: `gRPC ${grpc} between the services` },
        ...serviceInternetRules(args),
        ...serviceStoreRules(args),

        // The data tier only answers: no egress rule at all. RDS alone wears the database group.
        { group: "database", direction: "ingress", port: postgres, peer: functions, description: `PostgreSQL ${postgres} from the data tier's bootstrap and rotation functions` },
        ...(selfManagedTimescale
            ? [{ group: "database-host", direction: "ingress", port: timescale, peer: functions, description: `TimescaleDB ${timescale} from the data tier's rotation functions` } satisfies RuleSpec]
            : []),
        { group: "redis", direction: "ingress", port: redis, peer: functions, description: `Redis ${redis} from the cache user's rotation, which logs in with the new password` },

        // The data tier's functions: the databases, and AWS APIs over HTTPS (Secrets Manager, RDS, ElastiCache, ECS).
        { group: "data-functions", direction: "egress", port: postgres, peer: { kind: "group", group: "database" }, description: `PostgreSQL ${postgres} to RDS` },
        ...(selfManagedTimescale
            ? [{ group: "data-functions", direction: "egress", port: timescale, peer: { kind: "group", group: "database-host" }, description: `TimescaleDB ${timescale} to its host` } satisfies RuleSpec]
            : []),
        { group: "data-functions", direction: "egress", port: redis, peer: { kind: "group", group: "redis" }, description: `Redis ${redis} to the cache (the rotation's login test)` },
        { group: "data-functions", direction: "egress", port: HTTPS, peer: internet, description: "HTTPS to AWS APIs (Secrets Manager, RDS, ElastiCache, ECS)" },

        // The self-managed TimescaleDB host: packages, SSM, Secrets Manager, S3.
        { group: "database-host", direction: "egress", port: HTTPS, peer: internet, description: "HTTPS to package repositories and AWS APIs (SSM, Secrets Manager, S3)" },
        { group: "database-host", direction: "egress", port: HTTP, peer: internet, description: "HTTP to the Ubuntu archive mirrors (packages are signature-checked)" },
    ];
}

/** A stable, readable resource name for a rule: its identity, never its position. */
export function ruleName(prefix: string, rule: RuleSpec): string {
    const peer = rule.peer.kind === "cidr" ? rule.peer.cidr.replace(/[./]/g, "-") : rule.peer.kind === "group" ? rule.peer.group : "cloudfront";
    return `${prefix}-${rule.group}-${rule.direction === "ingress" ? "in" : "out"}-${rule.port ?? "all"}-${peer}`;
}

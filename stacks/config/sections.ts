// The list of config sections, in the order the tiers are built. A new tier adds its section
// here; the schema, the derived config and the configuration reference follow from this list.
import { z } from "zod";
import { albSchema, albSection } from "./alb";
import { cacheSection } from "./cache";
import { cdnSection } from "./cdn";
import { clusterSection } from "./cluster";
import { costSection } from "./cost";
import { keysSection } from "./keys";
import { networkSection } from "./network";
import { nlbSection } from "./nlb";
import { observabilitySection } from "./observability";
import { POSTGRES_DEFAULT_PORT, postgresSection } from "./postgres";
import { crossSectionRule, CrossSectionRule, RuleIssue } from "./section";
import { recoveryWindowIssues, secretsSection } from "./secrets";
import { servicesSection } from "./services";
import { TIMESCALE_PASSWORD_KEY, timescaleSection } from "./timescale";

export const SECTIONS = [
    keysSection,
    networkSection,
    secretsSection,
    postgresSection,
    timescaleSection,
    cacheSection,
    clusterSection,
    servicesSection,
    albSection,
    nlbSection,
    cdnSection,
    costSection,
    observabilitySection,
] as const;

const externalTimescale = z.object({ mode: z.literal("external"), port: z.number().default(POSTGRES_DEFAULT_PORT), secretArn: z.string().optional() });

const networkPorts = z.object({
    albIngress: z.object({ source: z.enum(["cidrs", "cloudfront"]) }),
    ports: z.object({ http: z.number().default(8080), grpc: z.number().default(50051), devicesTcp: z.number().default(5000) }).prefault({}),
});

type PortRef = { name: string; port: number };
const servicePorts = z.record(z.string(), z.unknown());

/** Where each kind of port must land for the security groups to let it through. */
const isPortRef = (p: unknown): p is PortRef => typeof (p as PortRef | null)?.name === "string" && typeof (p as PortRef | null)?.port === "number";

function portIssues(name: string, service: Record<string, unknown>, ports: { http: number; grpc: number; devicesTcp: number }) {
    const list: PortRef[] = Array.isArray(service.ports) ? (service.ports as unknown[]).filter(isPortRef) : [];
    const find = (ref: unknown) => list.find((p) => p.name === ref);
    const issues: { path: (string | number)[]; message: string }[] = [];
    list.forEach((p, i) => {
        if (![ports.http, ports.grpc, ports.devicesTcp].includes(p.port)) {
            issues.push({ path: ["services", name, "ports", i, "port"], message: `is ${p.port}; the security groups open only network.ports (http ${ports.http}, grpc ${ports.grpc}, devicesTcp ${ports.devicesTcp})` });
        }
    });
    const expect = (key: string, wanted: number, what: string) => {
        const target = find((service[key] as { port?: unknown } | undefined)?.port);
        if (target && target.port !== wanted) issues.push({ path: ["services", name, key, "port"], message: `names port ${target.port}, but ${what} is ${wanted} (network.ports)` });
    };
    expect("alb", ports.http, "the ALB's target port");
    expect("nlb", ports.devicesTcp, "the devices' TCP port");
    expect("serviceConnect", ports.grpc, "the port services may call each other on");
    return issues;
}

/** An ACM certificate ARN's region and account: arn:<partition>:acm:<region>:<account>:certificate/<id>. */
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\//;

/** Rules between tier sections; each names the sections it spans. */
export const CROSS_SECTION_RULES: readonly CrossSectionRule[] = [
    crossSectionRule({
        description: "unprotected stacks delete their secrets without recovery, protected ones keep them recoverable",
        sections: ["secrets", "protectStatefulResources"],
        needs: z.object({ secrets: z.object({ recoveryWindowInDays: z.number() }), protectStatefulResources: z.enum(["true", "false"]) }),
        check: (c) => recoveryWindowIssues(c.secrets.recoveryWindowInDays, c.protectStatefulResources === "true"),
    }),
    crossSectionRule({
        description: "production has CloudFront and its WAF in front of an ALB open to the internet",
        sections: ["cdn", "network"],
        needs: z.object({
            environment: z.literal("production"),
            cdn: z.object({ enabled: z.literal(false) }),
            network: z.object({ albIngress: z.object({ source: z.literal("cidrs"), cidrs: z.array(z.string()) }) }),
        }),
        check: (c) => {
            const open = c.network.albIngress.cidrs.find((cidr) => cidr.endsWith("/0"));
            return open === undefined
                ? []
                : [{ path: ["cdn", "enabled"], message: `is false in production while network.albIngress lets ${open} reach the ALB: the API would face the internet without the WAF's managed rules and rate limit. Enable the CDN (with albIngress {source: cloudfront}), or list only known networks in albIngress.cidrs` }];
        },
    }),
    crossSectionRule({
        description: "a certificate given by ARN is in the stack's region and account (CloudFront uses it in us-east-1)",
        sections: ["alb", "region", "accountId"],
        needs: z.object({ alb: z.object({ certificateArn: albSchema.shape.certificateArn.unwrap() }), region: z.string(), accountId: z.string().optional(), cdn: z.object({ enabled: z.boolean() }).optional() }),
        check: (c) => {
            const [, region, account] = CERTIFICATE_ARN.exec(c.alb.certificateArn)!;
            const usedByCloudFront = c.cdn?.enabled === true && c.region === "us-east-1";
            const issues: RuleIssue[] = [];
            if (region !== c.region) {
                issues.push({ path: ["alb", "certificateArn"], message: `is a certificate in ${region}, but the ALB is in ${c.region} (region) and takes certificates from its own region only${usedByCloudFront ? "; CloudFront uses it too, from us-east-1" : ""}` });
            }
            if (c.accountId !== undefined && account !== c.accountId) {
                issues.push({ path: ["alb", "certificateArn"], message: `is a certificate of account ${account}, but this stack deploys to ${c.accountId} (accountId); a load balancer uses certificates of its own account only` });
            }
            return issues;
        },
    }),
    crossSectionRule({
        description: "CloudFront on means the ALB takes HTTPS from CloudFront only, and off means from the configured networks",
        sections: ["cdn", "network"],
        needs: z.object({ cdn: z.object({ enabled: z.boolean() }), network: networkPorts }),
        check: (c) => {
            const fromCloudFront = c.network.albIngress.source === "cloudfront";
            if (c.cdn.enabled === fromCloudFront) return [];
            return [{
                path: ["network", "albIngress", "source"],
                message: c.cdn.enabled
                    ? "is cidrs while cdn.enabled is true; with CloudFront in front, the ALB must take HTTPS from CloudFront only: set albIngress to {source: cloudfront}"
                    : "is cloudfront while cdn.enabled is false; nothing could reach the ALB: set albIngress to {source: cidrs, cidrs: [...]} or enable the CDN",
            }];
        },
    }),
    crossSectionRule({
        description: "the services' ports are the ones the security groups open",
        sections: ["services", "network"],
        needs: z.object({ services: servicePorts, network: networkPorts }),
        check: (c) => Object.entries(c.services).flatMap(([name, service]) => (typeof service === "object" && service !== null ? portIssues(name, service as Record<string, unknown>, c.network.ports) : [])),
    }),
    crossSectionRule({
        description: "the NLB checks health on the services' HTTP port, which its security group reaches",
        sections: ["nlb", "network"],
        needs: z.object({ nlb: z.object({ healthCheck: z.object({ port: z.number().default(8080) }).prefault({}) }).prefault({}), network: networkPorts }),
        check: (c) =>
            c.nlb.healthCheck.port === c.network.ports.http
                ? []
                : [{ path: ["nlb", "healthCheck", "port"], message: `is ${c.nlb.healthCheck.port}; the NLB's security group reaches the services' HTTP port only (network.ports.http, ${c.network.ports.http})` }],
    }),
    crossSectionRule({
        description: "only a self-managed TimescaleDB has a CA of the stack's for services to read",
        sections: ["services", "timescale"],
        needs: z.object({ services: z.record(z.string(), z.unknown()), timescale: z.object({ mode: z.literal("external") }) }),
        check: (c) => Object.entries(c.services).flatMap(([name, service]) => {
            const secrets = (service as { secrets?: unknown } | null)?.secrets;
            if (typeof secrets !== "object" || secrets === null) return [];
            return Object.entries(secrets)
                .filter(([, reference]) => reference === "timescale.caCertificate")
                .map(([variable]) => ({
                    path: ["services", name, "secrets", variable],
                    message: "is timescale.caCertificate, which only a self-managed TimescaleDB has (the stack's CA signs its server's certificate); an external service is verified against its provider's CA: remove this variable",
                }));
        }),
    }),
    crossSectionRule({
        description: "an external TimescaleDB has its credentials",
        sections: ["timescale", TIMESCALE_PASSWORD_KEY],
        needs: z.object({ timescale: externalTimescale, [TIMESCALE_PASSWORD_KEY]: z.string().optional() }),
        check: (c) => {
            const hasSecret = c.timescale.secretArn !== undefined;
            const hasPassword = c[TIMESCALE_PASSWORD_KEY] !== undefined;
            if (hasSecret === hasPassword) {
                return [{
                    path: ["timescale", "secretArn"],
                    message: hasSecret
                        ? `and ${TIMESCALE_PASSWORD_KEY} are both set; keep one`
                        : `is not set: give the ARN of the secret that holds the credentials, or run pulumi config set --secret hse-platform:${TIMESCALE_PASSWORD_KEY} <password>`,
                }];
            }
            return [];
        },
    }),
];

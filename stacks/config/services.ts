// The services section (`hse-platform:services`): a map from a service's short name to its
// spec. The monolith and the devices service are two entries; a third service is a third entry.
// Seed §10.2.1 gives the sizes, ports, health check and scaling of the two.
import { z } from "zod";
import { fixedNameCollisions } from "../../components/compute/fixed-names";
import { ORIGIN_DEFAULT_PRIORITY, RULE_PRIORITY_RANGE } from "../../components/edge/alb";
import { CPU_ARCHITECTURES, FARGATE_CPUS, isRootUser, NON_ROOT_USER, fargateMemoryOptions, HEALTH_CHECK_LIMITS, MAX_STOP_TIMEOUT_SECONDS, MOVING_TAGS, PORT_PROTOCOLS } from "../../components/compute/fargate";
import { port } from "./fields";
import { describeCatalog, parseSecretReference } from "./secret-catalog";
import { defineSection, RuleIssue, sectionRule } from "./section";

/**
 * Short names: lowercase, at most 12 characters, so `hse-production-<name>` stays within the
 * 32 characters AWS allows a target group or load balancer name.
 */
export const SERVICE_NAME = /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Environment names that say "secret": their values go through `secrets`, never plain (ECS.8). */
const SECRET_LOOKING = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE_KEY|LICENSE_KEY|API_?KEY|ACCESS_KEY|CREDENTIAL)/i;
/** Short words for a password as a whole part of the name: DB_PASS, REDIS_PWD, SMTP_PW. */
const PASSWORD_WORD = /(^|_)(PASS|PWD|PW)(_|$)/i;
/** A URL that carries a password: scheme://user:password@host (or scheme://:password@host). */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s@:]*:[^/\s@]+@/i;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;
const ECR_URL = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9]+(?:[._/-][a-z0-9]+)*)$/;

const range = (limits: readonly [number, number], unit: string) => z.int().min(limits[0]).max(limits[1]).describe(`${limits[0]}-${limits[1]} ${unit}`);

const portSpec = z.strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be a port name: lowercase letters, digits, _ and -, at most 64").describe("Port name (Service Connect and load balancers refer to it)."),
    port: port.describe("Container port."),
    protocol: z.enum(PORT_PROTOCOLS).describe("http, grpc (Service Connect app protocols) or tcp (raw)."),
});

/**
 * `pulumi config set --path` stores a value of digits as a number ("integers are treated as
 * numbers", CLI reference of `pulumi config set`), unless it starts with 0 (pulumi/pulumi#4393
 * keeps those as text). So a number here is exactly the tag that was typed when it is a whole
 * number JavaScript holds exactly: it becomes that tag. Any other number (a fraction, a sign,
 * digits beyond 2^53) is not the tag as written: refused, with the CLI's `--type string` (decision 0037).
 */
function imageTagFromNumber(value: unknown, ctx: z.core.ParsePayload): unknown {
    if (typeof value !== "number") return value;
    if (Number.isSafeInteger(value) && value >= 0) return String(value);
    ctx.issues.push({
        code: "custom",
        input: value,
        message: `is the number ${value}, which is not a tag as written (a fraction, a sign or a whole number beyond 2^53 does not survive as a number); set the tag as text: pulumi config set --type string --path 'services.<name>.image' <tag>`,
    });
    return value;
}

const serviceSchema = z.strictObject({
    image: z
        .preprocess(
            imageTagFromNumber,
            z.string().check((ctx) => {
                if (!IMAGE_TAG.test(ctx.value) && !IMAGE_DIGEST.test(ctx.value)) {
                    ctx.issues.push({ code: "custom", input: ctx.value, message: "must be an image tag (letters, digits, _ . -, at most 128) or a digest sha256:<64 hex>" });
                }
            }),
        )
        .describe("Image tag or digest; the deploy pipeline sets it (pulumi config set --path 'services.<name>.image' <tag>). An all-digit tag that config stores as a number is read as that tag."),
    repository: z
        .union([z.literal("create"), z.strictObject({ url: z.string().regex(ECR_URL, "must be an ECR repository URL: <account>.dkr.ecr.<region>.amazonaws.com/<name>") })])
        .default("create")
        .describe("`create` (a repository of this stack) or `{url: ...}` (one another stack or account owns)."),
    cpu: z.literal(FARGATE_CPUS as [number, ...number[]], { error: `must be one of Fargate's CPU sizes: ${FARGATE_CPUS.join(", ")}` }).describe("Task CPU units (1024 = 1 vCPU)."),
    memory: z.int().describe("Task memory, MiB; a size Fargate offers with `cpu`."),
    architecture: z.enum(CPU_ARCHITECTURES).default("ARM64").describe("ARM64 (Graviton, cheaper) or X86_64."),
    spot: z.boolean().default(false).describe("Run on FARGATE_SPOT (interruptible, cheaper): for dev; X86_64 only."),
    desiredCount: z.int().min(0).max(1000).describe("Tasks when the service is created; autoscaling owns the count afterwards."),
    minCount: z.int().min(0).max(1000).describe("Autoscaling minimum."),
    maxCount: z.int().min(1).max(1000).describe("Autoscaling maximum."),
    ports: z.array(portSpec).min(1).describe("Named container ports."),
    healthCheck: z
        .strictObject({
            command: z.string().min(1).describe("Shell command run in the container (CMD-SHELL)."),
            intervalSeconds: range(HEALTH_CHECK_LIMITS.interval, "s").default(30),
            timeoutSeconds: range(HEALTH_CHECK_LIMITS.timeout, "s").default(5),
            retries: range(HEALTH_CHECK_LIMITS.retries, "retries").default(3),
            startPeriodSeconds: range(HEALTH_CHECK_LIMITS.startPeriod, "s").default(60),
        })
        .describe("Container health check (seed: curl -f http://localhost:8080/health/readiness, 30 s / 5 s / 3)."),
    stopTimeoutSeconds: z.int().min(2).max(MAX_STOP_TIMEOUT_SECONDS).default(30).describe("Seconds between SIGTERM and SIGKILL (Fargate allows 120)."),
    healthCheckGracePeriodSeconds: z.int().min(0).max(7200).default(60).describe("Seconds load balancer health checks are ignored after a task starts."),
    environment: z.record(z.string().regex(ENV_NAME, "must be an environment variable name"), z.string()).default({}).describe("Plain settings (never a secret)."),
    secrets: z
        .record(z.string().regex(ENV_NAME, "must be an environment variable name"), z.string())
        .default({})
        .describe(`Environment variables filled from a secret's JSON key, as "<secret>.<key>" (${describeCatalog()}).`),
    scaling: z
        .strictObject({
            cpuPercent: z.int().min(10).max(95).optional().describe("Target average CPU (seed monolith: 70)."),
            memoryPercent: z.int().min(10).max(95).optional().describe("Target average memory (seed monolith: 80)."),
            connectionsPerTask: z.int().min(1).max(100000).optional().describe("Target device connections per task (seed devices: 1000); needs `nlb`."),
            scaleOutCooldownSeconds: z.int().min(0).max(3600).default(60),
            scaleInCooldownSeconds: z.int().min(0).max(3600).default(300),
        })
        .describe("Target tracking: one or more targets."),
    alb: z
        .strictObject({
            port: z.string().describe("Name of the http port the ALB forwards to."),
            default: z.boolean().default(false).describe("Receives every request no path rule takes (exactly one service)."),
            paths: z.array(z.string().regex(/^\/[A-Za-z0-9_.~*?/-]{0,127}$/, "must be a path pattern such as /devices/*")).max(4).default([]).describe("Path patterns sent to this service (at most 4)."),
            priority: z
                .int()
                .min(RULE_PRIORITY_RANGE[0])
                .max(ORIGIN_DEFAULT_PRIORITY - 1)
                .optional()
                .describe(
                    `Priority of the service's path rule, unique among the services; required with paths. AWS allows ${RULE_PRIORITY_RANGE[0]}-${RULE_PRIORITY_RANGE[1]}; ${ORIGIN_DEFAULT_PRIORITY} is the stack's last rule behind CloudFront.`,
                ),
        })
        .optional()
        .describe("Behind the ALB."),
    nlb: z.strictObject({ port: z.string().describe("Name of the tcp port the NLB forwards to.") }).optional().describe("Behind the NLB (one service at most)."),
    serviceConnect: z
        .strictObject({
            port: z.string().describe("Name of the port other services call."),
            dnsName: z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, "must be a DNS name such as hse-devices.local").describe("The name other services use (seed: hse-devices.local)."),
        })
        .optional()
        .describe("Offered to the other services through Service Connect (every service is a client)."),
    user: z
        .string()
        .regex(/^[0-9]+(:[0-9]+)?$/, "must be uid or uid:gid")
        .default(NON_ROOT_USER)
        .describe("uid or uid:gid the container runs as; never root (0) in production (Security Hub ECS.20)."),
});

export const servicesSchema = z
    .record(z.string().regex(SERVICE_NAME, "must be a service name: lowercase letters, digits and -, 2-12 characters"), serviceSchema)
    .describe("The services, by short name.");

export type ServicesSettings = z.output<typeof servicesSchema>;
export type ServiceSettings = ServicesSettings[string];

type ServiceCheck = (name: string, service: Record<string, unknown>, environment?: string) => RuleIssue[];

/** Each rule reads one service at a time, so one bad service never hides another's problems. */
function perService(description: string, check: ServiceCheck) {
    return sectionRule({
        description,
        needs: z.record(z.string(), z.unknown()),
        check: (services) => eachService(services, check),
    });
}

function eachService(services: Record<string, unknown>, check: ServiceCheck, environment?: string): RuleIssue[] {
    return Object.entries(services).flatMap(([name, service]) =>
        typeof service === "object" && service !== null ? check(name, service as Record<string, unknown>, environment).map((i) => ({ ...i, path: [name, ...i.path] })) : [],
    );
}

/** The fields of a service this rule reads, or undefined if any is invalid (its schema says why). */
function fields<S extends z.ZodRawShape>(service: Record<string, unknown>, shape: S): z.output<z.ZodObject<S>> | undefined {
    const parsed = z.object(shape).safeParse(service);
    return parsed.success ? parsed.data : undefined;
}

const s = serviceSchema.shape;

const fargateSize = perService("cpu and memory are a size Fargate offers", (_, service) => {
    const v = fields(service, { cpu: s.cpu, memory: s.memory });
    if (!v) return [];
    const options = fargateMemoryOptions(v.cpu);
    return options.includes(v.memory) ? [] : [{ path: ["memory"], message: `is ${v.memory} MiB; with ${v.cpu} CPU units Fargate offers ${options.join(", ")}` }];
});

const counts = perService("minCount <= desiredCount <= maxCount", (_, service) => {
    const v = fields(service, { minCount: s.minCount, desiredCount: s.desiredCount, maxCount: s.maxCount });
    if (!v) return [];
    return [
        ...(v.minCount > v.desiredCount ? [{ path: ["desiredCount"], message: `is ${v.desiredCount}, below minCount (${v.minCount})` }] : []),
        ...(v.desiredCount > v.maxCount ? [{ path: ["desiredCount"], message: `is ${v.desiredCount}, above maxCount (${v.maxCount})` }] : []),
    ];
});

const ports = perService("port names and numbers are unique; every reference names a port of the right protocol", (_, service) => {
    const v = fields(service, { ports: s.ports });
    if (!v) return [];
    const issues: RuleIssue[] = [];
    v.ports.forEach((p, i) => {
        if (v.ports.findIndex((q) => q.name === p.name) !== i) issues.push({ path: ["ports", i, "name"], message: `${p.name} is used by two ports` });
        if (v.ports.findIndex((q) => q.port === p.port) !== i) issues.push({ path: ["ports", i, "port"], message: `${p.port} is used by two ports` });
    });
    const refer = (key: "alb" | "nlb" | "serviceConnect", protocols: readonly string[]) => {
        const ref = (service[key] as { port?: unknown } | undefined)?.port;
        if (typeof ref !== "string") return;
        const target = v.ports.find((p) => p.name === ref);
        if (!target) issues.push({ path: [key, "port"], message: `is ${ref}; ports here: ${v.ports.map((p) => p.name).join(", ")}` });
        else if (!protocols.includes(target.protocol)) issues.push({ path: [key, "port"], message: `is ${ref}, a ${target.protocol} port; ${key} needs ${protocols.join(" or ")}` });
    };
    refer("alb", ["http"]);
    refer("nlb", ["tcp"]);
    refer("serviceConnect", ["http", "grpc"]);
    return issues;
});

const scaling = perService("scaling has a target, and connections need the NLB", (_, service) => {
    const v = fields(service, { scaling: s.scaling });
    if (!v) return [];
    const { cpuPercent, memoryPercent, connectionsPerTask } = v.scaling;
    return [
        ...(cpuPercent === undefined && memoryPercent === undefined && connectionsPerTask === undefined ? [{ path: ["scaling"], message: "has no target: give cpuPercent, memoryPercent or connectionsPerTask" }] : []),
        ...(connectionsPerTask !== undefined && service.nlb === undefined ? [{ path: ["scaling", "connectionsPerTask"], message: "needs the service behind the NLB (nlb): connections are counted there" }] : []),
    ];
});

const secrets = perService("secrets name existing secret keys; no secret goes through plain environment", (_, service) => {
    const v = fields(service, { environment: s.environment, secrets: s.secrets });
    if (!v) return [];
    return [
        ...Object.entries(v.secrets)
            .filter(([, ref]) => parseSecretReference(ref) === undefined)
            .map(([name, ref]) => ({ path: ["secrets", name], message: `is ${JSON.stringify(ref)}, not a secret key of the platform; write "<secret>.<key>", one of ${describeCatalog()}` })),
        ...Object.keys(v.environment)
            .filter((name) => name in v.secrets)
            .map((name) => ({ path: ["environment", name], message: "is also in secrets; a variable comes from one place" })),
        ...Object.keys(v.environment)
            .filter((name) => SECRET_LOOKING.test(name) || PASSWORD_WORD.test(name))
            .map((name) => ({ path: ["environment", name], message: "looks like a secret; pass it through secrets (Secrets Manager), never as a plain environment value" })),
        // The value is never repeated in the message: it is the secret.
        ...Object.entries(v.environment)
            .filter(([, value]) => URL_WITH_PASSWORD.test(value))
            .map(([name]) => ({ path: ["environment", name], message: "holds a URL with a password (scheme://user:password@host); put the password in secrets and build the URL in the service" })),
    ];
});

const pinnedImages = sectionRule({
    description: "staging and production run a pinned image (no latest or other moving tag)",
    reads: ["environment"],
    needs: z.record(z.string(), z.unknown()),
    check: (services, { environment }) =>
        environment === "dev"
            ? []
            : eachService(services, (_, service) => {
                  const v = fields(service, { image: s.image });
                  return v && (MOVING_TAGS as readonly string[]).includes(v.image.toLowerCase())
                      ? [{ path: ["image"], message: `is ${JSON.stringify(v.image)}, a tag that moves, in ${environment}; pin a version, a commit SHA or a digest (sha256:...) so a deploy says what runs` }]
                      : [];
              }),
});

const loadBalancing = sectionRule({
    description: "exactly one service is the ALB's default; at most one is behind the NLB",
    needs: z.record(z.string(), z.unknown()),
    check: (services): RuleIssue[] => {
        const entries = Object.entries(services).filter(([, v]) => typeof v === "object" && v !== null) as [string, { alb?: { default?: unknown; paths?: unknown }; nlb?: unknown }][];
        const defaults = entries.filter(([, v]) => v.alb?.default === true).map(([n]) => n);
        const nlb = entries.filter(([, v]) => v.nlb !== undefined).map(([n]) => n);
        // A target group no listener or rule forwards to cannot be given to an ECS service
        // ("does not have an associated load balancer"): an ALB block must route something.
        const unrouted = entries.filter(([, v]) => v.alb !== undefined && v.alb.default !== true && Array.isArray(v.alb.paths) && v.alb.paths.length === 0).map(([n]) => n);
        return [
            ...unrouted.map((name) => ({ path: [name, "alb", "paths"], message: "is empty and the service is not the ALB's default: nothing would route to it; give it paths, or remove alb" })),
            ...(defaults.length !== 1 ? [{ path: [], message: `has ${defaults.length} services with alb.default (${defaults.join(", ") || "none"}); exactly one must take the requests no path rule takes` }] : []),
            ...(nlb.length > 1 ? [{ path: [], message: `has ${nlb.length} services behind the NLB (${nlb.join(", ")}); the NLB's connections count as one service's` }] : []),
        ];
    },
});

/**
 * Fargate Spot runs Linux X86_64 tasks only (ECS developer guide, "Fargate capacity providers":
 * "Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity provider").
 * An ARM64 service on FARGATE_SPOT would never start a task.
 */
const spotArchitecture = perService("spot runs X86_64 tasks only", (_, service) => {
    const v = fields(service, { spot: s.spot, architecture: s.architecture });
    return v && v.spot && v.architecture !== "X86_64"
        ? [{ path: ["spot"], message: `is true with architecture ${v.architecture}; Fargate Spot runs Linux X86_64 tasks only: set architecture: X86_64 (and build the image for linux/amd64) or spot: false` }]
        : [];
});

/** A service's fixed names (target groups, log group prefixes) are its own (components/compute/fixed-names.ts). */
const distinctFixedNames = sectionRule({
    description: "no service's fixed names (target groups, log group prefixes) are another's or the cluster's",
    needs: z.record(z.string(), z.unknown()),
    check: (services): RuleIssue[] =>
        fixedNameCollisions(Object.keys(services)).map((c) => ({
            path: [c.service],
            message: `is a name whose ${c.name.kind} ${c.name.name.replace("hse-env", "hse-<env>")} is also held by ${c.heldBy.join(" and ")}; choose another service name`,
        })),
});

/** Each path rule has its own priority, fixed in config, so adding a service never moves another's. */
const rulePriorities = sectionRule({
    description: "a service with ALB paths has an alb.priority no other service has",
    needs: z.record(z.string(), z.unknown()),
    check: (services): RuleIssue[] => {
        const albs = Object.entries(services).flatMap(([svc, v]) => {
            const alb = (v as { alb?: { paths?: unknown; priority?: unknown } } | null)?.alb;
            return alb ? [{ svc, paths: Array.isArray(alb.paths) ? alb.paths.length : 0, priority: typeof alb.priority === "number" ? alb.priority : undefined }] : [];
        });
        return [
            ...albs
                .filter((a) => a.paths > 0 && a.priority === undefined)
                .map((a) => ({ path: [a.svc, "alb", "priority"], message: `is missing; a service with ALB paths needs its own rule priority (1-${ORIGIN_DEFAULT_PRIORITY - 1}), e.g. ${nextFreePriority(albs)}` })),
            ...albs.flatMap((a) => {
                const others = albs.filter((b) => b !== a && a.priority !== undefined && b.priority === a.priority).map((b) => b.svc);
                return others.length > 0 ? [{ path: [a.svc, "alb", "priority"], message: `${a.priority} is ${others.join(", ")}'s too; each path rule needs its own priority` }] : [];
            }),
        ];
    },
});

function nextFreePriority(albs: readonly { priority?: number }[]): number {
    return Math.max(0, ...albs.map((a) => a.priority ?? 0)) + 100;
}

const nonRootInProduction = sectionRule({
    description: "no container runs as root (uid 0) in production",
    reads: ["environment"],
    needs: z.record(z.string(), z.unknown()),
    check: (services, { environment }) =>
        environment !== "production"
            ? []
            : eachService(services, (_, service) => {
                  const v = fields(service, { user: s.user });
                  return v && isRootUser(v.user)
                      ? [{ path: ["user"], message: `is ${JSON.stringify(v.user)}, root, in production; run as an unprivileged uid (default ${NON_ROOT_USER}) and give it the files it writes in the image` }]
                      : [];
              }),
});

const distinctAliases = sectionRule({
    description: "Service Connect names are unique",
    needs: z.record(z.string(), z.unknown()),
    check: (services) => {
        const names = Object.entries(services).flatMap(([svc, v]) => {
            const dns = (v as { serviceConnect?: { dnsName?: unknown } } | null)?.serviceConnect?.dnsName;
            return typeof dns === "string" ? [{ svc, dns }] : [];
        });
        return names.filter((n, i) => names.findIndex((m) => m.dns === n.dns) !== i).map((n) => ({ path: [n.svc, "serviceConnect", "dnsName"], message: `${n.dns} is offered by another service too` }));
    },
});

export const servicesSection = defineSection({
    key: "services",
    summary: "The Fargate services, by short name (seed 10.2.1): image, size, ports, health check, plain and secret environment, scaling, load balancing, Service Connect.",
    schema: servicesSchema,
    rules: [fargateSize, counts, ports, scaling, secrets, pinnedImages, loadBalancing, distinctAliases, spotArchitecture, rulePriorities, nonRootInProduction, distinctFixedNames],
    derive: (parsed) => parsed,
});

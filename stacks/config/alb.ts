// The ALB section (`hse-platform:alb`): the public name, its certificate, TLS, timeouts and the
// target groups' health check (seed §10.2.4).
import { z } from "zod";
import { DESYNC_MITIGATION_MODES, ELB_TLS_POLICIES } from "../../components/edge/alb";
import { defineSection, sectionRule } from "./section";

export const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const domain = (what: string) => z.string().regex(DOMAIN_NAME, `must be ${what} in lowercase, such as api-dev.hse.com`);

export const albSchema = z
    .strictObject({
        domain: domain("a domain name").describe("The public name of the API (seed: api-<env>.hse.com)."),
        hostedZone: domain("a hosted zone name").describe("The public Route 53 zone the name and its certificate's validation records go in."),
        certificateArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "must be an ACM certificate ARN")
            .optional()
            .describe("An existing certificate for the name (and origin-<name> with the CDN, devices-<name> with an NLB); absent: one is created and validated by DNS."),
        tlsPolicy: z.enum(ELB_TLS_POLICIES).default(ELB_TLS_POLICIES[0]).describe("TLS policy of the HTTPS listener (TLS 1.3; Security Hub ELB.17)."),
        idleTimeoutSeconds: z.int().min(1).max(4000).default(60).describe("Idle connection timeout (seed: 60)."),
        desyncMitigationMode: z.enum(DESYNC_MITIGATION_MODES).default("defensive").describe("HTTP desync mitigation (Security Hub ELB.12)."),
        healthCheck: z
            .strictObject({
                path: z.string().regex(/^\/[\x21-\x7e]{0,1023}$/, "must be a path starting with /").default("/health/readiness"),
                intervalSeconds: z.int().min(5).max(300).default(30),
                timeoutSeconds: z.int().min(2).max(120).default(5),
                healthyThreshold: z.int().min(2).max(10).default(2),
                unhealthyThreshold: z.int().min(2).max(10).default(3),
                matcher: z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, "must be HTTP codes such as 200 or 200-299").default("200"),
            })
            .prefault({})
            .describe("Target group health check (seed: /health/readiness, 30 s / 5 s / 2 / 3 / 200)."),
        deregistrationDelaySeconds: z.int().min(0).max(3600).default(30).describe("Seconds a deregistered task keeps its in-flight requests."),
        accessLogExpiryDays: z.int().min(1).max(3650).default(90).describe("Days access logs are kept in their bucket."),
    })
    .describe("The public application load balancer (seed 10.2.4).");

export const albSection = defineSection({
    key: "alb",
    summary: "The application load balancer (seed 10.2.4): public name and certificate, TLS policy, timeouts, health check, access logs.",
    schema: albSchema,
    rules: [
        sectionRule({
            description: "the health check times out before the next one starts",
            needs: z.object({ healthCheck: albSchema.shape.healthCheck }),
            check: ({ healthCheck: h }) => (h.timeoutSeconds >= h.intervalSeconds ? [{ path: ["healthCheck", "timeoutSeconds"], message: `is ${h.timeoutSeconds}; it must be shorter than intervalSeconds (${h.intervalSeconds})` }] : []),
        }),
        sectionRule({
            description: "the name is in the hosted zone",
            needs: z.object({ domain: albSchema.shape.domain, hostedZone: albSchema.shape.hostedZone }),
            check: (v) => (v.domain.endsWith(`.${v.hostedZone}`) ? [] : [{ path: ["domain"], message: `${v.domain} is not in the zone ${v.hostedZone}` }]),
        }),
    ],
    derive: (parsed) => parsed,
});

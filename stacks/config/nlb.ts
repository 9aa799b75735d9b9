// The NLB section (`hse-platform:nlb`): the devices' entry point. TLS unless a stack names plain
// TCP, which only dev may, and the plan warns about (decision 0026).
import { z } from "zod";
import { ELB_TLS_POLICIES } from "../../components/edge/alb";
import { port } from "./fields";
import { defineSection, sectionRule } from "./section";

/** The listener protocols the devices may be offered: TLS, or plain TCP by explicit choice. */
export const NLB_PROTOCOLS = ["TLS", "TCP"] as const;

/** The public name the devices connect to: covered by the environment's certificate. */
export function devicesDomainOf(domain: string): string {
    return `devices-${domain}`;
}

const protocol = z
    .enum(NLB_PROTOCOLS)
    .default("TLS")
    .describe("TLS: the listener terminates TLS for devices-<alb.domain> with the environment's certificate. TCP: plain text from the internet, dev only, and the plan warns.");

export const nlbSchema = z
    .strictObject({
        protocol,
        tlsPolicy: z.enum(ELB_TLS_POLICIES).default(ELB_TLS_POLICIES[0]).describe("TLS policy of the TLS listener (NLB user guide, \"Security policies for your Network Load Balancer\")."),
        deregistrationDelaySeconds: z.int().min(0).max(3600).default(30).describe("Seconds before a deregistered task's connections are closed."),
        healthCheck: z
            .strictObject({
                port: port.default(8080).describe("The HTTP port the readiness path is on (the TCP port has no HTTP)."),
                path: z.string().regex(/^\/[\x21-\x7e]{0,1023}$/, "must be a path starting with /").default("/health/readiness"),
                intervalSeconds: z.int().min(5).max(300).default(30),
                healthyThreshold: z.int().min(2).max(10).default(2),
                unhealthyThreshold: z.int().min(2).max(10).default(3),
            })
            .prefault({})
            .describe("Health check of the devices target group."),
    })
    .prefault({})
    .describe("The network load balancer for device TCP connections.");

export const nlbSection = defineSection({
    key: "nlb",
    summary: "The network load balancer for the devices' TCP port: optional TLS, deregistration, health check on the HTTP readiness path.",
    schema: nlbSchema,
    rules: [
        sectionRule({
            description: "device traffic is encrypted outside dev",
            reads: ["environment"],
            needs: z.object({ protocol }),
            check: (v, { environment }) =>
                environment === "dev" || v.protocol === "TLS"
                    ? []
                    : [{ path: ["protocol"], message: `is TCP in ${environment}; devices would send their data in plain text across the internet. Plain TCP is allowed in dev only: set protocol to TLS (devices connect to devices-<alb.domain>)` }],
        }),
    ],
    derive: (parsed) => parsed,
});

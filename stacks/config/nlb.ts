// The NLB section (`hse-platform:nlb`): the devices' TCP entry point.
import { z } from "zod";
import { ELB_TLS_POLICIES } from "../../components/edge/alb";
import { port } from "./fields";
import { defineSection } from "./section";

export const nlbSchema = z
    .strictObject({
        tls: z.boolean().default(false).describe("Terminate TLS on the listener with the ALB's certificate (devices must then speak TLS)."),
        tlsPolicy: z.enum(ELB_TLS_POLICIES).default(ELB_TLS_POLICIES[0]).describe("TLS policy when tls is on."),
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
    rules: [],
    derive: (parsed) => parsed,
});

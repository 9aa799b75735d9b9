// The cost section (`hse-platform:cost`): usage the stack cannot know, which the cost estimate
// (review/cost, the `costEstimate` output) prices. Every key is optional; the defaults are per
// environment and their sources are below.
import { z } from "zod";
import type { CostAssumptions } from "../../review/cost/types";
import { defineSection } from "./section";
import { Environment } from "./platform";

const amount = (what: string) => z.number({ error: "must be a number" }).min(0, "must be 0 or more").optional().describe(what);

export const costSchema = z
    .strictObject({
        assumptions: z
            .strictObject({
                internetEgressGb: amount("GB a month sent to the internet from the region, not through CloudFront: devices over the NLB, calls out through NAT (default: dev 20, staging 50, production 100)."),
                cloudfrontGb: amount("GB a month CloudFront sends to viewers (default: dev 0, staging 200, production 500: seed 10.4's outbound estimate, 500 GB for production and ~$20, about 220 GB, for staging)."),
                imageStorageGbPerRepository: amount("GB of container images kept in each ECR repository (default 5; the repositories' lifecycle policies cap the images kept)."),
                lambdaInvocationsPerFunction: amount("Runs a month of each Lambda function (rotations, bootstrap, redeploys; default 100)."),
                natProcessedGb: amount("GB a month through the NAT gateways (default: the internet egress: the services reach the internet only through NAT)."),
                logIngestionGb: amount("GB of logs ingested a month, all log groups (default: dev 5, staging 25, production 50; seed 10.4: 50 GB for production, ~$15 for staging)."),
                albLcu: amount("Average ALB capacity units an hour (default: dev 1, staging 1, production 2; 1 LCU is 1 GB/hour processed or 25 new connections/second)."),
                nlbNlcu: amount("Average NLB capacity units an hour (default 1)."),
                wafRequestsMillions: amount("Millions of requests a month inspected by the WAF (default: dev 1, staging 5, production 50)."),
                interfaceEndpointGb: amount("GB a month through the interface VPC endpoints, all of them (default: dev 0, staging 20, production 100)."),
                backupChangePercentPerDay: z
                    .number({ error: "must be a number" })
                    .min(0, "must be 0 or more")
                    .max(100, "must be at most 100 (a percentage)")
                    .optional()
                    .describe("Share of the database changed a day, which backups beyond the free amount keep (default 2)."),
            })
            .prefault({})
            .describe("Monthly usage the stack cannot know; shown with every estimate."),
    })
    .prefault({})
    .describe("Assumptions of the cost estimate (the costEstimate output and npm run cost).");

/**
 * Per-environment defaults. Production's outbound data (through CloudFront) and log volume are
 * seed 10.4's own; staging's are seed 10.4's dollar figures divided by the list price; dev has
 * no CloudFront. Egress outside CloudFront, capacity units, requests, endpoint traffic and
 * function runs are assumptions of ours, stated here and in docs/cost.md.
 */
const DEFAULTS: Record<Environment, Omit<CostAssumptions, "natProcessedGb">> = {
    dev: { internetEgressGb: 20, cloudfrontGb: 0, lambdaInvocationsPerFunction: 100, imageStorageGbPerRepository: 5, logIngestionGb: 5, albLcu: 1, nlbNlcu: 1, wafRequestsMillions: 1, interfaceEndpointGb: 0, backupChangePercentPerDay: 2 },
    staging: { internetEgressGb: 50, cloudfrontGb: 200, lambdaInvocationsPerFunction: 100, imageStorageGbPerRepository: 5, logIngestionGb: 25, albLcu: 1, nlbNlcu: 1, wafRequestsMillions: 5, interfaceEndpointGb: 20, backupChangePercentPerDay: 2 },
    production: { internetEgressGb: 100, cloudfrontGb: 500, lambdaInvocationsPerFunction: 100, imageStorageGbPerRepository: 5, logIngestionGb: 50, albLcu: 2, nlbNlcu: 1, wafRequestsMillions: 50, interfaceEndpointGb: 100, backupChangePercentPerDay: 2 },
};

export function costAssumptionsFor(environment: Environment, given: Partial<CostAssumptions>): CostAssumptions {
    const defaults = DEFAULTS[environment];
    const set = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<CostAssumptions>;
    const merged = { ...defaults, ...set };
    return { ...merged, natProcessedGb: set.natProcessedGb ?? merged.internetEgressGb };
}

export const costSection = defineSection({
    key: "cost",
    summary: "Usage assumptions of the cost estimate (egress, NAT, logs, load-balancer capacity units, WAF requests, endpoint traffic, backup growth), with per-environment defaults.",
    schema: costSchema,
    rules: [],
    derive: (parsed, platform) => ({ assumptions: costAssumptionsFor(platform.environment, parsed.assumptions) }),
});

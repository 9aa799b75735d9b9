// The cluster section (`hse-platform:cluster`): the ECS cluster every service runs in, its
// Service Connect namespace, ECS Exec, and the services' log and image retention.
import { z } from "zod";
import { CONTAINER_INSIGHTS_LEVELS } from "../../components/compute/cluster";
import { logRetentionDays } from "./fields";
import { defineSection, sectionRule } from "./section";

export const clusterSchema = z
    .strictObject({
        containerInsights: z.enum(CONTAINER_INSIGHTS_LEVELS).describe("Container Insights: enabled, or enhanced (per task and container)."),
        execEnabled: z.boolean().describe("ECS Exec into running containers (sessions encrypted and logged); off in production."),
        execLogRetentionInDays: logRetentionDays.describe("Retention of the ECS Exec session logs."),
        serviceLogRetentionInDays: logRetentionDays.describe("Retention of each service's container logs."),
        repositories: z
            .strictObject({
                untaggedExpiryDays: z.int().min(1).max(365).default(7).describe("Days after which untagged images expire."),
                taggedImagesKept: z.int().min(1).max(1000).default(30).describe("Newest images kept per repository."),
            })
            .prefault({})
            .describe("Lifecycle of the repositories this stack creates."),
    })
    .describe("The ECS cluster and its defaults.");

export const clusterSection = defineSection({
    key: "cluster",
    summary: "The ECS cluster: Container Insights, ECS Exec, Service Connect namespace, log and image retention.",
    schema: clusterSchema,
    rules: [
        sectionRule({
            description: "no ECS Exec in production",
            reads: ["environment"],
            needs: z.object({ execEnabled: clusterSchema.shape.execEnabled }),
            check: (v, { environment }) => (environment === "production" && v.execEnabled ? [{ path: ["execEnabled"], message: "is true in production; nobody opens a shell in a production container" }] : []),
        }),
    ],
    derive: (parsed) => parsed,
});

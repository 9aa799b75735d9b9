// The CDN section (`hse-platform:cdn`): CloudFront in front of the ALB (seed §10.1) with its WAF.
import { z } from "zod";
import { CLOUDFRONT_TLS_POLICIES, PRICE_CLASSES } from "../../components/edge/cdn";
import { MANAGED_RULE_GROUPS, RATE_LIMIT_MIN, RATE_WINDOWS } from "../../components/edge/web-acl";
import { logRetentionDays } from "./fields";
import { defineSection, distinctEntries } from "./section";

export const cdnSchema = z
    .strictObject({
        enabled: z.boolean().describe("CloudFront in front of the ALB (seed: staging and production); then the ALB takes HTTPS from CloudFront only."),
        priceClass: z.enum(PRICE_CLASSES).default("PriceClass_100").describe("Edge locations served (100: North America and Europe)."),
        minimumProtocolVersion: z
            .enum(CLOUDFRONT_TLS_POLICIES)
            .default("TLSv1.2_2021")
            .describe("Viewer TLS policy (Security Hub CloudFront.15)."),
        cacheApi: z.boolean().default(false).describe("Cache GET responses (managed CachingOptimized); off: nothing cached (an API)."),
        waf: z
            .strictObject({
                managedRuleGroups: z
                    .array(z.enum(MANAGED_RULE_GROUPS))
                    .min(1)
                    .default([...MANAGED_RULE_GROUPS])
                    .describe("AWS managed rule groups."),
                rateLimit: z.int().min(RATE_LIMIT_MIN).max(2_000_000_000).default(2000).describe("Requests one IP may make per window before it is blocked."),
                rateWindowSeconds: z.literal(RATE_WINDOWS).default(300).describe("The window of the rate limit, seconds."),
            })
            .prefault({})
            .describe("The WAF web ACL."),
        logRetentionInDays: logRetentionDays.default(30).describe("Retention of CloudFront's and WAF's logs."),
    })
    .describe("CloudFront and WAF in front of the ALB (seed 10.1).");

export const cdnSection = defineSection({
    key: "cdn",
    summary: "CloudFront in front of the ALB with a WAF web ACL (seed 10.1): TLS policy, price class, caching, managed rules, rate limit, logs.",
    schema: cdnSchema,
    rules: [distinctEntries(["waf", "managedRuleGroups"])],
    derive: (parsed) => parsed,
});

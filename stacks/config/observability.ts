// The observability section (`hse-platform:observability`): where the environment's alarms are
// sent (issue 20, "Notifications"). The alarms themselves come with their tiers; each of them
// notifies the topic this section configures, on alarm and on recovery.
import { z } from "zod";
import { maxBurnFactor } from "../../components/observability/burn-rate";
import { defineSection, distinctEntries, sectionRule } from "./section";

/** A webhook URL with a token in it is set as a secret, never in the stack file. */
export const ALERTS_WEBHOOK_KEY = "alertsWebhookUrl";

// SNS delivers to HTTPS endpoints on the default port or any port (SNS developer guide,
// "Fanout to HTTP/S endpoints"); the stack allows https only: notifications leave AWS in TLS.
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/\S*)?$/;

const emailAddress = z
    .string({ error: "must be an e-mail address such as oncall@example.com" })
    .check((ctx) => {
        if (!z.email().safeParse(ctx.value).success) {
            ctx.issues.push({ code: "custom", input: ctx.value, message: `${JSON.stringify(ctx.value)} is not an e-mail address; write one such as oncall@example.com` });
        }
    });

const httpsEndpoint = z
    .string({ error: "must be an https:// URL such as https://hooks.example.com/alerts" })
    .check((ctx) => {
        if (!HTTPS_URL.test(ctx.value)) {
            ctx.issues.push({ code: "custom", input: ctx.value, message: `${JSON.stringify(ctx.value)} is not an https:// URL; SNS posts alerts only to https endpoints here, e.g. https://hooks.example.com/alerts` });
        }
    });

export const observabilitySchema = z
    .strictObject({
        enabled: z
            .boolean({ error: "must be true or false" })
            .describe("The alerts topic and its subscriptions; off (dev only): alarms keep only their own actions and notify nobody."),
        paging: z
            .boolean({ error: "must be true or false" })
            .default(false)
            .describe("Critical alarms page the on-call (production); false: they only notify (staging). The alarms read it to choose who is woken."),
        notifications: z
            .strictObject({
                emails: z.array(emailAddress, { error: "must be a list of e-mail addresses" }).default([]).describe("E-mail addresses subscribed to the topic (each confirms by the mail SNS sends)."),
                httpsEndpoints: z
                    .array(httpsEndpoint, { error: "must be a list of https:// URLs" })
                    .default([])
                    .describe(`Webhooks (chat, paging) subscribed to the topic. A URL with a token in it goes into the secret key ${ALERTS_WEBHOOK_KEY} instead.`),
            })
            .prefault({})
            .describe("Who receives the alarms."),
        // Seed 11.4: availability > 99.9 %. Below 90 % a budget of a tenth of the requests is no
        // objective; 100 % leaves no budget to burn and the burn rate divides by zero.
        availabilityObjectivePercent: z
            .number({ error: "must be a percentage such as 99.9" })
            .min(90, { error: "must be at least 90 (a percentage such as 99.9)" })
            .max(99.99, { error: "must be at most 99.99: 100 leaves no error budget to burn" })
            .default(99.9)
            .describe("The ALB's availability objective (seed 11.4): the error-budget burn alarms compare the 5xx ratio with 100 minus it."),
        // Seed 11.4: p99 latency below 500 ms. ALB target response times are in seconds with
        // a 60 s idle timeout by default: above that no request completes to be measured.
        p99LatencyMs: z
            .number({ error: "must be a number of milliseconds such as 500" })
            .int({ error: "must be a whole number of milliseconds such as 500" })
            .min(1, { error: "must be at least 1 ms" })
            .max(60000, { error: "must be at most 60000 ms: the ALB's default idle timeout ends slower requests" })
            .default(500)
            .describe("Each ALB target group's p99 TargetResponseTime alarm threshold, in ms (seed 11.4)."),
        // Google SRE workbook, "Alerting on SLOs", table 5-8: 14.4x over 1 h (and 5 min) pages,
        // 6x over 6 h (and 30 min) warns.
        burnRates: z
            .strictObject({
                fast: z.number({ error: "must be a number such as 14.4" }).gt(1, { error: "must be above 1: a burn rate of 1 spends the budget exactly in its period" }).default(14.4).describe("Burn factor over 1 hour and 5 minutes: the alarm that pages when paging is on."),
                slow: z.number({ error: "must be a number such as 6" }).gt(1, { error: "must be above 1: a burn rate of 1 spends the budget exactly in its period" }).default(6).describe("Burn factor over 6 hours and 30 minutes: the alarm that only warns."),
            })
            .prefault({})
            .describe("Error-budget burn factors of the availability alarms (multi-window, multi-burn-rate)."),
    })
    .describe("Alerts (issue 20): the SNS topic hse-<env>-alerts, encrypted with the data key, and its subscribers.");

export const observabilitySection = defineSection({
    key: "observability",
    summary: "Alerts: the SNS topic `hse-<env>-alerts` every alarm notifies on alarm and on recovery, its e-mail and HTTPS subscribers, and whether critical alarms page.",
    schema: observabilitySchema,
    rules: [
        distinctEntries(["notifications", "emails"], ": SNS would send each alert twice"),
        distinctEntries(["notifications", "httpsEndpoints"], ": SNS would send each alert twice"),
        sectionRule({
            description: "burn factors the objective lets fire, fast above slow",
            reads: [],
            needs: z.object({ availabilityObjectivePercent: z.number().default(99.9), burnRates: z.object({ fast: z.number().default(14.4), slow: z.number().default(6) }).prefault({}) }),
            check: ({ availabilityObjectivePercent: objective, burnRates }) => {
                const max = maxBurnFactor(objective);
                const issues = (["fast", "slow"] as const)
                    .filter((k) => burnRates[k] > max)
                    .map((k) => ({ path: ["burnRates", k], message: `is ${burnRates[k]}, above ${max}: with an objective of ${objective} % even 100 % errors burn at most ${max}x, so the alarm could never fire` }));
                if (burnRates.fast <= burnRates.slow) issues.push({ path: ["burnRates", "fast"], message: `is ${burnRates.fast}, not above slow (${burnRates.slow}): the fast, shorter window must need a faster burn` });
                return issues;
            },
        }),
        sectionRule({
            description: "production's alarms reach someone and page",
            reads: ["environment"],
            needs: z.object({ enabled: z.boolean(), paging: z.boolean().default(false) }),
            check: (v, { environment }) => {
                if (environment !== "production") return [];
                if (!v.enabled) return [{ path: ["enabled"], message: "is false in production; production's alarms must reach the on-call (seed 11.2)" }];
                return v.paging ? [] : [{ path: ["paging"], message: "is false in production; production's critical alarms page the on-call, only staging merely notifies" }];
            },
        }),
    ],
    secretKeys: [{
        key: ALERTS_WEBHOOK_KEY,
        description: "A chat or paging webhook whose URL carries a token, subscribed to the alerts topic like notifications.httpsEndpoints; kept a secret in the state and in plans.",
        placeholder: "<https://... webhook URL>",
        format: { pattern: HTTPS_URL, says: "must be an https:// URL, such as https://hooks.example.com/services/<token>" },
        offlineStandIn: "https://hooks.example.com/offline-stand-in",
    }],
    derive: (parsed) => parsed,
});

// The observability section (`hse-platform:observability`): where the environment's alarms are
// sent (issue 20, "Notifications"). The alarms themselves come with their tiers; each of them
// notifies the topic this section configures, on alarm and on recovery.
import { z } from "zod";
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

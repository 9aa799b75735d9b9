// The secrets section (`hse-platform:secrets`): how the platform's Secrets Manager secrets are
// kept. Every secret lives under hse/<env>/ and is encrypted with the secrets key.
import { z } from "zod";
import { SECRET_RECOVERY_WINDOW_DAYS } from "../../components/secrets/platform-secret";
import { defineSection, sectionRule } from "./section";

export const secretsSchema = z
    .strictObject({
        recoveryWindowInDays: z
            .int()
            .min(SECRET_RECOVERY_WINDOW_DAYS.min)
            .max(SECRET_RECOVERY_WINDOW_DAYS.max)
            .describe("Days a deleted secret can still be restored (Secrets Manager allows 7-30); 30 in production."),
    })
    .describe("Secrets Manager secrets of the platform (seed 10.2.6).");

export const secretsSection = defineSection({
    key: "secrets",
    summary: "Secrets Manager secrets of the platform (seed 10.2.6): names hse/<env>/<name>, the secrets key, recovery window.",
    schema: secretsSchema,
    rules: [
        sectionRule({
            description: "deleted production secrets stay recoverable for 30 days",
            reads: ["environment"],
            needs: z.object({ recoveryWindowInDays: secretsSchema.shape.recoveryWindowInDays }),
            check: (v, { environment }) =>
                environment !== "production" || v.recoveryWindowInDays === SECRET_RECOVERY_WINDOW_DAYS.max
                    ? []
                    : [{ path: ["recoveryWindowInDays"], message: `is ${v.recoveryWindowInDays} in production; a deleted production secret must stay recoverable for ${SECRET_RECOVERY_WINDOW_DAYS.max} days` }],
        }),
    ],
    derive: (parsed) => parsed,
});

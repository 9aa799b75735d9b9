// The keys section (`hse-platform:keys`): the environment's customer-managed KMS keys.
import { z } from "zod";
import { KEY_DEFAULTS, KEY_DELETION_WINDOW_DAYS, KEY_ROTATION_PERIOD_DAYS } from "../../components/keys/encryption-keys";
import { defineSection, sectionRule } from "./section";

const days = (range: { min: number; max: number }, what: string) =>
    z.int(`must be a whole number of days from ${range.min} to ${range.max}`).min(range.min).max(range.max).describe(what);

export const keysSchema = z
    .strictObject({
        deletionWindowInDays: days(KEY_DELETION_WINDOW_DAYS, "Days a deleted key stays recoverable (KMS allows 7-30); 30 in production.")
            .default(KEY_DEFAULTS.deletionWindowInDays),
        rotationPeriodInDays: days(KEY_ROTATION_PERIOD_DAYS, "Days between automatic rotations of the key material (KMS allows 90-2560).")
            .default(KEY_DEFAULTS.rotationPeriodInDays),
    })
    .prefault({})
    .describe("Customer-managed KMS keys, one per purpose: data at rest, secrets, logs.");

export const keysSection = defineSection({
    key: "keys",
    summary: "Customer-managed KMS keys, one per purpose (data, secrets, logs), rotated automatically, alias `alias/hse-<env>-<purpose>`.",
    schema: keysSchema,
    rules: [
        sectionRule({
            description: "keys stay recoverable for 30 days in production",
            reads: ["environment"],
            needs: z.object({ deletionWindowInDays: keysSchema.unwrap().shape.deletionWindowInDays }),
            check: (v, { environment }) =>
                environment !== "production" || v.deletionWindowInDays === KEY_DELETION_WINDOW_DAYS.max
                    ? []
                    : [{ path: ["deletionWindowInDays"], message: `is ${v.deletionWindowInDays} in production; a deleted production key must stay recoverable for ${KEY_DELETION_WINDOW_DAYS.max} days` }],
        }),
    ],
    derive: (parsed) => parsed,
});

// The secrets section (`hse-platform:secrets`): how the platform's Secrets Manager secrets are
// kept (every secret lives under hse/<env>/ and is encrypted with the secrets key), and the
// settings of the application secrets of seed §10.2.6: the JWT signing secret (generated and
// rotated by a function of ours) and New Relic (a vendor key supplied once by a person).
import { z } from "zod";
import { DEFAULT_ROTATION_DAYS, SECRET_RECOVERY_WINDOW_DAYS, SECRET_ROTATION_DAYS } from "../../components/secrets/platform-secret";
import { LIFETIME_PATTERN, lifetimeSeconds } from "../../functions/rotation/jwt-value";
import { logRetentionDays, typeError } from "./fields";
import { defineSection, RuleIssue, sectionRule } from "./section";

export const NEW_RELIC_LICENSE_KEY = "newRelicLicenseKey";

/** New Relic license (ingest) keys are 40 characters (New Relic docs, "License key"). */
const NEW_RELIC_LICENSE_KEY_PATTERN = /^[A-Za-z0-9]{40}$/;

/** New Relic takes up to three names separated by ";", the first being the app's own (New Relic docs, "Use multiple names for an app"). */
const NEW_RELIC_APP_NAME_PATTERN = /^[^;\s][^;]*(;[^;\s][^;]*){0,2}$/;

const lifetime = z
    .string(typeError("must be a lifetime such as 15m or 7d"))
    .regex(LIFETIME_PATTERN, "must be a lifetime: a whole number of s, m, h or d, such as 15m or 7d")
    .meta({ "x-type": "lifetime (15m, 7d)" });

const jwtSchema = z
    .strictObject({
        expiresIn: lifetime.default("15m").describe("Lifetime of an access token (seed: 15m)."),
        refreshExpiresIn: lifetime.default("7d").describe("Lifetime of a refresh token (seed: 7d)."),
        rotationDays: z
            .int()
            .min(SECRET_ROTATION_DAYS.min)
            .max(SECRET_ROTATION_DAYS.max)
            .default(DEFAULT_ROTATION_DAYS)
            .describe("Days between rotations of the signing secret (seed: 30; Secrets Manager allows 1-1000)."),
    })
    .describe("The JWT signing secret `hse/<env>/jwt`: generated, rotated by a function of ours.");

const newRelicSchema = z
    .strictObject({
        appName: z
            .string(typeError("must be text"))
            .regex(NEW_RELIC_APP_NAME_PATTERN, "must be an application name, or up to three separated by ;")
            .describe("Name the services report under (seed: \"HSE Backend Production\")."),
    })
    .describe("New Relic `hse/<env>/newrelic`: the license key (set with pulumi config set --secret) and the app name.");

export const secretsSchema = z
    .strictObject({
        recoveryWindowInDays: z
            .int()
            .min(SECRET_RECOVERY_WINDOW_DAYS.none)
            .max(SECRET_RECOVERY_WINDOW_DAYS.max)
            .describe("Days a deleted secret can still be restored: 0 (deleted at once) where stateful resources are unprotected, so a destroyed stack can be re-created under the same names; 7-30 where they are protected; 30 in production."),
        jwt: jwtSchema.prefault({}),
        newRelic: newRelicSchema,
        functionLogRetentionInDays: logRetentionDays.describe("Retention of the logs of the password and key rotation functions (ours and AWS's) and of the redeploy that follows a secret's change."),
    })
    .describe("Secrets Manager secrets of the platform (seed 10.2.6).");

export type SecretsSettings = z.output<typeof secretsSchema>;

/**
 * Secrets Manager keeps a deleted secret's name for its recovery window, so re-creating a
 * destroyed stack fails (a secret with that name is scheduled for deletion) unless the
 * window is 0. Protected stacks keep their secrets recoverable instead; 1-6 is not a window
 * Secrets Manager has. Spans the top-level protectStatefulResources, hence a cross-section rule.
 */
export function recoveryWindowIssues(days: number, protectedStack: boolean): RuleIssue[] {
    const { none, min, max } = SECRET_RECOVERY_WINDOW_DAYS;
    const path = ["secrets", "recoveryWindowInDays"];
    if (!protectedStack && days !== none) {
        return [{ path, message: `is ${days}, but protectStatefulResources is false: unprotected stacks are destroyed and re-created, and a name kept in a recovery window blocks the new secret; set ${none}` }];
    }
    if (protectedStack && days < min) {
        return [{ path, message: `is ${days}, but protectStatefulResources is true: a protected stack's deleted secrets stay recoverable ${min}-${max} days` }];
    }
    return [];
}

const productionRecoveryWindow = sectionRule({
    description: "deleted production secrets stay recoverable for 30 days",
    reads: ["environment"],
    needs: z.object({ recoveryWindowInDays: secretsSchema.shape.recoveryWindowInDays }),
    check: (v, { environment }) =>
        environment !== "production" || v.recoveryWindowInDays === SECRET_RECOVERY_WINDOW_DAYS.max
            ? []
            : [{ path: ["recoveryWindowInDays"], message: `is ${v.recoveryWindowInDays} in production; a deleted production secret must stay recoverable for ${SECRET_RECOVERY_WINDOW_DAYS.max} days` }],
});

const DAY_SECONDS = 86400;

/**
 * A token verifies with `secret` or `previous`: it stays verifiable for one rotation interval
 * after the secret that signed it was replaced. A refresh token that lives longer would be
 * refused before it expires; an access token that outlives its refresh token makes no sense.
 * A schedule in days may run at any time of the day it is due (Secrets Manager's
 * RotationRulesType), up to a day early, so the refresh lifetime must fit a day inside it.
 */
const ROTATION_WINDOW_SECONDS = DAY_SECONDS;

const lifetimesFitRotation = sectionRule({
    description: "tokens expire before the secret that signed them is forgotten",
    needs: z.object({ jwt: jwtSchema.prefault({}) }),
    check: ({ jwt }): RuleIssue[] => {
        const access = lifetimeSeconds(jwt.expiresIn)!;
        const refresh = lifetimeSeconds(jwt.refreshExpiresIn)!;
        return [
            ...(access > refresh ? [{ path: ["jwt", "expiresIn"], message: `is ${jwt.expiresIn}, longer than refreshExpiresIn (${jwt.refreshExpiresIn})` }] : []),
            ...(refresh + ROTATION_WINDOW_SECONDS > jwt.rotationDays * DAY_SECONDS
                ? [{ path: ["jwt", "rotationDays"], message: `is ${jwt.rotationDays}: a refresh token (${jwt.refreshExpiresIn}) must expire at least a day within one rotation interval (a rotation may run a day early), or it is refused once its secret is no longer even the previous one` }]
                : []),
        ];
    },
});

export const secretsSection = defineSection({
    key: "secrets",
    summary: "Secrets Manager secrets of the platform (seed 10.2.6): names hse/<env>/<name>, the secrets key, recovery window, the JWT signing secret and New Relic.",
    schema: secretsSchema,
    rules: [productionRecoveryWindow, lifetimesFitRotation],
    secretKeys: [{
        key: NEW_RELIC_LICENSE_KEY,
        description: "New Relic license key the services report with; stored in `hse/<env>/newrelic`. Replace by hand (docs/secrets.md, \"Replacing the New Relic license key\").",
        required: true,
        placeholder: "<license key>",
        format: { pattern: NEW_RELIC_LICENSE_KEY_PATTERN, says: "must be a New Relic license key: 40 letters and digits" },
        offlineStandIn: "0000000000000000000000000000000000000000",
    }],
    derive: (parsed) => parsed,
});

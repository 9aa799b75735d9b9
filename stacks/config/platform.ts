// The platform section: the top-level keys every tier shares (environment, region, account,
// tags, protection). Its rules read only these keys; its paths are full paths.
import { z } from "zod";
import { namePrefixOf } from "../../components/shared/naming";
import { configBoolean, tagValue } from "./fields";
import { PlatformSettings, RuleIssue, RuleContext } from "./section";

export const ENVIRONMENTS = ["dev", "staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Environments that must name their AWS account, so a wrong profile cannot deploy them elsewhere. */
export const ACCOUNT_REQUIRED_IN: readonly Environment[] = ["staging", "production"];

const REGION_NAME = "[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d";
export const REGION_PATTERN = new RegExp(`^${REGION_NAME}$`);
/** A zone is its region's name and one letter: us-east-1a. */
export const ZONE_PATTERN = new RegExp(`^${REGION_NAME}[a-z]$`);

export const platformSchema = z.strictObject({
    environment: z
        .enum(ENVIRONMENTS)
        .describe("Environment this stack deploys; must equal the stack name."),
    region: z
        .string({ error: "must be an AWS region name such as us-east-1" })
        .regex(REGION_PATTERN, "must be an AWS region name such as us-east-1")
        .meta({ "x-type": "region name" })
        .describe("AWS region of the whole environment (the default `us-east-1` comes from Pulumi.yaml)."),
    accountId: z
        .string({ error: "must be a 12-digit AWS account id" })
        .regex(/^\d{12}$/, "must be a 12-digit AWS account id, e.g. 123456789012")
        .meta({ "x-type": "12-digit account id" })
        .optional()
        .describe(
            "The only AWS account this stack may deploy to (the provider's allowedAccountIds); required in staging and production. Absent: any account (dev only).",
        ),
    costCenter: tagValue.describe("`CostCenter` tag on every resource."),
    owner: tagValue.describe("`Owner` tag on every resource: the team or address that answers for it."),
    protectStatefulResources: configBoolean.describe(
        "Protect stateful and hard-to-recreate resources (`protect`, retain on delete, deletion protection, final snapshots); must be true in production.",
    ),
});
export type ParsedPlatform = z.output<typeof platformSchema>;

const top = platformSchema.shape;

export interface PlatformRule {
    readonly description: string;
    readonly needs: z.ZodType;
    check(value: unknown, context: RuleContext): RuleIssue[];
}

function platformRule<S extends z.ZodType>(description: string, needs: S, check: (value: z.output<S>, context: RuleContext) => RuleIssue[]): PlatformRule {
    return { description, needs, check: (value, context) => check(needs.parse(value), context) };
}

export const PLATFORM_RULES: readonly PlatformRule[] = [
    platformRule("environment matches the stack name", z.object({ environment: top.environment }), (v, context) =>
        v.environment === context.stack
            ? []
            : [{ path: ["environment"], message: `is "${v.environment}" but the stack is "${context.stack}"; Pulumi.${context.stack}.yaml must deploy the environment of its own name` }],
    ),
    platformRule(
        "stateful resources are protected in production",
        z.object({ environment: top.environment, protectStatefulResources: top.protectStatefulResources }),
        (v) =>
            v.environment !== "production" || v.protectStatefulResources === "true"
                ? []
                : [{ path: ["protectStatefulResources"], message: "is false in production; production data must be protected (deletion protection, final snapshots, retain on delete)" }],
    ),
    platformRule(
        "staging and production name their AWS account",
        z.object({ environment: top.environment, accountId: z.unknown().optional() }),
        (v) =>
            !ACCOUNT_REQUIRED_IN.includes(v.environment) || v.accountId !== undefined
                ? []
                : [{ path: ["accountId"], message: `is required in ${v.environment}: name the AWS account this stack deploys to (12 digits), so a wrong AWS profile cannot deploy ${v.environment} into another account` }],
    ),
];

export interface PlatformConfigBase extends PlatformSettings {
    /** The account the provider is limited to; undefined: any (dev only). */
    readonly accountId?: string;
    /** Applied to every AWS resource through the provider's default tags. */
    readonly defaultTags: Readonly<Record<"Project" | "Environment" | "ManagedBy" | "CostCenter" | "Owner", string>>;
}

export function derivePlatform(project: string, parsed: ParsedPlatform): PlatformConfigBase {
    return {
        project,
        environment: parsed.environment,
        region: parsed.region,
        accountId: parsed.accountId,
        namePrefix: namePrefixOf(parsed.environment),
        protectStatefulResources: parsed.protectStatefulResources === "true",
        defaultTags: {
            Project: project,
            Environment: parsed.environment,
            ManagedBy: "pulumi",
            CostCenter: parsed.costCenter,
            Owner: parsed.owner,
        },
    };
}

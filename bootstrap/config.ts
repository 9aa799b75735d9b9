// The bootstrap project's config: one stack per AWS account, validated with zod in the main
// program's voice (stacks/config/messages.ts): every problem at once, each naming the full key,
// the value received and what is allowed, before any resource is declared.
import { z } from "zod";
import { ConfigProblem, ConfigValidationError } from "../stacks/config/errors";
import { tagValue } from "../stacks/config/fields";
import { decodeConfigValue } from "../stacks/config/load";
import { describeIssue, oneComplaintPerWrongType, projectVoice } from "../stacks/config/messages";
import { REGION_PATTERN } from "../stacks/config/platform";

/** Noncurrent state versions are kept this long unless the stack says otherwise. */
export const DEFAULT_NONCURRENT_VERSION_DAYS = 90;
/** What a lifecycle rule's NoncurrentDays may be here: at least a day, at most ten years. */
export const NONCURRENT_VERSION_DAYS = { min: 1, max: 3650 } as const;

/**
 * S3 general purpose bucket naming rules (S3 user guide, "General purpose bucket naming
 * rules"): 3-63 characters of lowercase letters, digits, periods and hyphens, starting and
 * ending with a letter or digit, no two adjacent periods, not an IP address, and none of the
 * reserved prefixes and suffixes. One rule more of ours: no periods at all, because the same
 * guide says a bucket whose name has periods cannot be reached virtual-hosted-style over HTTPS
 * (the wildcard certificate does not match), and the state bucket refuses anything but TLS.
 */
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

export const bucketName = z
    .string({ error: "must be an S3 bucket name (text)" })
    .superRefine((name, ctx) => {
        const problem = bucketNameProblem(name);
        if (problem) ctx.addIssue({ code: "custom", message: `${problem} (got ${JSON.stringify(name)})` });
    })
    .meta({ "x-type": "S3 bucket name" });

/** Why `name` is not a bucket name this project accepts, or undefined when it is one. */
export function bucketNameProblem(name: string): string | undefined {
    if (name.length < 3 || name.length > 63) return `must be 3-63 characters long (S3 bucket naming rules); it is ${name.length}`;
    if (name.includes(".")) return "must not contain periods: a dotted bucket name breaks HTTPS to the bucket, and the state bucket takes TLS only";
    if (!/^[a-z0-9-]+$/.test(name)) return "may contain only lowercase letters, digits and hyphens";
    if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "must begin and end with a lowercase letter or a digit";
    const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
    if (prefix) return `must not start with ${prefix} (reserved by S3)`;
    const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
    if (suffix) return `must not end with ${suffix} (reserved by S3)`;
    return undefined;
}

/**
 * An IAM role ARN: `arn:<partition>:iam::<12-digit account>:role/<path/><name>` (IAM user
 * guide, "IAM identifiers": role names are 1-64 of letters, digits and + = , . @ _ -, paths
 * begin and end with /).
 */
export const ROLE_ARN_PATTERN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

const roleArn = z
    .string({ error: "must be an IAM role ARN (text)" })
    .regex(ROLE_ARN_PATTERN, "must be an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>")
    .meta({ "x-type": "IAM role ARN" });

/** Top-level numbers arrive as text from Pulumi ("90"); nested ones as numbers. */
const wholeDays = z
    .union([z.int(), z.string().regex(/^\d+$/).transform(Number)], { error: `must be a whole number of days from ${NONCURRENT_VERSION_DAYS.min} to ${NONCURRENT_VERSION_DAYS.max}` })
    .pipe(z.int().min(NONCURRENT_VERSION_DAYS.min).max(NONCURRENT_VERSION_DAYS.max));

export const bootstrapSchema = z.strictObject({
    region: z
        .string({ error: "must be an AWS region name such as us-east-1" })
        .regex(REGION_PATTERN, "must be an AWS region name such as us-east-1")
        .describe("Region of the state bucket and the keys (the default `us-east-1` comes from Pulumi.yaml)."),
    accountId: z
        .string({ error: "must be a 12-digit AWS account id" })
        .regex(/^\d{12}$/, "must be a 12-digit AWS account id, e.g. 123456789012")
        .describe("The only AWS account this stack may deploy to: the account whose stacks keep their state here."),
    costCenter: tagValue.describe("`CostCenter` tag on every resource."),
    owner: tagValue.describe("`Owner` tag on every resource."),
    bucketName: bucketName.describe("Name of the state bucket: `pulumi login s3://<bucketName>`. Globally unique; no periods."),
    noncurrentVersionDays: wholeDays
        .default(DEFAULT_NONCURRENT_VERSION_DAYS)
        .describe("Days an overwritten state file stays recoverable as a noncurrent version."),
    deployerRoleArns: z
        .array(roleArn, { error: "must be a list of IAM role ARNs" })
        .min(1, "must name at least one deployer role: nobody could use the secrets key otherwise")
        .describe("Roles that run `pulumi` against this account (people and CI): they may use both keys."),
    accessLogging: z
        .strictObject({
            targetBucket: bucketName.describe("An existing bucket of the account that receives S3 server access logs (SSE-S3, as S3 requires)."),
            targetPrefix: z.string().max(512).default("pulumi-state/").describe("Key prefix of the state bucket's logs."),
        })
        .optional()
        .describe("S3 server access logging of the state bucket; absent: none (CloudTrail still logs every key use)."),
});

export type BootstrapConfig = z.output<typeof bootstrapSchema> & {
    readonly stack: string;
    /** Tags on every resource, through the provider's default tags. */
    readonly defaultTags: Readonly<Record<string, string>>;
};

export interface RawBootstrapConfig {
    readonly project: string;
    readonly stack: string;
    /** Flat config as Pulumi passes it: "namespace:key" -> string. */
    readonly values: Readonly<Record<string, string>>;
}


/** Validates the stack's config; throws one ConfigValidationError listing every problem. */
export function loadBootstrapConfig(raw: RawBootstrapConfig): BootstrapConfig {
    const stack = raw.stack.split("/").pop()!;
    const values: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    for (const [fullKey, text] of Object.entries(raw.values)) {
        const [namespace, ...rest] = fullKey.split(":");
        if (namespace === raw.project) values[rest.join(":")] = decodeConfigValue(text);
        else if (namespace === "aws") {
            // As in the main program: its own provider, from <project>:region and the environment's credentials.
            problems.push({ key: fullKey, message: `is not read: the program builds its own AWS provider from ${raw.project}:region and takes credentials from the environment; remove this key` });
        } else if (namespace !== "pulumi") {
            problems.push({ key: fullKey, message: `unknown config namespace "${namespace}"; this project reads ${raw.project}:* keys only` });
        }
    }
    const result = bootstrapSchema.safeParse(values, { reportInput: true, error: projectVoice });
    if (!result.success) {
        const allowed = Object.keys(bootstrapSchema.shape);
        problems.push(...oneComplaintPerWrongType(result.error.issues).flatMap((issue) => describeIssue(raw.project, issue, (path) => (path.length === 0 ? allowed : undefined))));
    }
    if (problems.length > 0 || !result.success) throw new ConfigValidationError(stack, problems);
    return {
        ...result.data,
        stack,
        defaultTags: { Project: raw.project, Environment: stack, ManagedBy: "pulumi", CostCenter: result.data.costCenter, Owner: result.data.owner },
    };
}

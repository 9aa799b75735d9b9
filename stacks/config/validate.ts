// The rule engine, shared by every section: assembles the schema from the platform keys and
// the sections, parses the decoded stack config, runs every rule whose inputs are valid, and
// returns all problems at once. Knows no section by name.
import { z } from "zod";
import { ConfigProblem } from "./errors";
import { describeIssue, oneComplaintPerWrongType, projectVoice } from "./messages";
import { PLATFORM_RULES, platformSchema } from "./platform";
import { ConfigSection, CrossSectionRule, Path, PlatformFact, RuleContext, RuleIssue, SecretKeySpec } from "./section";

export interface Validation<T> {
    readonly data?: T;
    readonly problems: readonly ConfigProblem[];
}

/** The schema of a whole stack config: the platform keys plus one key per section. */
export function assembleSchema(sections: readonly ConfigSection[], project = DEFAULT_PROJECT): z.ZodObject {
    return z.strictObject({
        ...platformSchema.shape,
        ...Object.fromEntries(sections.map((s) => [s.key, s.schema])),
        ...Object.fromEntries(secretKeysOf(sections).map((spec) => [spec.key, secretKeySchema(spec, project)])),
    });
}

/** The project's name in Pulumi.yaml, for commands in messages when no stack names it. */
const DEFAULT_PROJECT = "hse-platform";

/** The command that sets a secret key. */
export function setSecretCommand(spec: SecretKeySpec, project = DEFAULT_PROJECT): string {
    return `pulumi config set --secret ${project}:${spec.key} ${spec.placeholder ?? "<value>"}`;
}

function secretKeySchema(spec: SecretKeySpec, project: string): z.ZodType {
    const text = z.string({ error: (issue) => (issue.input === undefined ? `must be set once, with: ${setSecretCommand(spec, project)}` : "must be text") }).min(1, "must not be empty");
    const value = spec.format ? text.regex(spec.format.pattern, spec.format.says) : text;
    return (spec.required ? value : value.optional()).describe(spec.description).meta({ "x-type": "secret" });
}

export function secretKeysOf(sections: readonly ConfigSection[]): SecretKeySpec[] {
    return sections.flatMap((s) => s.secretKeys ?? []);
}

/** The platform facts that are valid in this config; section rules that read others wait. */
function validFacts(values: Record<string, unknown>): Partial<Record<PlatformFact, unknown>> {
    const facts: Partial<Record<PlatformFact, unknown>> = {};
    for (const fact of ["environment", "region"] as const) {
        const parsed = platformSchema.shape[fact].safeParse(values[fact]);
        if (parsed.success) facts[fact] = parsed.data;
    }
    return facts;
}

function ruleIssues(values: Record<string, unknown>, stack: string, sections: readonly ConfigSection[], crossRules: readonly CrossSectionRule[]): RuleIssue[] {
    const facts = validFacts(values);
    const context = { stack, ...facts } as RuleContext<PlatformFact>;
    const issues: RuleIssue[] = [];
    for (const rule of PLATFORM_RULES) {
        if (rule.needs.safeParse(values).success) issues.push(...rule.check(values, { stack }));
    }
    for (const section of sections) {
        const value = values[section.key];
        for (const rule of section.rules) {
            const factsKnown = rule.reads.every((fact) => fact in facts);
            if (factsKnown && rule.needs.safeParse(value).success) {
                issues.push(...rule.check(value, context).map((issue) => ({ ...issue, path: [section.key, ...issue.path] as Path })));
            }
        }
    }
    for (const rule of crossRules) {
        if (rule.needs.safeParse(values).success) issues.push(...rule.check(values, context));
    }
    return issues;
}

/**
 * Validates decoded config values (key without namespace -> value). Structure first, then
 * every rule that can run; problems come back in one list, each naming its full key.
 */
export function validateConfig<T>(
    project: string,
    stack: string,
    values: Record<string, unknown>,
    sections: readonly ConfigSection[],
    crossRules: readonly CrossSectionRule[],
): Validation<T> {
    const schema = assembleSchema(sections, project);
    const result = schema.safeParse(values, { reportInput: true, error: projectVoice });
    const schemaIssues = result.success ? [] : oneComplaintPerWrongType(result.error.issues);
    const allowedKeysAt = (path: readonly PropertyKey[]) => allowedKeys(schema, path);
    // A secret's value never appears in a message.
    const secret = new Set(secretKeysOf(sections).map((s) => s.key));
    const problems = [
        ...schemaIssues.flatMap((issue) => describeIssue(project, issue, allowedKeysAt, { hideValue: secret.has(String(issue.path[0])) })),
        ...ruleIssues(values, stack, sections, crossRules).flatMap((issue) =>
            describeIssue(project, { code: "custom", path: [...issue.path], message: issue.message, input: undefined }, allowedKeysAt),
        ),
    ];
    return problems.length === 0 ? { data: result.data as T, problems } : { problems };
}

/** The keys an object in the schema accepts, for "unknown key" messages. */
function allowedKeys(root: z.core.$ZodType, path: readonly PropertyKey[]): string[] | undefined {
    let schema: z.core.$ZodType | undefined = root;
    for (const segment of path) {
        schema = schema && childSchema(unwrap(schema), segment);
    }
    const target = schema && unwrap(schema);
    if (target instanceof z.ZodObject) return Object.keys(target.shape);
    if (target instanceof z.ZodDiscriminatedUnion) {
        return [...new Set(target.options.flatMap((o) => (o instanceof z.ZodObject ? Object.keys(o.shape) : [])))];
    }
    return undefined;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
    let current = schema;
    while (current instanceof z.ZodDefault || current instanceof z.ZodOptional || current instanceof z.ZodPrefault) {
        current = current.unwrap();
    }
    return current;
}

function childSchema(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
    if (schema instanceof z.ZodObject) return (schema.shape as Record<string, z.core.$ZodType | undefined>)[segment as string];
    if (schema instanceof z.ZodArray) return schema.element;
    return undefined;
}

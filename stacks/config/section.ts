// What a config section is: the key it owns in the stack file, its zod schema, the rules
// between its fields, and how it turns into the settings its tier receives. Every tier adds
// one section (stacks/config/<tier>.ts) and lists it in sections.ts; nothing else changes.
import { z } from "zod";

/** A key path inside the config, e.g. ["network", "flowLogs", "enabled"]. */
export type Path = readonly (string | number)[];

export interface RuleIssue {
    /** Relative to the section for section rules; from the top for platform and cross-section rules. */
    readonly path: Path;
    readonly message: string;
}

/** Top-level platform keys a section rule may read besides its own section. */
export interface PlatformFacts {
    readonly environment: "dev" | "staging" | "production";
    readonly region: string;
}
export type PlatformFact = keyof PlatformFacts;

/** What every rule is told: the stack, and the platform facts it declared it reads. */
export type RuleContext<R extends PlatformFact = never> = { readonly stack: string } & Pick<PlatformFacts, R>;

/**
 * A rule between fields of one section. It names what it reads (`needs`, parsed from the raw
 * section with defaults applied, and `reads`, platform keys) and runs whenever those are valid,
 * even if other fields are not, so one run reports every problem at once. A rule that also
 * reads `environment` or `region` spans the platform section and says so in `reads`.
 */
export interface SectionRule {
    readonly description: string;
    readonly reads: readonly PlatformFact[];
    readonly needs: z.ZodType;
    check(value: unknown, context: RuleContext<PlatformFact>): RuleIssue[];
}

export function sectionRule<S extends z.ZodType, R extends PlatformFact = never>(spec: {
    readonly description: string;
    readonly needs: S;
    readonly reads?: readonly R[];
    readonly check: (value: z.output<S>, context: RuleContext<R>) => RuleIssue[];
}): SectionRule {
    return {
        description: spec.description,
        reads: spec.reads ?? [],
        needs: spec.needs,
        check: (value, context) => spec.check(spec.needs.parse(value), context),
    };
}

/**
 * A rule between two or more tier sections (the data tier's ports and the network's security
 * groups, say). It reads the whole config, names the sections it spans, and reports full paths.
 */
export interface CrossSectionRule {
    readonly description: string;
    readonly sections: readonly string[];
    readonly needs: z.ZodType;
    check(config: unknown, context: RuleContext<PlatformFact>): RuleIssue[];
}

export function crossSectionRule<S extends z.ZodType>(spec: {
    readonly description: string;
    readonly sections: readonly string[];
    readonly needs: S;
    readonly check: (config: z.output<S>, context: RuleContext<PlatformFact>) => RuleIssue[];
}): CrossSectionRule {
    return { ...spec, check: (config, context) => spec.check(spec.needs.parse(config), context) };
}

/** The platform-wide settings every section's derive receives (names, protection). */
export interface PlatformSettings {
    readonly project: string;
    readonly environment: PlatformFacts["environment"];
    readonly region: string;
    /** `hse-<env>`: prefix of every physical name. */
    readonly namePrefix: string;
    readonly protectStatefulResources: boolean;
}

/**
 * A top-level key holding a secret a person supplies (a vendor key, an external password): set
 * with `pulumi config set --secret`, never echoed in an error, only passed on as a Pulumi secret.
 */
export interface SecretKeySpec {
    readonly key: string;
    readonly description: string;
    /** Without it the stack does not deploy; the error names the command that sets it. */
    readonly required?: boolean;
    /** What the value looks like, e.g. "<license key>", in that command. @default "<value>" */
    readonly placeholder?: string;
    /** A format check beyond "not empty"; its message never echoes the value. */
    readonly format?: { readonly pattern: RegExp; readonly says: string };
    /** A well-formed value that is not real, for the offline engine, which cannot read secrets. */
    readonly offlineStandIn: string;
}

export interface ConfigSection<K extends string = string, S extends z.ZodType = z.ZodType, D = unknown> {
    /** Its key in the stack file: `hse-platform:<key>`. */
    readonly key: K;
    /** One line for the configuration reference. */
    readonly summary: string;
    readonly schema: S;
    readonly rules: readonly SectionRule[];
    /** Top-level secret keys this section owns. */
    readonly secretKeys?: readonly SecretKeySpec[];
    /** The settings the tier receives, from the validated section. Pure. */
    derive(parsed: z.output<S>, platform: PlatformSettings): D;
}

export function defineSection<K extends string, S extends z.ZodType, D>(section: ConfigSection<K, S, D>): ConfigSection<K, S, D> {
    return section;
}

// ---- helpers for rules that read lists ----------------------------------------------------

/** Any list: rules that read lists element by element need only this, never valid entries. */
export const anyList = z.array(z.unknown());

/** Entries that appear more than once, each reported once per extra occurrence. */
export function duplicates<T>(values: readonly T[]): T[] {
    return values.filter((v, i) => values.indexOf(v) !== i);
}

/**
 * No entry twice in the list at `path` (relative to the section); entries the schema refuses
 * are left to it, and a value that is not a list is left to the schema too.
 */
export function distinctEntries(path: readonly string[], why = ""): SectionRule {
    const needs = path.reduceRight<z.ZodType>((inner, key) => z.object({ [key]: inner }), anyList);
    return sectionRule({
        description: `${path.join(".")} has no duplicates`,
        needs,
        check: (value) => {
            const list = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value) as unknown[];
            return duplicates(list.filter((e): e is string => typeof e === "string")).map((entry) => ({
                path,
                message: `lists ${entry} more than once${why}`,
            }));
        },
    });
}

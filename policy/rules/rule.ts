// The shape every rule of the pack shares: a pure function from what the engine shows a policy
// (type, props, URN, name, options, provider) to the violations it finds, so the tests can call
// the same function through the pack's real policy objects. Props are inputs as the engine gives
// them to policies: secrets already unwrapped (@pulumi/policy deserialize.ts).
import type {
    PolicyProviderResource,
    PolicyResourceOptions,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";

/** What a resource policy sees of one resource (a subset of ResourceValidationArgs). */
export interface Subject {
    readonly type: string;
    readonly props: Record<string, any>;
    readonly urn: string;
    readonly name: string;
    readonly opts: PolicyResourceOptions;
    readonly provider?: PolicyProviderResource;
}

/** What a stack policy sees of one resource (a subset of PolicyResource). */
export interface StackSubject extends Subject {
    /** The resources whose outputs flowed into each input, by input name. */
    readonly propertyDependencies: Record<string, readonly StackSubject[]>;
}

export interface ResourceRule {
    readonly name: string;
    readonly description: string;
    /** The Pulumi types the rule reads; any other type is not its business. */
    readonly types: readonly string[] | ((type: string) => boolean);
    readonly check: (subject: Subject) => string[];
}

export interface StackViolation {
    readonly message: string;
    readonly urn: string;
}

export interface StackRule {
    readonly name: string;
    readonly description: string;
    readonly check: (resources: readonly StackSubject[]) => StackViolation[];
}

function applies(rule: ResourceRule, type: string): boolean {
    return typeof rule.types === "function" ? rule.types(type) : rule.types.includes(type);
}

/** A mandatory resource policy that reports every message the rule's check returns. */
export function resourcePolicy(rule: ResourceRule): ResourceValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            if (!applies(rule, args.type)) return;
            for (const message of rule.check(args)) reportViolation(message);
        },
    };
}

/** A mandatory stack policy: for rules that relate resources (a bucket and its access block). */
export function stackPolicy(rule: StackRule): StackValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: "mandatory",
        validateStack: (args, reportViolation) => {
            for (const v of rule.check(args.resources)) reportViolation(v.message, v.urn);
        },
    };
}

/** The stack a URN belongs to: urn:pulumi:<stack>::<project>::<type>::<name>. */
export function stackOf(urn: string): string {
    return urn.split("::")[0].split(":")[2] ?? "";
}

/** The project names its production stack "production" (the environment must equal the stack name). */
export const PRODUCTION_STACK = "production";

export function isProduction(urn: string): boolean {
    return stackOf(urn) === PRODUCTION_STACK;
}

/** Inputs the provider takes as JSON text (containerDefinitions, policy documents) or as objects. */
export function parsed(value: unknown): any {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

export function asArray<T>(value: T | readonly T[] | undefined | null): T[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? [...value] : [value as T];
}

/** A KMS key reference is present (an ARN, id or alias; its value is the provider's to check). */
export function hasKey(value: unknown): boolean {
    return typeof value === "string" && value.length > 0;
}

// Runs the pack's real policy objects outside the engine: recorded resources (or fixtures) are
// shaped as the engine shows them to policies (ResourceValidationArgs, PolicyResource), and
// every reportViolation call is collected.
import * as pulumi from "@pulumi/pulumi";
import type { Policy, PolicyResource, PolicyResourceOptions, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { BuiltStack } from "../../offline/built-stack";
import { DeclaredResource } from "../../offline/recorder";

export interface Violation {
    readonly policy: string;
    readonly message: string;
    readonly urn?: string;
}

/** Policies get secrets unwrapped (@pulumi/policy deserializeProperties): do the same to recorded inputs. */
export function unwrapSecrets(value: unknown): any {
    if (pulumi.runtime.isRpcSecret(value)) return unwrapSecrets(pulumi.runtime.unwrapRpcSecret(value));
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    return value;
}

function options(protect: boolean, parent?: string): PolicyResourceOptions {
    return { protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], parent };
}

/** What a fixture or a recorded resource says about one resource; relations by the other's name. */
export interface ResourceSpec {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, any>;
    readonly stack?: string;
    /** The recorded URN; fixtures leave it out and get one from stack, type and name. */
    readonly urn?: string;
    readonly protect?: boolean;
    readonly providerProps?: Record<string, any>;
    /** Inputs that came from other resources of the same list, by their URNs (recorded) or names (fixtures). */
    readonly dependsOn?: Record<string, readonly string[]>;
}

const PROJECT = "hse-platform";

function urnOf(stack: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

/** PolicyResources as the engine gives a stack policy, with property dependencies resolved by name. */
export function policyResources(specs: readonly ResourceSpec[]): PolicyResource[] {
    const resources = specs.map((s): PolicyResource => {
        const type = s.type;
        return {
            type,
            props: s.props,
            urn: s.urn ?? urnOf(s.stack ?? "production", type, s.name),
            name: s.name,
            opts: options(s.protect ?? false),
            provider: s.providerProps ? { type: "pulumi:providers:aws", props: s.providerProps, urn: urnOf(s.stack ?? "production", "pulumi:providers:aws", "aws"), name: "aws" } : undefined,
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
    });
    const byKey = new Map(specs.map((s, i) => [s.urn ?? s.name, resources[i]]));
    specs.forEach((s, i) => {
        for (const [input, names] of Object.entries(s.dependsOn ?? {})) {
            resources[i].propertyDependencies[input] = names.map((n) => byKey.get(n)!);
        }
    });
    return resources;
}

/** The recorded inputs of a built stack as specs: property dependencies are the resources whose id or ARN an input holds (what the engine records as the input's dependencies). */
export function specsOf(built: BuiltStack): ResourceSpec[] {
    const byReference = new Map<string, DeclaredResource>();
    for (const r of built.resources) {
        if (r.id) byReference.set(r.id, r);
        if (typeof r.outputs?.arn === "string") byReference.set(r.outputs.arn, r);
    }
    const byUrn = new Map(built.resources.map((r) => [r.urn, r]));
    return built.resources.map((r) => {
        const props = unwrapSecrets(r.inputs) as Record<string, any>;
        const dependsOn: Record<string, string[]> = {};
        for (const [input, value] of Object.entries(props)) {
            const refs = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
            const found = refs.map((v) => byReference.get(v)).filter((d): d is DeclaredResource => d !== undefined && d.urn !== r.urn);
            if (found.length) dependsOn[input] = found.map((d) => d.urn);
        }
        const providerUrn = r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : "";
        const provider = byUrn.get(providerUrn);
        return { type: r.type, name: r.name, urn: r.urn, props, stack: built.stack, protect: r.protect, providerProps: provider ? unwrapSecrets(provider.inputs) : undefined, dependsOn };
    });
}

class NotApplicable extends Error {}

function isResourcePolicy(policy: Policy): policy is ResourceValidationPolicy {
    return "validateResource" in policy;
}

/** Every violation `policy` reports on `resources`, through its validateResource or validateStack. */
export async function violationsOf(policy: Policy, resources: readonly PolicyResource[]): Promise<Violation[]> {
    const found: Violation[] = [];
    const report = (message: string, urn?: string) => found.push({ policy: policy.name, message, urn });
    const notApplicable = (reason?: string): never => {
        throw new NotApplicable(reason);
    };
    if (isResourcePolicy(policy)) {
        const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
        for (const r of resources) {
            for (const validate of validations) {
                try {
                    const { type, props, urn, name, opts, provider } = r;
                    const args: ResourceValidationArgs = {
                        type, props, urn, name, opts, provider, stackTags: new Map(), notApplicable,
                        getConfig: <T>() => ({}) as T,
                        isType: () => false,
                        asType: () => undefined,
                    };
                    await validate(args, (message) => report(message, r.urn));
                } catch (e) {
                    if (!(e instanceof NotApplicable)) throw e;
                }
            }
        }
    } else {
        await (policy as StackValidationPolicy).validateStack({ resources: [...resources], stackTags: new Map(), getConfig: <T>() => ({}) as T, notApplicable }, report);
    }
    return found;
}

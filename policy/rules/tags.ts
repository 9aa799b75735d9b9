// Every AWS resource carries the cost and ownership tags. The program sets them once, as the AWS
// provider's defaultTags (stacks/config/platform.ts), so a policy sees them on the provider, not in
// each resource's `tags`: the rule merges the provider's default tags with the resource's own (as
// the AWS provider does) and checks the result, and checks the provider itself.
import { parsed, ResourceRule, stackOf, Subject } from "./rule";

export const REQUIRED_TAGS = ["Project", "Environment", "ManagedBy", "CostCenter", "Owner"] as const;
const AWS_PROVIDER = "pulumi:providers:aws";

/** The provider's defaultTags.tags; provider inputs reach the engine as JSON text. */
export function defaultTagsOf(providerProps: Record<string, any> | undefined): Record<string, string> {
    return (parsed(providerProps?.defaultTags) as { tags?: Record<string, string> } | undefined)?.tags ?? {};
}

function effectiveTags({ type, props, provider }: Subject): Record<string, unknown> {
    if (type === AWS_PROVIDER) return defaultTagsOf(props);
    return { ...defaultTagsOf(provider?.props), ...(parsed(props.tags) ?? {}) };
}

export const requiredTags: ResourceRule = {
    name: "required-tags",
    description: `Every AWS resource has the tags ${REQUIRED_TAGS.join(", ")} (through its provider's defaultTags or its own), Environment equal to the stack.`,
    types: (type) => type === AWS_PROVIDER || type.startsWith("aws:"),
    check: (subject) => {
        const tags = effectiveTags(subject);
        const missing = REQUIRED_TAGS.filter((k) => typeof tags[k] !== "string" || tags[k].trim() === "");
        const stack = stackOf(subject.urn);
        return [
            ...(missing.length ? [`missing tag(s) ${missing.join(", ")} (set them in the provider's defaultTags)`] : []),
            ...(tags.Environment !== undefined && tags.Environment !== stack ? [`tag Environment is ${JSON.stringify(tags.Environment)}, the stack is ${stack}`] : []),
        ];
    },
};

export const TAGS = [requiredTags];

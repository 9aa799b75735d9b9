// Names of things: one prefix per environment (`hse-<env>`), physical names and `Name` tags
// derived from it, and child resource names derived from the component that owns them.
import { createHash } from "crypto";

/** Root of every name prefix: `hse-<env>`. */
export const NAME_PREFIX_ROOT = "hse";

/** `hse-<env>`: the prefix of every physical name of an environment. */
export function namePrefixOf(environment: string): string {
    return `${NAME_PREFIX_ROOT}-${environment}`;
}

/**
 * Physical name of one thing of an environment: `<prefix>-<thing>`. Throws when the result is
 * longer than `maxLength` (the limit AWS enforces for that kind of name); config validation
 * refuses such names before any resource is declared, so reaching this throw is a bug.
 */
export function physicalName(prefix: string, thing: string, maxLength = Number.POSITIVE_INFINITY): string {
    const name = `${prefix}-${thing}`;
    if (name.length > maxLength) {
        throw new Error(`${name} is ${name.length} characters; AWS allows at most ${maxLength} here`);
    }
    return name;
}

/**
 * Resource name of a component's child: the component's own name and the child's role, so two
 * instances of a component never collide. (The network tier predates this rule and keeps its
 * prefix-based names: renaming would replace its resources.)
 */
export function childName(componentName: string, role: string): string {
    return `${componentName}-${role}`;
}

/**
 * A short, stable suffix computed from the inputs whose change makes the provider replace a
 * resource of fixed name (stacks/replacements.ts): a change gives the replacement a new name, so
 * Pulumi can create it before it deletes the old one instead of failing on the name in use.
 * Four base-36 characters: room for the longest target-group name within 32 characters.
 */
export function replacementSuffix(...inputs: readonly (string | number)[]): string {
    const digest = createHash("sha256").update(inputs.map(String).join("\u0000")).digest();
    return (digest.readUInt32BE(0) % 36 ** 4).toString(36).padStart(4, "0");
}

// Names of things: one prefix per environment (`hse-<env>`), physical names and `Name` tags
// derived from it, and child resource names derived from the component that owns them.

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

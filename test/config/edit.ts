// Derive an invalid config from a real stack file, one edit at a time.
import { expect } from "chai";
import { standInSecrets } from "../../offline/secret-stand-ins";
import { readStackConfig } from "../../offline/stack-file";
import { ConfigProblem, ConfigValidationError } from "../../stacks/config/errors";
import { loadPlatformConfig } from "../../stacks/config/load";

export const PROJECT = "hse-platform";
export type Values = Record<string, string>;
export type Edit = (values: Values) => void;

/** The stack file's values, with the offline engine's stand-ins for secrets marked as secrets. */
export function stackValues(stack: string): Values {
    const config = readStackConfig(stack);
    standInSecrets(config);
    return Object.fromEntries(Object.entries(config.values).map(([k, v]) => [k, config.secretKeys.includes(k) ? `${SECRET_PREFIX}${v}` : v]));
}

/** Marks a value as set with --secret: tests write secrets as "secret:<value>". */
export const SECRET_PREFIX = "secret:";

/** The keys of `values` set as secrets (their value starts with SECRET_PREFIX, which is stripped). */
export function secretKeysOf(values: Values): string[] {
    return Object.keys(values).filter((k) => {
        if (!values[k].startsWith(SECRET_PREFIX)) return false;
        values[k] = values[k].slice(SECRET_PREFIX.length);
        return true;
    });
}

/** Sets (or with `undefined`, removes) a top-level project key. */
export function setKey(key: string, value: string | undefined): Edit {
    return (values) => {
        if (value === undefined) delete values[`${PROJECT}:${key}`];
        else values[`${PROJECT}:${key}`] = value;
    };
}

/** Edits a section (an object key such as `network`) in place; a missing section starts empty. */
export function editSection(key: string, change: (section: Record<string, any>) => void): Edit {
    return (values) => {
        const text = values[`${PROJECT}:${key}`];
        const section = (text === undefined ? {} : JSON.parse(text)) as Record<string, any>;
        change(section);
        values[`${PROJECT}:${key}`] = JSON.stringify(section);
    };
}

/**
 * Points the stack at an external TimescaleDB with these settings. Its services stop reading
 * timescale.caCertificate, which only a self-managed TimescaleDB has, unless keepCaReaders.
 */
export function externalTimescale(settings: Record<string, unknown>, keepCaReaders = false): Edit {
    return (values) => {
        editSection("timescale", (t) => {
            for (const key of Object.keys(t)) delete t[key];
            Object.assign(t, { mode: "external", ...settings });
        })(values);
        if (keepCaReaders) return;
        editSection("services", (services) => {
            for (const service of Object.values(services) as { secrets?: Record<string, string> }[]) {
                for (const [variable, reference] of Object.entries(service.secrets ?? {})) {
                    if (reference === "timescale.caCertificate") delete service.secrets![variable];
                }
            }
        })(values);
    };
}

/** The full key of a field of a section: `hse-platform:<section>.<path>`. */
export const keyOf = (section: string) => (path: string) => `${PROJECT}:${section}.${path}`;

/** One invalid config: an edit of a stack file, the key the error must name, words it must say. */
export interface InvalidCase {
    readonly title: string;
    /** @default "dev" */
    readonly stack?: string;
    readonly edit: Edit;
    readonly key: string;
    readonly says: string;
}

/** The problems loading `stack` with `edit` applied reports; none when the config is accepted. */
export function configProblems(stack: string, edit: Edit): readonly ConfigProblem[] {
    const values = stackValues(stack);
    edit(values);
    try {
        loadPlatformConfig({ project: PROJECT, stack, values, secretKeys: secretKeysOf(values) });
        return [];
    } catch (error) {
        expect(error).to.be.instanceOf(ConfigValidationError);
        return (error as ConfigValidationError).problems;
    }
}

/** The problems loading `stack` with `edit` applied reports; fails if the config is accepted. */
export function problemsOf(stack: string, edit: Edit): readonly ConfigProblem[] {
    const problems = configProblems(stack, edit);
    if (problems.length === 0) throw new Error("the config was accepted");
    return problems;
}

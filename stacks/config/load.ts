// Reads the flat Pulumi config map of one stack, validates it against the schema and every
// rule, and returns the typed, derived config. Pure: it takes the map and the stack name as
// arguments, so tests and the offline plan call it exactly as the program does.
import { z } from "zod";
import { ConfigProblem, ConfigValidationError } from "./errors";
import { derivePlatform, ParsedPlatform, PlatformConfigBase } from "./platform";
import { CROSS_SECTION_RULES, SECTIONS } from "./sections";
import { secretKeysOf, setSecretCommand, validateConfig } from "./validate";

export interface RawStackConfig {
    /** Pulumi project name; also the namespace of the project's config keys. */
    readonly project: string;
    readonly stack: string;
    /** Flat config as Pulumi passes it: "namespace:key" -> string (objects JSON-encoded). */
    readonly values: Readonly<Record<string, string>>;
    /** Keys whose value was set as a secret (`pulumi config set --secret`). */
    readonly secretKeys: readonly string[];
}

type Section = (typeof SECTIONS)[number];

type SecretKeyName = NonNullable<Section["secretKeys"]>[number]["key"];

/** The validated config of one environment: platform settings plus one entry per section. */
export type PlatformConfig = PlatformConfigBase & {
    readonly [S in Section as S["key"]]: ReturnType<S["derive"]>;
} & {
    /** Values of the secret keys (plain here: the wiring wraps each in pulumi.secret). */
    readonly secretValues: Readonly<Partial<Record<SecretKeyName, string>>>;
};

type ParsedConfig = ParsedPlatform & { [S in Section as S["key"]]: z.output<S["schema"]> };

const SECTION_KEYS = new Set<string>(SECTIONS.map((s) => s.key));

/** Config namespaces Pulumi itself owns; the program reads none of them. */
const PULUMI_NAMESPACE = "pulumi";

export function loadPlatformConfig(raw: RawStackConfig): PlatformConfig {
    const stack = raw.stack.split("/").pop()!;
    const { values, problems } = splitNamespaces(raw);
    const validation = validateConfig<ParsedConfig>(raw.project, stack, values, SECTIONS, CROSS_SECTION_RULES);
    problems.push(...validation.problems);
    if (problems.length > 0 || validation.data === undefined) {
        throw new ConfigValidationError(stack, problems);
    }
    return deriveConfig(raw.project, validation.data);
}

function deriveConfig(project: string, parsed: ParsedConfig): PlatformConfig {
    const platform = derivePlatform(project, parsed);
    const sections = Object.fromEntries(
        SECTIONS.map((section) => [section.key, (section.derive as (p: unknown, s: typeof platform) => unknown)(parsed[section.key], platform)]),
    );
    const values = parsed as unknown as Record<string, unknown>;
    const secretValues = Object.fromEntries(secretKeysOf(SECTIONS).flatMap(({ key }) => (typeof values[key] === "string" ? [[key, values[key]]] : [])));
    return { ...platform, ...sections, secretValues } as PlatformConfig;
}

/** Pulumi passes objects and arrays as JSON text and every scalar as a string. */
export function decodeConfigValue(text: string): unknown {
    const trimmed = text.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return JSON.parse(trimmed);
        } catch {
            return text;
        }
    }
    return text;
}

function splitNamespaces(raw: RawStackConfig): { values: Record<string, unknown>; problems: ConfigProblem[] } {
    const secretKeySpecs = new Map(secretKeysOf(SECTIONS).map((s) => [s.key, s]));
    const values: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    for (const [fullKey, text] of Object.entries(raw.values)) {
        const [namespace, ...rest] = fullKey.split(":");
        const key = rest.join(":");
        if (namespace === raw.project) {
            values[key] = decodeConfigValue(text);
            if (SECTION_KEYS.has(key) && raw.secretKeys.includes(fullKey)) {
                problems.push({ key: fullKey, message: `is a section encrypted as a whole (secure: in Pulumi.${raw.stack.split("/").pop()}.yaml); a section is settings, not a secret: write it out in plain text. Secrets are their own keys: ${[...secretKeySpecs.keys()].join(", ")}` });
            }
            const secret = secretKeySpecs.get(key);
            if (secret && !raw.secretKeys.includes(fullKey)) {
                problems.push({ key: fullKey, message: `is a secret but is stored in plain text in Pulumi.${raw.stack.split("/").pop()}.yaml; remove it and run: ${setSecretCommand(secret, raw.project)}` });
            }
        } else if (namespace === "aws") {
            problems.push({
                key: fullKey,
                message: `is not read: the program builds its own AWS provider from ${raw.project}:region and takes credentials from the environment (AWS_PROFILE, AWS_* variables); remove this key${key === "region" ? ` and set ${raw.project}:region` : ""}`,
            });
        } else if (namespace !== PULUMI_NAMESPACE) {
            problems.push({ key: fullKey, message: `unknown config namespace "${namespace}"; this project reads ${raw.project}:* keys only` });
        }
    }
    return { values, problems };
}

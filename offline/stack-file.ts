// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI hands config to a program:
// a flat map "namespace:key" -> string, objects and arrays JSON-encoded, project defaults
// applied, and a missing required key refused before the program runs. Every problem with the
// files themselves is one StackFileError line, never a stack trace.
import * as fs from "fs";
import * as path from "path";
import { parse, YAMLParseError } from "yaml";

export const REPO_ROOT = path.resolve(__dirname, "..");

export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    readonly values: Record<string, string>;
    /** Keys whose value is a secret (`secure:` in the stack file). */
    readonly secretKeys: string[];
}

interface Declaration {
    type?: string;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
}

/** A stack or project file that is missing or not valid YAML: one line a person can act on. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/**
 * Stack files need no YAML aliases; a few are allowed, and a document whose aliases expand past
 * this (a "billion laughs" bomb) is refused in one line instead of exhausting memory.
 */
export const MAX_YAML_ALIASES = 20;

/**
 * What a `secure:` value looks like: the passphrase and cloud secrets providers write
 * `v1:<base64 12-byte nonce>:<base64 ciphertext>`, the Pulumi Cloud backend plain base64
 * (pulumi/pulumi sdk/go/common/resource/config/crypt.go, symmetricCrypter). Anything else is a
 * hand edit the CLI would fail to decrypt.
 */
export const SECURE_VALUE = /^(v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9+/]{16,}={0,2})$/;

function readYaml(file: string, root: string): Record<string, unknown> {
    const shown = path.relative(root, file);
    if (!fs.existsSync(file)) {
        throw new StackFileError(`${shown} does not exist`);
    }
    let document: unknown;
    try {
        document = parse(fs.readFileSync(file, "utf8"), { maxAliasCount: MAX_YAML_ALIASES });
    } catch (error) {
        if (error instanceof ReferenceError && /alias/i.test(error.message)) {
            throw new StackFileError(`${shown} uses YAML aliases (*name) that expand to too many values (at most ${MAX_YAML_ALIASES} are allowed); write the values out`);
        }
        if (error instanceof YAMLParseError) {
            const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : "";
            throw new StackFileError(`${shown} is not valid YAML${where}: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`);
        }
        throw error;
    }
    if (document === null || document === undefined) return {};
    if (typeof document !== "object" || Array.isArray(document)) {
        throw new StackFileError(`${shown} must be a YAML mapping (key: value lines)`);
    }
    return document as Record<string, unknown>;
}

const isSecure = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value) && "secure" in value;

/**
 * What the reader refuses inside one config value, each with where it is: merge keys (the CLI's
 * YAML reader merges them, this one would not, so the plan would differ from \`pulumi up\`), numbers
 * that are not finite (.inf and .nan become null in JSON), and `secure:` below the top level.
 */
function valueProblems(key: string, value: unknown, at: string, top: boolean): string[] {
    const where = `${key}${at}`;
    if (typeof value === "number" && !Number.isFinite(value)) {
        return [`${where} is ${value}; a config number must be finite (.inf and .nan are not numbers AWS takes)`];
    }
    if (isSecure(value)) {
        if (!top) return [`${where} is a secure: value inside a mapping; only whole top-level keys are encrypted here (pulumi config set --secret ${key.split(".")[0]})`];
        const keys = Object.keys(value);
        if (keys.length !== 1 || typeof value.secure !== "string" || !SECURE_VALUE.test(value.secure)) {
            return [`${where} has a malformed secure: value (the ciphertext \`pulumi config set --secret\` writes, v1:<nonce>:<ciphertext> or base64, and nothing beside it); set it again with: pulumi config set --secret ${where} <value>`];
        }
        return [];
    }
    if (typeof value !== "object" || value === null) return [];
    return Object.entries(value).flatMap(([child, v]) =>
        child === "<<" && !Array.isArray(value)
            ? [`${where} uses a YAML merge key (<<); write the values out: the Pulumi CLI merges them and this reader would not, so the plan and \`pulumi up\` would differ`]
            : valueProblems(key, v, Array.isArray(value) ? `${at}[${child}]` : `${at}.${child}`, false),
    );
}

function encode(value: unknown): string {
    return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Stand-in for a decrypted secret: recognisable, and never a real value. */
export function mockSecretValue(key: string): string {
    return `mock-secret-value-of-${key}`;
}

export function stackNames(root = REPO_ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export function readStackConfig(stack: string, root = REPO_ROOT): StackConfig {
    const projectFile = readYaml(path.join(root, "Pulumi.yaml"), root);
    const project = String(projectFile.name);
    const declarations = (projectFile.config ?? {}) as Record<string, unknown>;
    const stackPath = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackPath)) {
        throw new StackFileError(`there is no stack "${stack}" (no Pulumi.${stack}.yaml); stacks: ${stackNames(root).join(", ")}`);
    }
    const entries = (readYaml(stackPath, root).config ?? {}) as Record<string, unknown>;

    const problems = Object.entries(entries).flatMap(([key, value]) => valueProblems(key, value, "", true));
    if (problems.length > 0) {
        throw new StackFileError(`Pulumi.${stack}.yaml: ${problems.join("; ")}`);
    }
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(entries)) {
        const isSecret = isSecure(value);
        values[key] = isSecret ? mockSecretValue(key) : encode(value);
        if (isSecret) secretKeys.push(key);
    }

    const missing: string[] = [];
    for (const [shortKey, declared] of Object.entries(declarations)) {
        const key = shortKey.includes(":") ? shortKey : `${project}:${shortKey}`;
        const declaration = (typeof declared === "object" && declared !== null ? declared : { value: declared }) as Declaration;
        if (key in values) continue;
        if (declaration.value !== undefined) {
            values[key] = encode(declaration.value);
        } else if (declaration.default !== undefined) {
            values[key] = encode(declaration.default);
        } else if (key.startsWith(`${project}:`) && declaration.secret !== true) {
            // The CLI requires every declared key of the project's namespace that has no default or
            // value, typed or not (mergeConfig, sdk/go/common/workspace/project.go). A missing secret
            // is left to the offline stand-ins, which warn with the command that sets it.
            missing.push(`'${key}'`);
        }
    }
    if (missing.length > 0) {
        const list = missing.length === 1 ? `value ${missing[0]}` : `values ${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
        throw new StackFileError(`Stack '${stack}' is missing configuration ${list} (declared in Pulumi.yaml)`);
    }
    return { project, stack, values, secretKeys };
}

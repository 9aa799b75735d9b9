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

function readYaml(file: string, root: string): Record<string, unknown> {
    const shown = path.relative(root, file);
    if (!fs.existsSync(file)) {
        throw new StackFileError(`${shown} does not exist`);
    }
    let document: unknown;
    try {
        document = parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
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

    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(entries)) {
        const isSecret = typeof value === "object" && value !== null && "secure" in value;
        values[key] = isSecret ? mockSecretValue(key) : encode(value);
        if (isSecret) secretKeys.push(key);
    }

    for (const [shortKey, declared] of Object.entries(declarations)) {
        const key = shortKey.includes(":") ? shortKey : `${project}:${shortKey}`;
        const declaration = (typeof declared === "object" && declared !== null ? declared : { value: declared }) as Declaration;
        if (key in values) continue;
        if (declaration.value !== undefined) {
            values[key] = encode(declaration.value);
        } else if (declaration.default !== undefined) {
            values[key] = encode(declaration.default);
        } else if (declaration.type !== undefined) {
            throw new StackFileError(`Stack '${stack}' is missing configuration value '${key}' (declared in Pulumi.yaml)`);
        }
    }
    return { project, stack, values, secretKeys };
}

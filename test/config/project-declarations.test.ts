// Pulumi.yaml declares every key the program reads, as the schema accepts it: the CLI then shows
// them, requires the required ones and refuses a secret in plain text (decision 0037).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { REPO_ROOT } from "../../offline/stack-file";
import { SECTIONS } from "../../stacks/config/sections";
import { assembleSchema, secretKeysOf } from "../../stacks/config/validate";

interface Declaration {
    readonly type?: string;
    readonly description?: string;
    readonly secret?: boolean;
    readonly default?: unknown;
    readonly value?: unknown;
    readonly items?: unknown;
}

const projectText = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8");
const projectConfig = (parse(projectText) as { config: Record<string, Declaration> }).config;
/** The project's own keys (no namespace): `pulumi:` and provider keys are settings, not the program's. */
const declared = Object.fromEntries(Object.entries(projectConfig).filter(([key]) => !key.includes(":")));
const shape = assembleSchema(SECTIONS).shape;
const absent = (key: string) => shape[key].safeParse(undefined);
/** Keys the schema takes as absent with nothing in their place: declared, the CLI would require them. */
const optionalWithoutDefault = Object.keys(shape).filter((key) => absent(key).success && absent(key).data === undefined);

describe("Pulumi.yaml's config declarations", () => {
    it("declare every key the schema accepts, except the optional ones without a default, which a comment names", () => {
        expect(Object.keys(declared).sort()).to.deep.equal(Object.keys(shape).filter((key) => !optionalWithoutDefault.includes(key)).sort());
        const comments = projectText.split("\n").filter((line) => line.trim().startsWith("#")).join("\n");
        expect(optionalWithoutDefault).to.not.be.empty;
        for (const key of optionalWithoutDefault) expect(comments, key).to.include(key);
    });

    it("give a default to every key the schema defaults, and only a default the schema reads the same", () => {
        for (const [key, declaration] of Object.entries(declared)) {
            const schemaDefault = absent(key);
            if (schemaDefault.success) expect(declaration.default, `${key} has a default in the schema`).to.not.equal(undefined);
            if (declaration.default === undefined) continue;
            // The CLI hands the program a scalar as text and a mapping as itself (decoded from JSON).
            const given: unknown = declaration.default;
            const fromProject = shape[key].safeParse(typeof given === "object" ? given : JSON.stringify(given).replace(/^"|"$/g, ""));
            expect(fromProject.success, `${key}'s default is valid`).to.equal(true);
            if (schemaDefault.success) expect(fromProject.data, key).to.deep.equal(schemaDefault.data);
        }
    });

    it("declare the secret keys as secret text, and no other key as secret", () => {
        const secrets = secretKeysOf(SECTIONS).map((spec) => spec.key).filter((key) => key in declared);
        expect(secrets).to.include("newRelicLicenseKey");
        for (const [key, declaration] of Object.entries(declared)) {
            if (secrets.includes(key)) expect(declaration, key).to.include({ type: "string", secret: true });
            else expect(declaration.secret, key).to.equal(undefined);
        }
    });

    it("describe every key, with only the attributes and types Pulumi's project schema allows", () => {
        // sdk/go/common/workspace/project.json: configTypeDeclaration, simpleConfigType.
        const attributes = ["type", "items", "description", "secret", "default", "value"];
        for (const [key, declaration] of Object.entries(declared)) {
            expect(Object.keys(declaration).filter((a) => !attributes.includes(a)), key).to.deep.equal([]);
            expect(declaration.description, key).to.be.a("string").and.not.equal("");
            if (declaration.type !== undefined) expect(["string", "integer", "boolean", "array"], key).to.include(declaration.type);
            expect(declaration.default !== undefined && declaration.value !== undefined, `${key} has both default and value`).to.equal(false);
        }
    });
});

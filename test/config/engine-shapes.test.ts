// The config engine on a small made-up section, so each shape a future tier may use (a
// discriminated union, lists of mappings, wrapped defaults, a formatted secret, a rule that reads
// the region) is checked on its own; and the loader's handling of raw Pulumi values.
import { expect } from "chai";
import { z } from "zod";
import { decodeConfigValue, loadPlatformConfig } from "../../stacks/config/load";
import { platformSchema } from "../../stacks/config/platform";
import { crossSectionRule, defineSection, distinctEntries, sectionRule } from "../../stacks/config/section";
import { setSecretCommand, validateConfig } from "../../stacks/config/validate";
import { PROJECT, SECRET_PREFIX, stackValues } from "./edit";

const widget = defineSection({
    key: "widget",
    summary: "a made-up section",
    schema: z
        .strictObject({
            engine: z.discriminatedUnion("kind", [
                z.strictObject({ kind: z.literal("a"), size: z.number().optional() }),
                z.strictObject({ kind: z.literal("b"), host: z.string().optional() }),
            ]),
            parts: z.array(z.strictObject({ name: z.string(), weight: z.number().optional() })).default([]),
            nested: z.strictObject({ inner: z.strictObject({ x: z.number().optional() }).optional() }).prefault({}),
            tags: z.array(z.unknown()).default([]),
            zone: z.string().optional(),
        }),
    rules: [
        distinctEntries(["tags"]),
        sectionRule({
            description: "the zone is in the region",
            reads: ["region"],
            needs: z.object({ zone: z.string() }),
            check: (w, { region }) => (w.zone.startsWith(region) ? [] : [{ path: ["zone"], message: `is outside ${region}` }]),
        }),
    ],
    secretKeys: [
        { key: "widgetToken", description: "a token", required: true, placeholder: "<token>", format: { pattern: /^tok-[a-z]+$/, says: "must be a widget token" }, offlineStandIn: "tok-x" },
        { key: "widgetSpare", description: "an optional token", offlineStandIn: "x" },
    ],
    derive: (parsed) => parsed,
});

const BASE = { environment: "dev", region: "us-east-1", costCenter: "cc", owner: "me", protectStatefulResources: "false", widget: { engine: { kind: "a" } }, widgetToken: "tok-abc" };
const validate = (values: Record<string, unknown>, rules = [] as Parameters<typeof validateConfig>[4]) => validateConfig<Record<string, unknown>>("proj", "dev", values, [widget], rules);
const messages = (values: Record<string, unknown>) => validate(values).problems.map((p) => `${p.key}: ${p.message}`);

describe("config engine: shapes a section may use", () => {
    it("a valid config comes back parsed, defaults applied, with no problems", () => {
        const result = validate(BASE);
        expect(result.problems).to.deep.equal([]);
        expect(result.data?.widget).to.deep.equal({ engine: { kind: "a" }, parts: [], nested: {}, tags: [] });
    });
    it("an invalid config comes back without data", () => expect(validate({ ...BASE, widget: { engine: { kind: "c" } } }).data).to.equal(undefined));
    it("an unknown key in a union's form lists the keys of every form", () =>
        expect(messages({ ...BASE, widget: { engine: { kind: "a", port: 1 } } })).to.deep.equal(["proj:widget.engine.port: unknown key; allowed here: kind, size, host"]));
    it("an unknown key in a list's mapping lists that mapping's keys", () =>
        expect(messages({ ...BASE, widget: { ...BASE.widget, parts: [{ name: "p", colour: "red" }] } })).to.deep.equal(["proj:widget.parts[0].colour: unknown key; allowed here: name, weight"]));
    it("an unknown key under defaults and optionals lists the keys of the mapping inside", () =>
        expect(messages({ ...BASE, widget: { ...BASE.widget, nested: { inner: { y: 1 } } } })).to.deep.equal(["proj:widget.nested.inner.y: unknown key; allowed here: x"]));
    it("an unknown top-level key lists the platform keys, the sections and the secret keys", () =>
        expect(messages({ ...BASE, extra: 1 })).to.deep.equal([
            `proj:extra: unknown key; allowed here: ${[...Object.keys(platformSchema.shape), "widget", "widgetToken", "widgetSpare"].join(", ")}`,
        ]));
    it("list entries that are not text are left to the schema by a no-duplicates rule", () =>
        expect(messages({ ...BASE, widget: { ...BASE.widget, tags: ["a", 1, 1, "a", "b"] } })).to.deep.equal(["proj:widget.tags: lists a more than once"]));
    it("a rule that reads the region runs once the region is valid", () =>
        expect(messages({ ...BASE, widget: { ...BASE.widget, zone: "eu-west-1a" } })).to.deep.equal(["proj:widget.zone: is outside us-east-1"]));
    it("a rule that reads the region waits while the region is invalid", () =>
        expect(messages({ ...BASE, region: "mars", widget: { ...BASE.widget, zone: "eu-west-1a" } })).to.deep.equal(["proj:region: must be an AWS region name such as us-east-1 (got \"mars\")"]));
    it("a rule between sections reports full paths, and waits for what it needs", () => {
        const rule = crossSectionRule({
            description: "zone set means region is us-east-1",
            sections: ["widget"],
            needs: z.object({ widget: z.object({ zone: z.string() }) }),
            check: () => [{ path: ["widget", "zone"], message: "is set" }],
        });
        expect(validate({ ...BASE, widget: { ...BASE.widget, zone: "us-east-1a" } }, [rule]).problems).to.deep.equal([{ key: "proj:widget.zone", message: "is set" }]);
        expect(validate(BASE, [rule]).problems).to.deep.equal([]);
    });
});

describe("config engine: secret keys", () => {
    it("a missing required secret names the command that sets it, with the project and placeholder", () =>
        expect(messages({ ...BASE, widgetToken: undefined })).to.deep.equal(["proj:widgetToken: is required; it must be set once, with: pulumi config set --secret proj:widgetToken <token>"]));
    it("a secret that is not text says so, without the value", () =>
        expect(messages({ ...BASE, widgetToken: 12345 })).to.deep.equal(["proj:widgetToken: must be text"]));
    it("a secret in the wrong format says what it must be, without the value", () =>
        expect(messages({ ...BASE, widgetToken: "tok-SECRET1" })).to.deep.equal(["proj:widgetToken: must be a widget token"]));
    it("an empty secret must not be empty", () => expect(messages({ ...BASE, widgetToken: "" })).to.deep.equal(["proj:widgetToken: must not be empty", "proj:widgetToken: must be a widget token"]));
    it("an optional secret may be left out, and its command has the generic placeholder", () => {
        expect(messages(BASE)).to.deep.equal([]);
        expect(setSecretCommand(widget.secretKeys![1])).to.equal("pulumi config set --secret hse-platform:widgetSpare <value>");
    });
    it("a value that is not a secret is shown when wrong", () => expect(messages({ ...BASE, environment: "qa" })).to.deep.equal(['proj:environment: must be one of dev, staging, production (got "qa")']));
});

/** The problems of the dev stack's file with `extra` raw values added. */
function loadProblems(extra: Record<string, string>): { key: string; message: string }[] {
    const values = { ...stackValues("dev"), ...extra };
    const secretKeys = Object.keys(values).filter((k) => values[k].startsWith(SECRET_PREFIX));
    for (const k of secretKeys) values[k] = values[k].slice(SECRET_PREFIX.length);
    try {
        loadPlatformConfig({ project: PROJECT, stack: "org/hse-platform/dev", values, secretKeys });
        return [];
    } catch (error) {
        return (error as { problems: { key: string; message: string }[] }).problems;
    }
}

describe("config loader: raw Pulumi values", () => {
    it("decodes JSON mappings and lists, even with blanks around them", () => {
        expect(decodeConfigValue(' {"a": 1} ')).to.deep.equal({ a: 1 });
        expect(decodeConfigValue("[1, 2]")).to.deep.equal([1, 2]);
        expect(decodeConfigValue("\n[true]\n")).to.deep.equal([true]);
    });
    it("keeps text that only looks like JSON as it was written", () => {
        expect(decodeConfigValue(" {not json")).to.equal(" {not json");
        expect(decodeConfigValue("[unclosed")).to.equal("[unclosed");
        expect(decodeConfigValue("a]")).to.equal("a]");
        expect(decodeConfigValue("42")).to.equal("42");
    });
    it("keeps a key's colons after the namespace", () =>
        expect(loadProblems({ [`${PROJECT}:odd:key`]: "1" }).map((p) => p.key)).to.deep.equal([`${PROJECT}:odd:key`]));
    it("tells where to put the region only for aws:region", () => {
        const [region] = loadProblems({ "aws:region": "x" });
        const [profile] = loadProblems({ "aws:profile": "x" });
        expect(region.message).to.match(/remove this key and set hse-platform:region$/);
        expect(profile.message).to.equal(
            "is not read: the program builds its own AWS provider from hse-platform:region and takes credentials from the environment (AWS_PROFILE, AWS_* variables); remove this key",
        );
    });
    it("passes on only the secret keys that are set", () => {
        const values = stackValues("dev");
        const secretKeys = Object.keys(values).filter((k) => values[k].startsWith("secret:"));
        for (const k of secretKeys) values[k] = values[k].slice("secret:".length);
        const config = loadPlatformConfig({ project: PROJECT, stack: "dev", values, secretKeys });
        expect(Object.keys(config.secretValues)).to.deep.equal(["newRelicLicenseKey"]);
    });
});

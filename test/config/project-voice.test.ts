// The project's wording for every kind of zod issue, including kinds no stack's config produces
// today: a section added tomorrow (a set, a multiple-of rule, a union) must still read well.
import { expect } from "chai";
import { z } from "zod";
import { describeIssue, formatKey, oneComplaintPerWrongType, projectVoice } from "../../stacks/config/messages";

/** The message the project's error map gives the first issue `schema` raises for `value`. */
function voiceOf(schema: z.ZodType, value: unknown): string {
    const result = schema.safeParse(value, { reportInput: true, error: projectVoice });
    if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
    return result.error.issues[0].message;
}

function issueOf(schema: z.ZodType, value: unknown): z.core.$ZodIssue {
    const result = schema.safeParse(value, { reportInput: true, error: projectVoice });
    if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
    return result.error.issues[0];
}

const noAllowedKeys = (): string[] | undefined => undefined;

describe("config messages: the project's voice for each zod issue", () => {
    describe("a value of the wrong type names the type wanted", () => {
        const cases: [string, z.ZodType, unknown, string][] = [
            ["text", z.string(), 1, "must be text"],
            ["a number", z.number(), "1", "must be a number"],
            ["a whole number", z.int(), 1.5, "must be a whole number"],
            ["a boolean", z.boolean(), "yes", "must be true or false"],
            ["a list", z.array(z.string()), "a", "must be a list"],
            ["a mapping", z.object({}), [], "must be a mapping of keys to values"],
            ["a bigint", z.bigint(), 1, "must be a whole number"],
            ["a type with no wording of its own", z.date(), "x", "must be of type date"],
        ];
        for (const [what, schema, value, message] of cases) {
            it(`${what}: "${message}"`, () => expect(voiceOf(schema, value)).to.equal(message));
        }
    });

    describe("sizes read in the unit of what is measured", () => {
        it("a list too short, one entry", () => expect(voiceOf(z.array(z.string()).min(1), [])).to.equal("must list at least 1 entry"));
        it("a list too short, several entries", () => expect(voiceOf(z.array(z.string()).min(2), ["a"])).to.equal("must list at least 2 entries"));
        it("a list too long", () => expect(voiceOf(z.array(z.string()).max(1), ["a", "b"])).to.equal("must list at most 1 entry"));
        it("a set too short", () => expect(voiceOf(z.set(z.string()).min(2), new Set(["a"]))).to.equal("must list at least 2 entries"));
        it("an empty text that must not be", () => expect(voiceOf(z.string().min(1), "")).to.equal("must not be empty"));
        it("a text too short by more than one", () => expect(voiceOf(z.string().min(3), "ab")).to.equal("must be at least 3 characters long"));
        it("a text at most one character long", () => expect(voiceOf(z.string().max(1), "ab")).to.equal("must be at most 1 characters long"));
        it("a number below an inclusive bound", () => expect(voiceOf(z.number().min(5), 4)).to.equal("must be at least 5"));
        it("a number above an inclusive bound", () => expect(voiceOf(z.number().max(5), 6)).to.equal("must be at most 5"));
        it("a number not greater than an exclusive bound", () => expect(voiceOf(z.number().gt(5), 5)).to.equal("must be greater than 5"));
        it("a number not less than an exclusive bound", () => expect(voiceOf(z.number().lt(5), 5)).to.equal("must be less than 5"));
    });

    describe("the other kinds", () => {
        it("a value outside a list of choices lists them", () => expect(voiceOf(z.enum(["a", "b"]), "c")).to.equal("must be one of a, b"));
        it("a literal number is shown as a number", () => expect(voiceOf(z.literal(3), 4)).to.equal("must be one of 3"));
        it("a pattern names the pattern", () => expect(voiceOf(z.string().regex(/^x+$/), "y")).to.equal("must match the pattern /^x+$/"));
        it("a named format names the format", () => expect(voiceOf(z.email(), "nope")).to.equal("must be a valid email"));
        it("a multiple-of rule names the divisor", () => expect(voiceOf(z.number().multipleOf(8), 12)).to.equal("must be a multiple of 8"));
        it("a union says no form matched", () => expect(voiceOf(z.union([z.string(), z.number()]), true)).to.equal("matches none of the allowed forms"));
        it("a refused record key repeats its key schema's words", () =>
            expect(voiceOf(z.record(z.string().regex(/^[a-z]+$/), z.number()), { AB: 1 })).to.equal(
                "is not an allowed name: it must match the pattern /^[a-z]+$/",
            ));
        it("a refused key without inner words is simply not an allowed name", () =>
            expect(projectVoice({ code: "invalid_key", origin: "record", issues: [], input: "k", path: [] } as never)).to.equal("is not an allowed name"));
        it("a refused key whose inner issue has no message is simply not an allowed name", () =>
            expect(projectVoice({ code: "invalid_key", origin: "record", issues: [{}], input: "k", path: [] } as never)).to.equal("is not an allowed name"));
        it("a refused key with no inner issues at all is simply not an allowed name", () =>
            expect(projectVoice({ code: "invalid_key", origin: "record", input: "k", path: [] } as never)).to.equal("is not an allowed name"));
        it("a kind with no wording keeps zod's own (the error map gives none)", () =>
            expect(projectVoice({ code: "custom", input: 1, path: [] } as never)).to.equal(undefined));
        it("a schema's own message wins over the project's wording", () => expect(voiceOf(z.string({ error: "say my name" }), 1)).to.equal("say my name"));
    });
});

describe("config messages: keys and values in what a person reads", () => {
    it("a key path joins names with dots and indexes with brackets", () =>
        expect(formatKey("hse", ["services", "api", "ports", 0, "port"])).to.equal("hse:services.api.ports[0].port"));
    it("an empty path is the project alone", () => expect(formatKey("hse", [])).to.equal("hse:"));

    it("unknown keys each get a problem listing what is allowed there", () => {
        const issue = issueOf(z.strictObject({ a: z.string().optional(), b: z.string().optional() }), { c: "1", d: "2" });
        expect(describeIssue("hse", issue, () => ["a", "b"])).to.deep.equal([
            { key: "hse:c", message: "unknown key; allowed here: a, b" },
            { key: "hse:d", message: "unknown key; allowed here: a, b" },
        ]);
    });
    it("unknown keys where the allowed set is unknown say only that", () => {
        const issue = issueOf(z.strictObject({}), { c: "1" });
        expect(describeIssue("hse", issue, noAllowedKeys)).to.deep.equal([{ key: "hse:c", message: "unknown key" }]);
    });
    it("a missing value is required, with what it must be", () => {
        const issue = issueOf(z.object({ port: z.number() }), {});
        expect(describeIssue("hse", issue, noAllowedKeys)).to.deep.equal([{ key: "hse:port", message: "is required; it must be a number" }]);
    });
    it("a wrong value is shown as received", () => {
        const issue = issueOf(z.object({ port: z.number() }), { port: "80" });
        expect(describeIssue("hse", issue, noAllowedKeys)).to.deep.equal([{ key: "hse:port", message: 'must be a number (got "80")' }]);
    });
    it("a secret's wrong value is never shown", () => {
        const issue = issueOf(z.object({ token: z.string().min(10) }), { token: "hunter2" });
        const [problem] = describeIssue("hse", issue, noAllowedKeys, { hideValue: true });
        expect(problem).to.deep.equal({ key: "hse:token", message: "must be at least 10 characters long" });
        expect(JSON.stringify(problem)).not.to.contain("hunter2");
    });
    it("a refinement's message is shown without the value, even when one was received", () => {
        const issue: z.core.$ZodIssue = { code: "custom", path: ["a"], message: "must differ from b", input: "same" };
        expect(describeIssue("hse", issue, noAllowedKeys)).to.deep.equal([{ key: "hse:a", message: "must differ from b" }]);
    });
    it("a refinement with no value received is not called missing", () => {
        const issue: z.core.$ZodIssue = { code: "custom", path: ["a"], message: "must differ from b", input: undefined };
        expect(describeIssue("hse", issue, noAllowedKeys)).to.deep.equal([{ key: "hse:a", message: "must differ from b" }]);
    });

    it("a value of the wrong type gets one complaint, not also its length", () => {
        const result = z.object({ list: z.array(z.string()).min(2) }).safeParse({ list: "ab" }, { error: projectVoice });
        const kept = oneComplaintPerWrongType(result.error!.issues);
        expect(kept.map((i) => i.code)).to.deep.equal(["invalid_type"]);
    });
    it("issues on other keys are kept beside a wrong type", () => {
        const issues: z.core.$ZodIssue[] = [
            { code: "invalid_type", expected: "array", path: ["a"], message: "x", input: "s" },
            { code: "too_small", origin: "string", minimum: 2, path: ["a"], message: "y", input: "s" },
            { code: "too_small", origin: "string", minimum: 2, path: ["b"], message: "z", input: "s" },
        ];
        expect(oneComplaintPerWrongType(issues).map((i) => i.message)).to.deep.equal(["x", "z"]);
    });
});

// The reference generator on small schemas, one shape at a time: the document test checks the
// shapes today's sections have; these check the ones a new section may bring.
import { expect } from "chai";
import { describeType, referenceRows, REFERENCE_END, REFERENCE_START, withReference } from "../../stacks/config/reference";

describe("config reference: types in words", () => {
    const cases: [string, Parameters<typeof describeType>[0], string][] = [
        ["a written type wins", { "x-type": "CIDR block", type: "string" }, "CIDR block"],
        ["choices", { enum: ["a", 1] }, "`a` | `1`"],
        ["a constant text", { const: "x" }, "`x`"],
        ["a constant that is false", { const: false, type: "boolean" }, "`false`"],
        ["a constant number", { const: 0, type: "number" }, "`0`"],
        ["forms with constants of other types", { anyOf: [{ type: "object", properties: { on: { const: true }, n: {} } }, { type: "string" }] }, "{on: true, n} | string"],
        ["a form with no keys", { oneOf: [{ type: "object" }, { type: "integer" }] }, "{} | integer"],
        ["a list of an exact size", { type: "array", minItems: 2, maxItems: 2, items: { type: "string" } }, "list (2) of string"],
        ["a list with only a maximum", { type: "array", maxItems: 3, items: { type: "string" } }, "list (at most 3) of string"],
        ["a list of anything", { type: "array" }, "list of any"],
        ["a number in a range", { type: "number", minimum: 0.5, maximum: 2 }, "number 0.5-2"],
        ["a number with only a minimum", { type: "number", minimum: 0 }, "number >= 0"],
        ["an integer with only a minimum", { type: "integer", minimum: 1 }, "integer >= 1"],
        ["an integer whose maximum is only the safe-integer limit", { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER }, "integer >= 1"],
        ["an integer with only a maximum (its minimum the safe-integer limit)", { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: 5 }, "integer <= 5"],
        ["an integer with only a maximum", { type: "integer", maximum: 9 }, "integer <= 9"],
        ["an integer bounded only by the safe-integer limits (z.int())", { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }, "integer"],
        ["a plain number", { type: "number" }, "number"],
        ["a mapping", { type: "object", properties: { a: { type: "string" } } }, "mapping"],
        ["a boolean", { type: "boolean" }, "boolean"],
        ["no type at all", {}, "any"],
    ];
    for (const [what, schema, words] of cases) {
        it(`${what}: ${words}`, () => expect(describeType(schema)).to.equal(words));
    }
});

describe("config reference: table rows", () => {
    it("give each key its path, type, default or requirement, and meaning, escaping table syntax", () =>
        expect(
            referenceRows("s", {
                type: "object",
                required: ["name"],
                properties: {
                    name: { type: "string", description: "who | what\nwhere" },
                    size: { type: "integer", default: 3 },
                    note: { type: "string" },
                    tags: { type: "object", default: {}, properties: { team: { type: "string" } } },
                    labels: { type: "object", default: {}, additionalProperties: { type: "string" } },
                    list: { type: "array", default: [], items: { type: "string" } },
                    off: { type: "boolean", default: false },
                    none: { type: "string", default: null },
                },
            }),
        ).to.deep.equal([
            "| `s.name` | string | required | who \\| what where |",
            "| `s.size` | integer | `3` |  |",
            "| `s.note` | string | optional |  |",
            "| `s.tags` | mapping | each key's default |  |",
            "| `s.tags.team` | string | optional |  |",
            "| `s.labels` | mapping | `{}` |  |",
            "| `s.list` | list of string | `[]` |  |",
            "| `s.off` | boolean | `false` |  |",
            "| `s.none` | string | `null` |  |",
        ]));
    it("descend into mappings and into lists of mappings, and nowhere else", () =>
        expect(
            referenceRows("", {
                properties: {
                    db: { type: "object", properties: { port: { type: "integer" } } },
                    empty: { type: "object" },
                    ports: { type: "array", items: { type: "object", required: ["n"], properties: { n: { type: "string" } } } },
                    names: { type: "array", items: { type: "string", properties: { length: { type: "integer" } } } },
                    bare: { type: "array", items: { type: "object" } },
                    odd: { type: "string", properties: { x: { type: "string" } } },
                },
            }),
        ).to.deep.equal([
            "| `db` | mapping | optional |  |",
            "| `db.port` | integer | optional |  |",
            "| `empty` | mapping | optional |  |",
            "| `ports` | list of mapping | optional |  |",
            "| `ports[].n` | string | required |  |",
            "| `names` | list of string | optional |  |",
            "| `bare` | list of mapping | optional |  |",
            "| `odd` | string | optional |  |",
        ]));
    it("descend into a record's values as <name>, also when the record is a key of a mapping", () =>
        expect(
            referenceRows("services", {
                type: "object",
                additionalProperties: { type: "object", required: ["cpu"], properties: { cpu: { type: "integer", description: "CPU units." } } },
                properties: {
                    tags: { type: "object", additionalProperties: { type: "object", properties: { value: { type: "string" } } } },
                    labels: { type: "object", additionalProperties: { type: "string" } },
                },
            }),
        ).to.deep.equal([
            "| `services.tags` | mapping | optional |  |",
            "| `services.tags.<name>.value` | string | optional |  |",
            "| `services.labels` | mapping | optional |  |",
            "| `services.<name>.cpu` | integer | required | CPU units. |",
        ]));
    it("of a schema without keys are none", () => expect(referenceRows("s", { type: "object" })).to.deep.equal([]));
});

describe("config reference: markers in docs/configuration.md", () => {
    it("replace only what lies between them, even at the very start of the file", () => {
        const out = withReference(`${REFERENCE_START}\nSTALE-TEXT\n${REFERENCE_END}\nafter`);
        expect(out.startsWith(`${REFERENCE_START}\nEvery key is in the`)).to.equal(true);
        expect(out.endsWith(`\n${REFERENCE_END}\nafter`)).to.equal(true);
        expect(out).not.to.contain("STALE-TEXT");
    });
    it("are refused when the end comes before the start", () =>
        expect(() => withReference(`${REFERENCE_END}\n${REFERENCE_START}`)).to.throw(`docs/configuration.md lacks the markers ${REFERENCE_START} ... ${REFERENCE_END}`));
    it("are refused when the end is missing", () => expect(() => withReference(`x ${REFERENCE_START}`)).to.throw(/lacks the markers/));
    it("are refused when the start is missing", () => expect(() => withReference(`x ${REFERENCE_END}`)).to.throw(/lacks the markers/));
});

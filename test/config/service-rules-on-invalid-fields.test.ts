// Valid edges of the services and ALB sections, and invalid fields under rules that read them.
// A rule across a service's fields (counts, scaling, secrets, Fargate sizes) stays silent when a
// field it reads is itself invalid: the field's own schema error says what is wrong, once.
import { expect } from "chai";
import { configProblems, editSection, keyOf, problemsOf } from "./edit";

const svc = keyOf("services");
const monolithWith = (field: string, value: unknown) => editSection("services", (s) => { s.monolith[field] = value; });

describe("service rules over a field of the wrong type", () => {
    const CASES: [string, unknown][] = [
        ["minCount", "two"],
        ["scaling", "auto"],
        ["secrets", "none"],
        ["cpu", "big"],
    ];
    for (const [field, value] of CASES) {
        it(`reports monolith.${field} = ${JSON.stringify(value)} once, under its own key`, () => {
            const problems = problemsOf("dev", monolithWith(field, value));
            expect(problems.map((p) => p.key), JSON.stringify(problems)).to.deep.equal([svc(`monolith.${field}`)]);
        });
    }
});

describe("service scaling on one target", () => {
    for (const scaling of [{ cpuPercent: 60 }, { memoryPercent: 75 }]) {
        it(`accepts ${JSON.stringify(scaling)} alone`, () => {
            expect(configProblems("dev", monolithWith("scaling", scaling))).to.deep.equal([]);
        });
    }
});

describe("the ALB's public name", () => {
    it("may have a one-letter label (a.hse.com)", () => {
        expect(configProblems("dev", editSection("alb", (a) => { a.domain = "a.hse.com"; }))).to.deep.equal([]);
    });
});

describe("the services' load-balancing and Service Connect rules, word for word", () => {
    it("names the services that claim the ALB's default, or none", () => {
        const two = problemsOf("dev", editSection("services", (s) => { s.devices.alb.default = true; }));
        expect(two.map((p) => p.message)).to.include("has 2 services with alb.default (monolith, devices); exactly one must take the requests no path rule takes");
        const none = problemsOf("dev", editSection("services", (s) => { s.monolith.alb.default = false; }));
        expect(none.map((p) => p.message)).to.include("has 0 services with alb.default (none); exactly one must take the requests no path rule takes");
    });

    it("accepts several services that offer nothing through Service Connect", () => {
        const worker = editSection("services", (s) => { s.worker = { ...s.monolith, alb: undefined }; delete s.worker.alb; });
        expect(configProblems("dev", worker)).to.deep.equal([]);
    });
});

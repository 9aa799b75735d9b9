// The ALB's and the NLB's value patterns at their edges: each accepted value and each refused one, with the
// key named. Defaults do not go through these patterns, so every value here is set explicitly.
import { expect } from "chai";
import { configProblems, editSection, keyOf } from "./edit";

const alb = keyOf("alb");
const nlb = keyOf("nlb");
const keyFor = (key: string) => (key.startsWith("nlb.") ? nlb(key.slice(4)) : alb(key));
const UUID = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

const PATTERNS: { key: string; set: (value: string) => ReturnType<typeof editSection>; says: string; accepted: string[]; refused: string[] }[] = [
    {
        key: "certificateArn",
        set: (value) => editSection("alb", (a) => { a.certificateArn = value; }),
        says: "must be an ACM certificate ARN",
        // Dev's region and account: a certificate of another is refused by a rule of its own (services.cases.ts).
        accepted: [`arn:aws:acm:us-east-1:111122223333:certificate/${UUID}`, `arn:aws-cn:acm:us-east-1:111122223333:certificate/${UUID}`],
        refused: [`xarn:aws:acm:us-east-1:123456789012:certificate/${UUID}`, `arn:aws:acm:us-east-1:123456789012:certificate/${UUID}0`],
    },
    {
        key: "healthCheck.path",
        set: (value) => editSection("alb", (a) => { a.healthCheck = { path: value }; }),
        says: "must be a path starting with /",
        accepted: ["/health/readiness", "/", `/${"a".repeat(1023)}`],
        refused: ["health", "x/health", "/health ", "/a b", `/${"a".repeat(1024)}`],
    },
    {
        key: "nlb.healthCheck.path",
        set: (value) => editSection("nlb", (n) => { n.healthCheck = { path: value }; }),
        says: "must be a path starting with /",
        accepted: ["/health/readiness", "/", `/${"a".repeat(1023)}`],
        refused: ["health", "x/health", "/health ", `/${"a".repeat(1024)}`],
    },
    {
        key: "healthCheck.matcher",
        set: (value) => editSection("alb", (a) => { a.healthCheck = { matcher: value }; }),
        says: "must be HTTP codes such as 200 or 200-299",
        accepted: ["200", "200-299", "200,302", "200-204,301-302"],
        refused: ["2000", "x200", "20", "200-2", "200-20x", "200,30", "200,301-3", "abc"],
    },
];

describe("load balancer value patterns at their edges", () => {
    for (const pattern of PATTERNS) {
        for (const value of pattern.accepted) {
            it(`accepts ${pattern.key.startsWith("nlb.") ? "" : "alb."}${pattern.key} = ${JSON.stringify(value.length > 60 ? `${value.slice(0, 20)}... (${value.length} characters)` : value)}`, () => {
                expect(configProblems("dev", pattern.set(value))).to.deep.equal([]);
            });
        }
        for (const value of pattern.refused) {
            it(`refuses ${pattern.key.startsWith("nlb.") ? "" : "alb."}${pattern.key} = ${JSON.stringify(value.length > 60 ? `${value.slice(0, 20)}... (${value.length} characters)` : value)}, naming the key`, () => {
                const problems = configProblems("dev", pattern.set(value));
                expect(problems.map((p) => p.key)).to.deep.equal([keyFor(pattern.key)]);
                expect(problems[0].message).to.include(pattern.says);
            });
        }
    }
});

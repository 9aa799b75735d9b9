import { expect } from "chai";
import * as path from "path";
import { REPO_ROOT } from "../../offline/stack-file";
import { survivorLines } from "../../review/mutation";

const at = (line: number, column: number) => ({ start: { line, column } });

describe("mutation survivors of a tier", () => {
    const report = {
        files: {
            [path.join(REPO_ROOT, "stacks/data.ts")]: {
                source: "const a = 1;\nif (a > 0) {\n  run();\n}",
                mutants: [
                    { status: "Survived", mutatorName: "EqualityOperator", replacement: "a >= 0", location: at(2, 5) },
                    { status: "Killed", mutatorName: "BlockStatement", replacement: "{}", location: at(2, 12) },
                    { status: "NoCoverage", mutatorName: "BlockStatement", replacement: "{}", location: at(2, 12) },
                    { status: "Survived", mutatorName: "NumberLiteral", location: at(1, 11) },
                    { status: "Timeout", mutatorName: "ArrowFunction", location: at(3, 3) },
                ],
            },
            "stacks/network.ts": { source: "x", mutants: [{ status: "Survived", mutatorName: "StringLiteral", replacement: "\"\"", location: at(1, 1) }] },
        },
    };

    it("lists each undetected mutant of the tier's files, in line and column order, with its source line", () =>
        expect(survivorLines(report, "data")).to.deep.equal([
            "stacks/data.ts:1:11 Survived NumberLiteral | const a = 1;",
            'stacks/data.ts:2:5 Survived EqualityOperator => "a >= 0" | if (a > 0) {',
            'stacks/data.ts:2:12 NoCoverage BlockStatement => "{}" | if (a > 0) {',
        ]));
    it("leaves out the other tiers' files", () => expect(survivorLines(report, "network")).to.deep.equal(['stacks/network.ts:1:1 Survived StringLiteral => "\\"\\"" | x']));
    it("refuses a tier that does not exist, naming the tiers", () => expect(() => survivorLines(report, "storage")).to.throw(/unknown tier "storage": one of foundation, network, data/));
});

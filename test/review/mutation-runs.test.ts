// Scores from more than one Stryker run: a run stopped partway (its event-recorder output) and a
// later run of the static mutants it had not reached, merged mutant by mutant.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../offline/stack-file";
import { mergeReports, reportFromEvents, scoresByTier, staticMutantRanges } from "../../review/mutation";
import { tempDir } from "../support/temp-dir";

const at = (line: number, column: number, endLine = line) => ({ start: { line, column }, end: { line: endLine, column: column + 3 } });
const absolute = (file: string) => path.join(REPO_ROOT, file);

describe("mutation reports of several runs", () => {
    it("take a mutant's later result and keep the ones measured once, matching absolute and relative file names", () => {
        const first = { files: { [absolute("stacks/data.ts")]: { source: "src", mutants: [
            { status: "Survived", mutatorName: "StringLiteral", replacement: '""', location: at(1, 5) },
            { status: "Killed", mutatorName: "StringLiteral", replacement: '""', location: at(2, 5) },
        ] } } };
        const second = { files: { "stacks/data.ts": { mutants: [
            { status: "Killed", mutatorName: "StringLiteral", replacement: '""', location: at(1, 5) },
            // Same place, another mutation: a mutant of its own.
            { status: "Survived", mutatorName: "StringLiteral", replacement: '"Stryker was here!"', location: at(1, 5) },
        ] } } };
        // `a && b && c`: `a && b` and the whole condition start together and differ only in their end.
        const nested = (status: string, endColumn: number) =>
            ({ status, mutatorName: "ConditionalExpression", replacement: "true", location: { start: { line: 7, column: 9 }, end: { line: 7, column: endColumn } } });
        second.files["stacks/data.ts"].mutants.push(nested("Killed", 20), nested("Survived", 30));
        const merged = mergeReports([first, second]);
        expect(Object.keys(merged.files)).to.deep.equal(["stacks/data.ts"]);
        expect(merged.files["stacks/data.ts"].source).to.equal("src");
        expect(merged.files["stacks/data.ts"].mutants.map((m) => `${m.location!.start.line} ${m.replacement} ${m.status}`)).to.deep.equal([
            '1 "" Killed',
            '2 "" Killed',
            '1 "Stryker was here!" Survived',
            "7 true Killed",
            "7 true Survived",
        ]);
        expect(scoresByTier(merged).get("data")).to.deep.include({ detected: 3, survived: 2, noCoverage: 0 });
    });

    it("read a stopped run from the event-recorder's files, tested mutants only", () => {
        const directory = tempDir("events");
        const event = (status: string, line: number) => ({ fileName: absolute("stacks/data.ts"), status, mutatorName: "BooleanLiteral", replacement: "false", location: at(line, 1), static: false });
        fs.writeFileSync(path.join(directory, "0001-onMutantTested.json"), JSON.stringify(event("Killed", 3)));
        fs.writeFileSync(path.join(directory, "0002-onMutantTested.json"), JSON.stringify(event("Survived", 4)));
        fs.writeFileSync(path.join(directory, "0003-onMutationTestingPlanReady.json"), JSON.stringify({ mutantPlans: [] }));
        expect(reportFromEvents(directory)).to.deep.equal({ files: { "stacks/data.ts": { mutants: [
            { status: "Killed", mutatorName: "BooleanLiteral", replacement: "false", location: at(3, 1) },
            { status: "Survived", mutatorName: "BooleanLiteral", replacement: "false", location: at(4, 1) },
        ] } } });
    });

    it("give --mutate ranges of a plan's one-line static mutants not yet measured, lines from 1 and columns from 0", () => {
        // The plan counts lines and columns from 0.
        const planned = (file: string, isStatic: boolean, line: number, column: number, endLine = line) =>
            ({ mutant: { fileName: absolute(file), static: isStatic, status: "Pending", mutatorName: "StringLiteral", replacement: '""', location: { start: { line, column }, end: { line: endLine, column: column + 5 } } } });
        const plan = { mutantPlans: [
            planned("stacks/config/cache.ts", true, 9, 20),
            planned("stacks/config/cache.ts", true, 9, 20),
            planned("stacks/config/cache.ts", false, 40, 2),
            planned("stacks/config/cache.ts", true, 12, 4, 30),
            planned("components/data/timescale-boot.ts", true, 6, 0),
        ] };
        expect(staticMutantRanges(plan)).to.deep.equal(["stacks/config/cache.ts:10:20-10:25", "components/data/timescale-boot.ts:7:0-7:5"]);
        // A report counts from 1: the cache mutant at 10:21-10:26 is measured already.
        const measured = (endColumn: number) => ({ files: { "stacks/config/cache.ts": { mutants: [
            { status: "Killed", mutatorName: "StringLiteral", replacement: '""', location: { start: { line: 10, column: 21 }, end: { line: 10, column: endColumn } } },
        ] } } });
        expect(staticMutantRanges(plan, measured(26))).to.deep.equal(["components/data/timescale-boot.ts:7:0-7:5"]);
        // One that starts there but ends elsewhere is another mutant.
        expect(staticMutantRanges(plan, measured(30))).to.have.length(2);
    });
});

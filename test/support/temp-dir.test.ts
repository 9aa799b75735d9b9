// The tests' temporary directories go when the process that made them exits.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

describe("temporary directories of the tests", () => {
    it("are removed, with their files, when the process exits", () => {
        const script = [
            `const { tempDir } = require(${JSON.stringify(path.join(__dirname, "temp-dir.ts"))});`,
            `const dirs = [tempDir("probe"), tempDir("probe")];`,
            `require("fs").writeFileSync(require("path").join(dirs[0], "file"), "x");`,
            `console.log(JSON.stringify(dirs.map((d) => [d, require("fs").existsSync(d)])));`,
        ].join("\n");
        const run = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
        expect(run.status, run.stderr).to.equal(0);
        const seen = JSON.parse(run.stdout) as [string, boolean][];
        expect(seen.map(([dir, existed]) => [path.basename(dir).replace(/-[^-]+$/, ""), existed])).to.deep.equal([["hse-probe", true], ["hse-probe", true]]);
        for (const [dir] of seen) expect(fs.existsSync(dir), dir).to.equal(false);
    });
});

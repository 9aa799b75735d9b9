// One Node.js for everything (decision 0019): the release developers and CI run (.nvmrc), the
// oldest release package.json accepts, the Node.js types the code is checked against, and the
// Lambda runtime our functions are deployed to, whose major the bundles' syntax target follows.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { BUNDLE_TARGET, LAMBDA_NODE_MAJOR, LAMBDA_NODE_RUNTIME } from "../../components/shared/lambda-code";
import { REPO_ROOT } from "../../offline/stack-file";

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    engines: { node: string };
    devDependencies: Record<string, string>;
};
const nvmrc = fs.readFileSync(path.join(REPO_ROOT, ".nvmrc"), "utf8").trim();

type Version = [number, number, number];

function parseVersion(text: string, what: string): Version {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
    if (!match) throw new Error(`${what} is "${text}", not an exact version x.y.z`);
    return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function atLeast(version: Version, minimum: Version): boolean {
    const first = version.findIndex((part, i) => part !== minimum[i]);
    return first === -1 || version[first] > minimum[first];
}

/** engines.node as the one form used here: ">=x.y.z". */
function enginesMinimum(): Version {
    const match = /^>=(\S+)$/.exec(packageJson.engines.node);
    if (!match) throw new Error(`package.json engines.node is "${packageJson.engines.node}", expected ">=x.y.z"`);
    return parseVersion(match[1], "engines.node's minimum");
}

describe("the Node.js toolchain", () => {
    it("pins one exact release in .nvmrc, of the major the Lambda functions run", () => {
        const [major] = parseVersion(nvmrc, ".nvmrc");
        expect(major).to.equal(LAMBDA_NODE_MAJOR);
        expect(LAMBDA_NODE_RUNTIME).to.equal(`nodejs${major}.x`);
        expect(BUNDLE_TARGET).to.equal(`node${major}`);
    });

    it("accepts in package.json engines the release of .nvmrc, and no older major", () => {
        const minimum = enginesMinimum();
        expect(minimum[0]).to.equal(parseVersion(nvmrc, ".nvmrc")[0]);
        expect(atLeast(parseVersion(nvmrc, ".nvmrc"), minimum), `.nvmrc ${nvmrc} is older than engines ${packageJson.engines.node}`).to.equal(true);
    });

    it("checks the code against the Node.js types of that major", () => {
        expect(parseVersion(packageJson.devDependencies["@types/node"], "@types/node")[0]).to.equal(LAMBDA_NODE_MAJOR);
    });

    it("runs these tests on a Node.js that package.json engines accepts (nvm use, or bash .ci/run)", () => {
        const running = parseVersion(process.versions.node, "the running Node.js");
        expect(atLeast(running, enginesMinimum()), `Node.js ${process.versions.node} runs the tests; package.json engines needs ${packageJson.engines.node}`).to.equal(true);
    });

    it("compares versions part by part, not as text", () => {
        expect(atLeast([24, 10, 0], [24, 9, 9])).to.equal(true);
        expect(atLeast([24, 11, 0], [24, 11, 0])).to.equal(true);
        expect(atLeast([20, 19, 9], [24, 11, 0])).to.equal(false);
        expect(atLeast([24, 2, 0], [24, 11, 0])).to.equal(false);
        expect(() => parseVersion("v24", "x")).to.throw('x is "v24", not an exact version x.y.z');
    });
});

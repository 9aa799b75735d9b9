// The bootstrap's config: every stack file is valid, and every bad value is refused with the
// full key, what is wrong and what is allowed, all problems of a stack at once.
import { expect } from "chai";
import * as fs from "fs";
import { bucketNameProblem, DEFAULT_NONCURRENT_VERSION_DAYS, loadBootstrapConfig, ROLE_ARN_PATTERN } from "../../bootstrap/config";
import { ConfigValidationError } from "../../stacks/config/errors";
import { readStackConfig, stackNames } from "../../offline/stack-file";
import { BOOTSTRAP_ROOT } from "./build-bootstrap";

const P = "hse-state-backend";

function load(edit: (values: Record<string, string>) => void = () => undefined) {
    const config = readStackConfig("dev", BOOTSTRAP_ROOT);
    edit(config.values);
    return loadBootstrapConfig(config);
}

function problems(edit: (values: Record<string, string>) => void): string[] {
    try {
        load(edit);
    } catch (error) {
        if (error instanceof ConfigValidationError) return error.problems.map((p) => `${p.key}: ${p.message}`);
        throw error;
    }
    throw new Error("the config was accepted");
}

describe("bootstrap config: the stack files", () => {
    const stacks = stackNames(BOOTSTRAP_ROOT);
    it("are one per account of the platform's stacks", () => expect(stacks).to.deep.equal(stackNames()));
    for (const stack of stacks) {
        it(`${stack} is valid and deploys to the account of the platform's stack of the same name`, () => {
            const config = loadBootstrapConfig(readStackConfig(stack, BOOTSTRAP_ROOT));
            expect(config.accountId).to.equal(readStackConfig(stack).values["hse-platform:accountId"]);
            expect(config.bucketName).to.equal(`hse-pulumi-state-${config.accountId}`);
            for (const arn of config.deployerRoleArns) expect(arn).to.contain(`::${config.accountId}:role/`);
        });
    }
    it("take 90 days of noncurrent versions when the key is absent", () => {
        const config = load((v) => delete v[`${P}:noncurrentVersionDays`]);
        expect([config.noncurrentVersionDays, DEFAULT_NONCURRENT_VERSION_DAYS]).to.deep.equal([90, 90]);
    });
});

describe("bootstrap config: S3 bucket names", () => {
    const refused: [string, string][] = [
        ["ab", "must be 3-63 characters long (S3 bucket naming rules); it is 2"],
        ["a".repeat(64), "must be 3-63 characters long (S3 bucket naming rules); it is 64"],
        ["hse.pulumi.state", "must not contain periods"],
        ["192.168.5.4", "must not contain periods"],
        ["HSE-state", "may contain only lowercase letters, digits and hyphens"],
        ["hse_state", "may contain only lowercase letters, digits and hyphens"],
        ["-hse-state", "must begin and end with a lowercase letter or a digit"],
        ["hse-state-", "must begin and end with a lowercase letter or a digit"],
        ["xn--hse-state", "must not start with xn-- (reserved by S3)"],
        ["sthree-hse", "must not start with sthree- (reserved by S3)"],
        ["amzn-s3-demo-hse", "must not start with amzn-s3-demo- (reserved by S3)"],
        ["hse-state-s3alias", "must not end with -s3alias (reserved by S3)"],
        ["hse-state--ol-s3", "must not end with --ol-s3 (reserved by S3)"],
        ["hse-state--x-s3", "must not end with --x-s3 (reserved by S3)"],
    ];
    for (const [name, why] of refused) {
        it(`refuses ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}... (${name.length})` : name)}`, () => expect(bucketNameProblem(name)).to.contain(why));
    }
    for (const name of ["abc", "a".repeat(63), "hse-pulumi-state-111122223333", "0-state-9"]) {
        it(`accepts ${name.length > 20 ? `a name of ${name.length} characters` : name}`, () => expect(bucketNameProblem(name)).to.equal(undefined));
    }
});

describe("bootstrap config: role ARNs", () => {
    for (const arn of ["arn:aws:iam::111122223333:role/deployer", "arn:aws:iam::111122223333:role/ci/github/deployer", "arn:aws-us-gov:iam::111122223333:role/a+b=c,d.e@f_g-h"]) {
        it(`accepts ${arn}`, () => expect(ROLE_ARN_PATTERN.test(arn)).to.equal(true));
    }
    for (const arn of ["arn:aws:iam::11112222333:role/short-account", "arn:aws:iam::111122223333:user/someone", "arn:aws:iam::111122223333:role/", "arn:aws:sts::111122223333:assumed-role/deployer/session", "deployer", `arn:aws:iam::111122223333:role/${"r".repeat(65)}`]) {
        it(`refuses ${arn.length > 60 ? `${arn.slice(0, 40)}...` : arn}`, () => expect(ROLE_ARN_PATTERN.test(arn)).to.equal(false));
    }
});

describe("bootstrap config: invalid values, all at once", () => {
    it("names every bad key with its value and what is allowed", () => {
        const found = problems((v) => {
            v[`${P}:bucketName`] = "Hse.State";
            v[`${P}:region`] = "useast1";
            v[`${P}:accountId`] = "1234";
            v[`${P}:noncurrentVersionDays`] = "0";
            v[`${P}:deployerRoleArns`] = JSON.stringify(["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/ok"]);
        });
        expect(found).to.have.members([
            `${P}:bucketName: must not contain periods: a dotted bucket name breaks HTTPS to the bucket, and the state bucket takes TLS only (got "Hse.State")`,
            `${P}:region: must be an AWS region name such as us-east-1 (got "useast1")`,
            `${P}:accountId: must be a 12-digit AWS account id, e.g. 123456789012 (got "1234")`,
            `${P}:noncurrentVersionDays: must be at least 1 (got 0)`,
            `${P}:deployerRoleArns[0]: must be an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name> (got "arn:aws:iam::111122223333:user/alice")`,
        ]);
    });
    it("refuses a retention beyond ten years and one that is not a whole number", () => {
        expect(problems((v) => (v[`${P}:noncurrentVersionDays`] = "3651"))).to.deep.equal([`${P}:noncurrentVersionDays: must be at most 3650 (got 3651)`]);
        expect(problems((v) => (v[`${P}:noncurrentVersionDays`] = "ninety"))).to.deep.equal([`${P}:noncurrentVersionDays: must be a whole number of days from 1 to 3650 (got "ninety")`]);
    });
    it("refuses an empty list of deployer roles, saying why", () =>
        expect(problems((v) => (v[`${P}:deployerRoleArns`] = "[]"))).to.deep.equal([`${P}:deployerRoleArns: must name at least one deployer role: nobody could use the secrets key otherwise (got [])`]));
    it("refuses a missing bucket name, and an access-log bucket that is not a bucket name", () => {
        expect(
            problems((v) => {
                delete v[`${P}:bucketName`];
                v[`${P}:accessLogging`] = JSON.stringify({ targetBucket: "Logs", extra: true });
            }),
        ).to.have.members([
            `${P}:bucketName: is required; it must be an S3 bucket name (text)`,
            `${P}:accessLogging.targetBucket: may contain only lowercase letters, digits and hyphens (got "Logs")`,
            `${P}:accessLogging.extra: unknown key`,
        ]);
    });
    it("refuses unknown keys, naming the allowed ones, and aws: keys the program does not read", () => {
        expect(
            problems((v) => {
                v[`${P}:bucket`] = "x";
                v["aws:region"] = "us-east-1";
            }),
        ).to.have.members([
            `${P}:bucket: unknown key; allowed here: region, accountId, costCenter, owner, bucketName, noncurrentVersionDays, deployerRoleArns, accessLogging`,
            "aws:region: is not read: the program builds its own AWS provider from hse-state-backend:region and takes credentials from the environment; remove this key",
        ]);
    });
    it("prints every problem in one error, without a stack trace (a RunError)", () => {
        let error: unknown;
        try {
            load((v) => {
                v[`${P}:bucketName`] = "x";
                v[`${P}:owner`] = "";
            });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ConfigValidationError);
        expect((error as Error).message).to.match(/^Invalid configuration for stack "dev" \(2 problems\); nothing was deployed:\n {2}- hse-state-backend:/);
    });
});

describe("bootstrap project: runs from the repository's node_modules", () => {
    const projectFile = fs.readFileSync(`${BOOTSTRAP_ROOT}/Pulumi.yaml`, "utf8");
    it("resolves the Pulumi SDK, its run script and the AWS provider from the bootstrap folder, as the Node.js runtime does", () => {
        // The language host finds `@pulumi/pulumi/cmd/run` with require.resolve from the project
        // folder (pulumi-language-nodejs, locateModule); Node walks up to the root's node_modules.
        for (const module of ["@pulumi/pulumi/cmd/run", "@pulumi/aws", "zod"]) {
            expect(require.resolve(module, { paths: [BOOTSTRAP_ROOT] })).to.contain(`${BOOTSTRAP_ROOT.replace(/bootstrap$/, "")}node_modules/`);
        }
        expect(fs.existsSync(`${BOOTSTRAP_ROOT}/node_modules`)).to.equal(false);
        expect(fs.existsSync(`${BOOTSTRAP_ROOT}/package.json`)).to.equal(false);
    });
    it("names its entry point, or the runtime would run the root package.json's main (the platform program)", () => {
        expect(projectFile).to.match(/^main: index\.ts$/m);
        expect(fs.existsSync(`${BOOTSTRAP_ROOT}/index.ts`)).to.equal(true);
        expect(JSON.parse(fs.readFileSync(`${BOOTSTRAP_ROOT}/../package.json`, "utf8")).main).to.equal("index.ts");
    });
    it("is a TypeScript Node.js project of its own name", () => {
        expect(projectFile).to.match(/^name: hse-state-backend$/m);
        expect(projectFile).to.match(/^runtime:\n {2}name: nodejs\n {2}options:\n {4}typescript: true$/m);
    });
});

// The harness is what every other test stands on: it must read stack files as the CLI does,
// and the mocks must answer like AWS or refuse.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { buildProgram } from "./build";
import { MOCK_ACCOUNT_ID, PlatformMocks, renderPolicyDocument } from "./mocks";
import { readStackConfig, StackFileError } from "./stack-file";

function tempProject(projectYaml: string, stackYaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hse-stack-file-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), projectYaml);
    fs.writeFileSync(path.join(dir, "Pulumi.t.yaml"), stackYaml);
    return dir;
}

describe("stack file reader", () => {
    it("flattens objects to JSON, applies project defaults and values, and keeps explicit values", () => {
        const dir = tempProject(
            "name: p\nruntime: nodejs\nconfig:\n  region:\n    type: string\n    default: eu-west-1\n  pulumi:disable-default-providers:\n    value: [aws]\n  owner:\n    type: string\n    default: nobody\n",
            "config:\n  p:owner: team\n  p:network:\n    vpcCidr: 10.0.0.0/16\n    zones: [a, b]\n  p:flag: true\n",
        );
        const config = readStackConfig("t", dir);
        expect(config.values).to.deep.equal({
            "p:owner": "team",
            "p:network": '{"vpcCidr":"10.0.0.0/16","zones":["a","b"]}',
            "p:flag": "true",
            "p:region": "eu-west-1",
            "pulumi:disable-default-providers": '["aws"]',
        });
    });

    it("refuses a stack that lacks a declared key without default, as the CLI does", () => {
        const dir = tempProject("name: p\nruntime: nodejs\nconfig:\n  environment:\n    type: string\n", "config: {}\n");
        expect(() => readStackConfig("t", dir)).to.throw(StackFileError, /missing configuration value 'p:environment'/);
    });

    it("stands in for secure values and lists them as secrets", () => {
        const dir = tempProject("name: p\nruntime: nodejs\n", "config:\n  p:token:\n    secure: v1:abcdef\n");
        const config = readStackConfig("t", dir);
        expect(config.secretKeys).to.deep.equal(["p:token"]);
        expect(config.values["p:token"]).to.equal("mock-secret-value-of-p:token");
    });
});

const PROVIDER = "urn:pulumi:t::p::pulumi:providers:aws::hse-t-aws::id";

describe("mocks", () => {
    const mocks = new PlatformMocks({ region: "eu-west-1", availabilityZones: ["eu-west-1a", "eu-west-1b"] });

    it("refuse an invoke they were not taught", () => {
        expect(() => mocks.call({ token: "aws:rds/getInstance:getInstance", inputs: {}, provider: PROVIDER })).to.throw(/do not answer the invoke aws:rds\/getInstance/);
    });

    it("refuse an AWS invoke that names no provider (default providers are disabled)", () => {
        expect(() => mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {} })).to.throw(/names no provider/);
    });

    it("answer the region's zones, the account and the region", () => {
        expect(mocks.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {}, provider: PROVIDER }).names).to.deep.equal(["eu-west-1a", "eu-west-1b"]);
        expect(mocks.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {}, provider: PROVIDER }).accountId).to.equal(MOCK_ACCOUNT_ID);
        expect(mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {}, provider: PROVIDER }).region).to.equal("eu-west-1");
    });

    it("render policy documents as IAM JSON", () => {
        const json = renderPolicyDocument([
            {
                sid: "A",
                actions: ["s3:GetObject"],
                resources: ["arn:aws:s3:::b/*", "arn:aws:s3:::b"],
                principals: [{ type: "Service", identifiers: ["x.amazonaws.com"] }],
                conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["1"] }],
            },
        ]);
        expect(JSON.parse(json)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::b/*", "arn:aws:s3:::b"], Principal: { Service: "x.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "1" } } }],
        });
    });

    it("synthesize ids, names and ARNs for resources", () => {
        const { id, state } = mocks.newResource({ type: "aws:iam/role:Role", name: "r", inputs: {}, custom: true });
        expect(id).to.match(/^role-[0-9a-f]{8}$/);
        expect(state.arn).to.equal(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${String(state.name)}`);
    });
});

describe("mocks and remote components", () => {
    it("synthesize an awsx VPC's outputs, which register as one opaque resource", async () => {
        const built = await buildProgram(() => {
            const vpc = new awsx.ec2.Vpc("hse-test-awsx", { cidrBlock: "10.9.0.0/16", numberOfAvailabilityZones: 2 });
            return { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds };
        });
        expect(built.outputs.vpcId).to.match(/^vpc-[0-9a-f]{8}$/);
        expect(built.outputs.privateSubnetIds).to.have.length(2);
        // Its children never reach the mocks: nothing under it is visible to tests.
        expect(built.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack", "awsx:ec2:Vpc"]);
        expect(built.ofType("awsx:ec2:Vpc")[0].inputs.cidrBlock).to.equal("10.9.0.0/16");
    });

    it("refuse a remote component they cannot stand in for", () => {
        const mocks = new PlatformMocks({ region: "us-east-1", availabilityZones: [] });
        expect(() => mocks.newResource({ type: "awsx:ecs:FargateService", name: "s", inputs: {}, custom: false })).to.throw(/REMOTE_COMPONENT_OUTPUTS/);
    });
});

describe("recorder", () => {
    it("refuses two resources with the same URN, as the engine does", async () => {
        const failure = await buildProgram(() => {
            const provider = new aws.Provider("hse-t-aws", { region: "us-east-1" });
            new aws.ec2.Vpc("hse-t-vpc", { cidrBlock: "10.0.0.0/16" }, { provider });
            new aws.ec2.Vpc("hse-t-vpc", { cidrBlock: "10.1.0.0/16" }, { provider });
            return {};
        }).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(String(failure)).to.match(/Duplicate resource URN/);
    });
});

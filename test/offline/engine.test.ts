// The offline engine is what every other test, the plan and the benchmark stand on: it must
// read stack files as the CLI does, and the mocks must answer like AWS or refuse.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import * as pulumi from "@pulumi/pulumi";
import { buildProgram, buildStack } from "../../offline/build";
import { MOCK_ACCOUNT_ID, PlatformMocks, renderPolicyDocument } from "../../offline/mocks";
import { readStackConfig, StackFileError } from "../../offline/stack-file";
import { tempDir } from "../support/temp-dir";

function tempProject(projectYaml: string, stackYaml: string): string {
    const dir = tempDir("stack-file");
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

    it("names every missing declared key at once, typed or not, and leaves a missing secret to the stand-ins", () => {
        const dir = tempProject(
            "name: p\nruntime: nodejs\nconfig:\n  a:\n    type: string\n  b:\n    description: a mapping\n  c:\n    description: another\n  token:\n    type: string\n    secret: true\n  aws:region:\n    description: another namespace is never required\n",
            "config: {}\n",
        );
        expect(() => readStackConfig("t", dir)).to.throw(StackFileError, /^Stack 't' is missing configuration values 'p:a', 'p:b' and 'p:c' \(declared in Pulumi\.yaml\)$/);
        const set = tempProject(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"), "config:\n  p:a: x\n  p:b: {k: 1}\n  p:c: y\n");
        expect(Object.keys(readStackConfig("t", set).values)).to.deep.equal(["p:a", "p:b", "p:c"]);
    });

    it("says in one line that a stack does not exist, naming the stacks that do", () => {
        const dir = tempProject("name: p\nruntime: nodejs\n", "config: {}\n");
        expect(() => readStackConfig("qa", dir)).to.throw(StackFileError, /^there is no stack "qa" \(no Pulumi\.qa\.yaml\); stacks: t$/);
    });

    it("says in one line where a stack file is not valid YAML", () => {
        const dir = tempProject("name: p\nruntime: nodejs\n", "config:\n  p:owner: [team\n  p:x: 1\n");
        let message = "";
        try {
            readStackConfig("t", dir);
        } catch (error) {
            expect(error).to.be.instanceOf(StackFileError);
            message = (error as Error).message;
        }
        expect(message).to.match(/^Pulumi\.t\.yaml is not valid YAML at line \d+, column \d+: /);
        expect(message).to.not.include("\n");
    });

    it("says that a missing project file is missing", () => {
        const dir = tempDir("stack-file");
        expect(() => readStackConfig("t", dir)).to.throw(StackFileError, /^Pulumi\.yaml does not exist$/);
    });

    it("stands in for secure values and lists them as secrets", () => {
        const dir = tempProject("name: p\nruntime: nodejs\n", "config:\n  p:token:\n    secure: v1:AAAAAAAAAAAAAAAA:c2VjcmV0IHRleHQ=\n");
        const config = readStackConfig("t", dir);
        expect(config.secretKeys).to.deep.equal(["p:token"]);
        expect(config.values["p:token"]).to.equal("mock-secret-value-of-p:token");
    });
});

const PROVIDER = "urn:pulumi:t::p::pulumi:providers:aws::hse-t-aws::id";

describe("mocks", () => {
    const mocks = new PlatformMocks({ region: "eu-west-1", accountId: MOCK_ACCOUNT_ID, availabilityZones: ["eu-west-1a", "eu-west-1b"] });

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

    it("answer the CloudFront origin-facing prefix list, and no other name", () => {
        const call = (name: string) => mocks.call({ token: "aws:ec2/getManagedPrefixList:getManagedPrefixList", inputs: { name }, provider: PROVIDER });
        expect(call("com.amazonaws.global.cloudfront.origin-facing").id).to.equal("pl-3b927c52");
        expect(() => call("com.amazonaws.global.cloudfront.origin")).to.throw(/no managed prefix list/);
    });

    it("compute what AWS computes: an RDS endpoint, a load balancer DNS name, a password", () => {
        const rds = mocks.newResource({ type: "aws:rds/instance:Instance", name: "db", inputs: { identifier: "hse-dev-postgres", port: 5432 }, custom: true }).state;
        expect(rds.address).to.match(/^hse-dev-postgres\.c[0-9a-f]{8}xyz\.eu-west-1\.rds\.amazonaws\.com$/);
        expect(rds.endpoint).to.equal(`${String(rds.address)}:5432`);
        const lb = mocks.newResource({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", inputs: { name: "hse-dev-alb", loadBalancerType: "application" }, custom: true }).state;
        expect(lb.dnsName).to.match(/^hse-dev-alb-\d+\.eu-west-1\.elb\.amazonaws\.com$/);
        expect(lb.arnSuffix).to.match(/^app\/hse-dev-alb\/[0-9a-f]{16}$/);
        const password = mocks.newResource({ type: "random:index/randomPassword:RandomPassword", name: "pw", inputs: { length: 32 }, custom: true }).state;
        expect(password.result).to.have.length(32).and.match(/^mock-random-password-/);
    });

    it("take per-build overrides of invokes and computed outputs", () => {
        const overridden = new PlatformMocks({
            region: "eu-west-1",
            accountId: MOCK_ACCOUNT_ID,
            availabilityZones: [],
            overrides: {
                invokes: { "aws:index/getRegion:getRegion": () => ({ region: "elsewhere" }) },
                resources: { "aws:rds/instance:Instance": () => ({ address: "db.example" }) },
            },
        });
        expect(overridden.call({ token: "aws:index/getRegion:getRegion", inputs: {}, provider: PROVIDER }).region).to.equal("elsewhere");
        expect(overridden.newResource({ type: "aws:rds/instance:Instance", name: "db", inputs: {}, custom: true }).state.address).to.equal("db.example");
    });

    it("answer a stack's reference to itself with its last deployment's outputs", () => {
        const deployed = new PlatformMocks({ region: "eu-west-1", accountId: MOCK_ACCOUNT_ID, availabilityZones: [], lastDeployment: { region: "eu-west-1" } });
        const { state } = deployed.newResource({ type: "pulumi:pulumi:StackReference", name: "self", inputs: { name: "org/p/t" }, custom: true });
        expect(state.outputs).to.deep.equal({ region: "eu-west-1" });
        expect(mocks.newResource({ type: "pulumi:pulumi:StackReference", name: "self", inputs: { name: "org/p/t" }, custom: true }).state.outputs).to.deep.equal({});
    });

    it("synthesize ids, names and ARNs for resources", () => {
        const { id, state } = mocks.newResource({ type: "aws:iam/role:Role", name: "r", inputs: {}, custom: true });
        expect(id).to.match(/^role-[0-9a-f]{8}$/);
        expect(state.arn).to.equal(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${String(state.name)}`);
    });
});

describe("mocks and remote components", () => {
    it("refuse a remote component they cannot stand in for, whose children would never reach them, and accept our own", () => {
        const mocks = new PlatformMocks({ region: "us-east-1", accountId: MOCK_ACCOUNT_ID, availabilityZones: [] });
        for (const type of ["awsx:ec2:Vpc", "kubernetes:helm.sh/v4:Chart"]) {
            expect(() => mocks.newResource({ type, name: "s", inputs: {}, custom: false })).to.throw(`cannot stand in for the remote component ${type}; add its outputs to REMOTE_COMPONENT_OUTPUTS`);
        }
        expect(() => mocks.newResource({ type: "hse:network:Network", name: "n", inputs: {}, custom: false })).to.not.throw();
    });
});

describe("builds", () => {
    it("are cached per stack when built as the stack files say, and fresh when built with options", async () => {
        const first = await buildStack("dev");
        expect(await buildStack("dev")).to.equal(first);
        expect(await buildStack("dev", {})).to.not.equal(first);
    });

    it("scope a component's subtree to its own descendants", async () => {
        const built = await buildStack("dev");
        const flowLogs = built.subtree("hse-dev-flow-logs");
        expect(flowLogs.resources.map((r) => r.type)).to.have.members([
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:ec2/flowLog:FlowLog",
        ]);
        // Lookups by id still reach the rest of the stack (the flow log's VPC).
        expect(flowLogs.byId(flowLogs.one("aws:ec2/flowLog:FlowLog").inputs.vpcId).type).to.equal("aws:ec2/vpc:Vpc");
        expect(() => flowLogs.one("aws:ec2/vpc:Vpc")).to.throw(/expected one aws:ec2\/vpc:Vpc, found 0/);
        expect(() => built.subtree("hse-dev-nothing")).to.throw(/found 0/);
    });

    it("keep a generated password secret in the inputs of whatever uses it", async () => {
        const built = await buildProgram(() => {
            const password = new random.RandomPassword("hse-t-pw", { length: 24 });
            new aws.ssm.Parameter("hse-t-param", { type: "SecureString", value: password.result }, { provider: new aws.Provider("hse-t-aws", { region: "us-east-1" }) });
            return { result: pulumi.secret("x") };
        });
        const value = built.named("hse-t-param").inputs.value;
        expect(pulumi.runtime.isRpcSecret(value)).to.equal(true);
        expect(JSON.stringify(value)).to.include("mock-random-password-");
    });
});

describe("builds that fail where the program cannot see it", () => {
    // Without this, such a build waits forever on the resources that needed the failed output.
    const failureOf = (program: () => Record<string, unknown>) => buildProgram(program).then(() => undefined, (error: unknown) => error);

    it("fail with the error of an apply that throws into a resource's inputs", async () => {
        const failure = await failureOf(() => {
            const provider = new aws.Provider("hse-t-aws", { region: "us-east-1" });
            const broken = pulumi.output("x").apply((): string => { throw new Error("apply failed on purpose"); });
            new aws.ssm.Parameter("hse-t-param", { type: "String", value: broken }, { provider });
            return {};
        });
        expect(String(failure)).to.match(/apply failed on purpose/);
    });

    it("fail with the engine's refusal when a refused resource's output feeds another and the stack's outputs", async () => {
        const failure = await failureOf(() => {
            const provider = new aws.Provider("hse-t-aws", { region: "us-east-1" });
            new aws.ec2.Vpc("hse-t-vpc", { cidrBlock: "10.0.0.0/16" }, { provider });
            const duplicate = new aws.ec2.Vpc("hse-t-vpc", { cidrBlock: "10.1.0.0/16" }, { provider });
            const subnet = new aws.ec2.Subnet("hse-t-subnet", { vpcId: duplicate.id, cidrBlock: "10.1.0.0/24" }, { provider });
            return { subnetId: subnet.id };
        });
        expect(String(failure)).to.match(/Duplicate resource URN/);
    });

    it("still build the next program normally", async () => {
        const built = await buildProgram(() => {
            new aws.ec2.Vpc("hse-t-vpc", { cidrBlock: "10.0.0.0/16" }, { provider: new aws.Provider("hse-t-aws", { region: "us-east-1" }) });
            return { done: "yes" };
        });
        expect(built.named("hse-t-vpc").inputs.cidrBlock).to.equal("10.0.0.0/16");
        expect(built.outputs).to.deep.equal({ done: "yes" });
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

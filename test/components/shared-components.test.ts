// The shared building blocks every tier uses, built alone with made-up arguments: each
// property a tier relies on (a bucket's TLS-only policy, a function's role and alarm, the
// bundle's format) is asserted exactly, so a tier's tests need not repeat them.
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { createHash } from "crypto";
import { LAMBDA_VPC_ACTIONS, policyJson } from "../../components/shared/iam";
import { bundleFunction, lambdaArchive, OPTIONAL_MODULES } from "../../components/shared/lambda-code";
import { childName, physicalName } from "../../components/shared/naming";
import { BUCKET_PREFIX_MAX, PrivateBucket } from "../../components/shared/private-bucket";
import { LAMBDA_NAME_MAX, VpcFunction } from "../../components/shared/vpc-function";
import { buildProgram, BuiltStack } from "../../offline/build";
import { D, statementsBySid } from "../data/types";

/** As in the stacks: an explicit provider, since the project disables the default one. */
const withProvider = () => ({ providers: [new aws.Provider("hse-test-aws", { region: "us-east-1" })] });

const names = (built: BuiltStack) => built.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws").map((r) => `${r.type} ${r.name}`);

describe("physical names", () => {
    it("join the prefix and the thing", () => expect(physicalName("hse-dev", "postgres", 63)).to.equal("hse-dev-postgres"));
    it("may be exactly as long as AWS allows", () => expect(physicalName("hse-dev", "abc", 11)).to.equal("hse-dev-abc"));
    it("one character longer is refused, naming both lengths", () =>
        expect(() => physicalName("hse-dev", "abcd", 11)).to.throw("hse-dev-abcd is 12 characters; AWS allows at most 11 here"));
    it("of a component's child join the component and the role", () => expect(childName("hse-dev-logs", "bucket")).to.equal("hse-dev-logs-bucket"));
});

describe("PrivateBucket built alone", () => {
    const build = (args: Partial<ConstructorParameters<typeof PrivateBucket>[1]> = {}) =>
        buildProgram(() => {
            new PrivateBucket("b", { bucketPrefix: "hse-test-logs-", purpose: "test logs", encryption: { kind: "s3" }, noncurrentVersionDays: 30, protect: false, ...args }, withProvider());
            return {};
        });
    let built: BuiltStack;
    before(async () => {
        built = await build();
    });

    it("declares the bucket and its five settings, named after the component", () =>
        expect(names(built)).to.have.members([
            `${D.bucket} b-bucket`,
            `${D.bucketPublicAccess} b-public-access-block`,
            `${D.bucketOwnership} b-ownership`,
            `${D.bucketEncryption} b-encryption`,
            `${D.bucketVersioning} b-versioning`,
            `${D.bucketLifecycle} b-lifecycle`,
            `${D.bucketPolicy} b-policy`,
        ]));
    it("names the bucket from its prefix, tags its purpose, and lets an unprotected one go with its objects", () => {
        const bucket = built.one(D.bucket);
        expect(bucket.inputs).to.deep.include({ bucketPrefix: "hse-test-logs-", forceDestroy: true, tags: { Purpose: "test logs" } });
        expect([bucket.protect, bucket.retainOnDelete]).to.deep.equal([false, false]);
    });
    it("blocks every kind of public access and disables ACLs", () => {
        expect(built.one(D.bucketPublicAccess).inputs).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        expect(built.one(D.bucketOwnership).inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
    });
    it("encrypts with S3-managed keys when asked for s3, and keeps versions", () => {
        expect(built.one(D.bucketEncryption).inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        expect(built.one(D.bucketVersioning).inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
    });
    it("expires old versions and abandoned uploads, and keeps current objects unless told", () =>
        expect(built.one(D.bucketLifecycle).inputs.rules).to.deep.equal([
            { id: "expire-old-versions-and-uploads", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
        ]));
    it("refuses every request without TLS, from anyone, to the bucket and every object", () => {
        const bucket = built.one(D.bucket);
        const policy = JSON.parse(built.one(D.bucketPolicy).inputs.policy);
        expect(policy.Statement).to.deep.equal([
            {
                Sid: "DenyRequestsWithoutTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket.outputs!.arn, `${bucket.outputs!.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });
    it("with a KMS key, expiry and a writer: bucket-key encryption, current objects expire, the writer allowed after the TLS rule", async () => {
        const other = await build({
            encryption: { kind: "kms", keyArn: "arn:aws:kms:us-east-1:123456789012:key/k" },
            expireAfterDays: 90,
            protect: true,
            statements: [{ sid: "LogDelivery", principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }], actions: ["s3:PutObject"], resourceSuffixes: ["/AWSLogs/*"], conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }] }],
        });
        expect(other.one(D.bucketEncryption).inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" }, bucketKeyEnabled: true },
        ]);
        expect(other.one(D.bucketLifecycle).inputs.rules[0].expiration).to.deep.equal({ days: 90 });
        const bucket = other.one(D.bucket);
        expect([bucket.inputs.forceDestroy, bucket.protect, bucket.retainOnDelete]).to.deep.equal([false, true, true]);
        const statements = statementsBySid(other.one(D.bucketPolicy).inputs.policy);
        expect(Object.keys(statements)).to.deep.equal(["DenyRequestsWithoutTls", "LogDelivery"]);
        expect(statements.LogDelivery).to.deep.equal({
            Sid: "LogDelivery",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${bucket.outputs!.arn}/AWSLogs/*`,
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
    });
    it(`takes a prefix of ${BUCKET_PREFIX_MAX} characters and refuses one more`, async () => {
        const exact = "p".repeat(BUCKET_PREFIX_MAX);
        expect((await build({ bucketPrefix: exact })).one(D.bucket).inputs.bucketPrefix).to.equal(exact);
        const failure = await build({ bucketPrefix: `${exact}p` }).then(() => undefined, (e: Error) => e);
        expect(failure?.message).to.contain(`${exact}p is longer than ${BUCKET_PREFIX_MAX} characters`);
    });
    it("takes a fixed name instead of a prefix, and refuses both or neither", async () => {
        const named = (await build({ bucketPrefix: undefined, bucketName: "hse-fixed-name" })).one(D.bucket).inputs;
        expect(named).to.include({ bucket: "hse-fixed-name" });
        expect(named).not.to.have.property("bucketPrefix");
        for (const args of [{ bucketName: "hse-fixed-name" }, { bucketPrefix: undefined }]) {
            const failure = await build(args).then(() => undefined, (e: Error) => e);
            expect(failure?.message).to.contain("PrivateBucket b: give exactly one of bucketPrefix and bucketName");
        }
    });
});

describe("VpcFunction built alone", () => {
    const code = { source: "exports.handler = async () => 1;\n", sha256: "ab".repeat(32) };
    const build = (args: Partial<ConstructorParameters<typeof VpcFunction>[1]> = {}) =>
        buildProgram(() => {
            new VpcFunction("f", {
                namePrefix: "hse-test",
                functionName: "hse-test-do-things",
                description: "does things",
                code,
                statements: [{ sid: "ReadThing", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }],
                subnetIds: ["subnet-1", "subnet-2"],
                securityGroupIds: ["sg-1"],
                logsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
                logRetentionInDays: 30,
                protect: false,
                ...args,
            }, withProvider());
            return {};
        });
    let built: BuiltStack;
    before(async () => {
        built = await build();
    });

    it("declares its log group, role, policy, function and alarm, named after the component", () =>
        expect(names(built)).to.have.members([
            `${D.logGroup} f-logs`,
            `${D.role} f-role`,
            `${D.rolePolicy} f-policy`,
            `${D.lambda} f-function`,
            `${D.alarm} f-errors`,
        ]));
    it("logs to its own encrypted group under /<prefix>/lambda/<name>-", () =>
        expect(built.one(D.logGroup).inputs).to.include({ namePrefix: "/hse-test/lambda/hse-test-do-things-", retentionInDays: 30, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/logs" }));
    it("runs as a role Lambda alone may assume, described by what it runs", () => {
        const role = built.one(D.role);
        expect(role.inputs.description).to.equal("Runs hse-test-do-things: does things");
        expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }]);
    });
    it("may write its own logs, manage its network interfaces, and do what its caller lists, nothing else", () => {
        const logGroup = built.one(D.logGroup);
        const statements = JSON.parse(built.one(D.rolePolicy).inputs.policy).Statement;
        expect(statements).to.deep.equal([
            { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.outputs!.arn}:*` },
            { Sid: "ManageOwnNetworkInterfaces", Effect: "Allow", Action: LAMBDA_VPC_ACTIONS, Resource: "*" },
            { Sid: "ReadThing", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
        ]);
    });
    it("manages network interfaces with exactly the actions of AWSLambdaVPCAccessExecutionRole", () =>
        expect(LAMBDA_VPC_ACTIONS).to.deep.equal([
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        ]));
    it("runs the bundle on arm64 in the given subnets, 60 s and 256 MB unless told, logging JSON, after its permissions exist", () => {
        const fn = built.one(D.lambda);
        expect(fn.inputs).to.deep.include({
            name: "hse-test-do-things",
            description: "does things",
            runtime: "nodejs24.x",
            architectures: ["arm64"],
            handler: "index.handler",
            sourceCodeHash: Buffer.from(code.sha256, "hex").toString("base64"),
            timeout: 60,
            memorySize: 256,
            vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
            loggingConfig: { logFormat: "JSON", logGroup: built.one(D.logGroup).outputs!.name },
        });
        expect(fn.dependencies).to.include(built.one(D.rolePolicy).urn);
    });
    it("raises an alarm on its first error in five minutes, and stays quiet without data", () =>
        expect(built.one(D.alarm).inputs).to.deep.include({
            alarmDescription: "hse-test-do-things failed: does things",
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: "hse-test-do-things" },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
        }));
    it("takes other limits and plain settings when given", async () => {
        const other = await build({ timeoutSeconds: 300, memorySizeMb: 512, environment: { MODE: "strict" } });
        expect(other.one(D.lambda).inputs).to.deep.include({ timeout: 300, memorySize: 512, environment: { variables: { MODE: "strict" } } });
    });
    it(`takes a name of ${LAMBDA_NAME_MAX} characters and refuses one more`, async () => {
        const exact = "f".repeat(LAMBDA_NAME_MAX);
        expect((await build({ functionName: exact })).one(D.lambda).inputs.name).to.equal(exact);
        const failure = await build({ functionName: `${exact}f` }).then(() => undefined, (e: Error) => e);
        expect(failure?.message).to.contain(`is ${LAMBDA_NAME_MAX + 1} characters; Lambda allows ${LAMBDA_NAME_MAX}`);
    });
});

describe("policy documents of our own", () => {
    it("allow unless a statement says otherwise", async () => {
        const built = await buildProgram(() => {
            const provider = new aws.Provider("hse-test-aws", { region: "us-east-1" });
            new aws.iam.Policy("p", {
                policy: policyJson([
                    { sid: "A", actions: ["s3:GetObject"], resources: ["*"] },
                    { sid: "D", effect: "Deny", actions: ["s3:DeleteObject"], resources: ["*"] },
                ], { provider }),
            }, { provider });
            return {};
        });
        const statements = statementsBySid(built.one("aws:iam/policy:Policy").inputs.policy);
        expect([statements.A.Effect, statements.D.Effect]).to.deep.equal(["Allow", "Deny"]);
    });
});

describe("function bundles", () => {
    const bundle = bundleFunction("redeploy/handler.ts");
    it("are CommonJS for Node.js 20 and later, not minified, without legal comments", () => {
        expect(bundle.source).to.match(/module\.exports = __toCommonJS\(/);
        expect(bundle.source).to.contain("\n  ");
        expect(bundle.source).not.to.match(/@license|@preserve/);
    });
    it("leave the optional native modules out", () => expect(OPTIONAL_MODULES).to.deep.equal(["pg-native", "@aws-sdk/signature-v4-crt"]));
    it("with pg bundled, load pg-native at run time only if present", () => expect(bundleFunction("db-bootstrap/handler.ts").source).to.contain('require("pg-native")'));
    it("are named by the sha256 of their text", () =>
        expect(bundle.sha256).to.equal(createHash("sha256").update(bundle.source).digest("hex")));
    it("deploy as index.js alone", async () => {
        const archive = lambdaArchive(bundle);
        const assets = await archive.assets;
        expect(Object.keys(assets)).to.deep.equal(["index.js"]);
        expect(await (assets["index.js"] as { text: Promise<string> }).text).to.equal(bundle.source);
    });
});

// The secrets tier's building blocks built alone, with arguments no stack file uses today: every
// property asserted exactly, so a new secret or rotation gets them without a test of its own.
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { PlatformSecret, secretName } from "../../components/secrets/platform-secret";
import { GENERATE_PASSWORDS, RotationFunction, rotationStatements } from "../../components/secrets/rotation-function";
import { LAMBDA_VPC_ACTIONS } from "../../components/shared/iam";
import { bundleFunction } from "../../components/shared/lambda-code";
import { buildProgram } from "../../offline/build";
import { D, secretValue } from "../data/types";

const withProvider = () => ({ providers: [new aws.Provider("hse-test-aws", { region: "eu-west-1" })] });
/** The account the credentials belong to: the mocks answer GetCallerIdentity with it. */
const ACCOUNT = "210987654321";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/secrets";

describe("PlatformSecret built alone", () => {
    const build = (args: Partial<ConstructorParameters<typeof PlatformSecret>[1]> = {}) =>
        buildProgram(() => {
            new PlatformSecret("s", { secretName: secretName("qa", "thing"), description: "a thing", kmsKeyArn: KEY, recoveryWindowInDays: 9, protect: false, ...args }, withProvider());
            return {};
        }, "dev", { callerAccountId: ACCOUNT });

    it("is named hse/<env>/<name>, under the given key and recovery window, and unprotected unless told", async () => {
        const built = await build();
        const secret = built.one(D.secret);
        expect(secret.inputs).to.deep.equal({ name: "hse/qa/thing", description: "a thing", kmsKeyId: KEY, recoveryWindowInDays: 9 });
        expect([secret.protect, secret.retainOnDelete]).to.deep.equal([false, false]);
        expect(built.ofType(D.secretVersion)).to.deep.equal([]);
    });

    it("refuses principals of other accounts (AWS services excepted) and requests without TLS, and public policies", async () => {
        const built = await build();
        const policy = built.one(D.secretPolicy);
        expect(policy.inputs.secretArn).to.equal(built.one(D.secret).outputs!.arn);
        expect(policy.inputs.blockPublicPolicy).to.equal(true);
        expect(JSON.parse(policy.inputs.policy).Statement).to.deep.equal([
            {
                Sid: "DenyPrincipalsOutsideTheAccount",
                Effect: "Deny",
                Principal: "*",
                Action: "secretsmanager:*",
                Resource: "*",
                Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
            },
            { Sid: "DenyRequestsWithoutTls", Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ]);
    });

    it("writes a first value once, as a Pulumi secret, and leaves later values to rotation", async () => {
        const built = await build({ initialValue: '{"password":"p"}', protect: true });
        const version = built.one(D.secretVersion);
        expect(version.name).to.equal("s-initial");
        expect(version.inputs.secretId).to.equal(built.one(D.secret).id);
        expect(secretValue(version.inputs.secretString)).to.equal('{"password":"p"}');
        expect(version.ignoreChanges).to.deep.equal(["secretString", "versionStages"]);
        const secret = built.one(D.secret);
        expect([secret.protect, secret.retainOnDelete]).to.deep.equal([true, true]);
    });

    it("writes a stack-owned value, as a Pulumi secret, every time it changes", async () => {
        const built = await build({ value: '{"licenseKey":"k"}' });
        const version = built.one(D.secretVersion);
        expect(version.name).to.equal("s-value");
        expect(secretValue(version.inputs.secretString)).to.equal('{"licenseKey":"k"}');
        expect(version.ignoreChanges ?? []).to.deep.equal([]);
    });

    it("refuses a first value and a stack-owned value together", async () => {
        const failure = await build({ initialValue: "{}", value: "{}" }).then(() => undefined, (e: Error) => e);
        expect(failure?.message).to.contain("hse/qa/thing: give initialValue (rotation owns the value) or value (the stack owns it), not both");
    });
});

describe("RotationFunction built alone", () => {
    const secrets = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:a", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:b"];
    const build = (args: Partial<ConstructorParameters<typeof RotationFunction>[1]> = {}) =>
        buildProgram(() => {
            new RotationFunction("r", {
                namePrefix: "hse-qa",
                region: "eu-west-1",
                behaviour: "jwt",
                functionName: "hse-qa-rotate-things",
                description: "rotates things",
                secretArns: secrets,
                secretsKeyArn: KEY,
                rotationDays: 12,
                statements: [GENERATE_PASSWORDS],
                subnetIds: ["subnet-1"],
                securityGroupIds: ["sg-1"],
                logsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs",
                logRetentionInDays: 14,
                protect: false,
                ...args,
            }, withProvider());
            return {};
        }, "dev", { callerAccountId: ACCOUNT });

    it("schedules every secret it owns, the first rotation at once, only once Secrets Manager may invoke it", async () => {
        const built = await build();
        const fn = built.one(D.lambda);
        // One permission per secret, each for that secret of this account only (confused deputy).
        const permissions = built.ofType(D.permission);
        expect(permissions.map((p) => p.name)).to.deep.equal(["r-invoke", "r-invoke-1"]);
        permissions.forEach((permission, i) =>
            expect(permission.inputs).to.deep.equal({ function: "hse-qa-rotate-things", action: "lambda:InvokeFunction", principal: "secretsmanager.amazonaws.com", sourceAccount: ACCOUNT, sourceArn: secrets[i] }));
        const schedules = built.ofType(D.rotation);
        expect(schedules.map((s) => s.name)).to.have.members(["r-schedule-0", "r-schedule-1"]);
        for (const schedule of schedules) {
            const permission = permissions[Number(schedule.name.slice(-1))];
            expect(schedule.inputs).to.deep.equal({
                secretId: secrets[Number(schedule.name.slice(-1))],
                rotationLambdaArn: fn.outputs!.arn,
                rotationRules: { automaticallyAfterDays: 12 },
                rotateImmediately: true,
            });
            expect(schedule.dependencies).to.include(permission.urn);
        }
    });

    it("runs its behaviour's bundle, told no services to redeploy when it has none, 60 s per step unless told", async () => {
        const built = await build();
        const fn = built.one(D.lambda);
        expect(fn.inputs.sourceCodeHash).to.equal(Buffer.from(bundleFunction("rotation/jwt.ts").sha256, "hex").toString("base64"));
        expect(fn.inputs.environment).to.deep.equal({ variables: { REDEPLOY_SERVICES: "[]" } });
        expect(fn.inputs.timeout).to.equal(60);
        const other = await build({ behaviour: "elasticache-user", timeoutSeconds: 120, environment: { MODE: "x" } });
        expect(other.one(D.lambda).inputs.sourceCodeHash).to.equal(Buffer.from(bundleFunction("rotation/elasticache-user.ts").sha256, "hex").toString("base64"));
        expect(other.one(D.lambda).inputs.environment).to.deep.equal({ variables: { MODE: "x", REDEPLOY_SERVICES: "[]" } });
        expect(other.one(D.lambda).inputs.timeout).to.equal(120);
    });

    it("may touch only its secrets, the secrets key through Secrets Manager, and what its caller adds", async () => {
        const built = await build();
        const statements = JSON.parse(built.one(D.rolePolicy).inputs.policy).Statement;
        expect(statements.slice(2)).to.deep.equal([
            {
                Sid: "RotateOwnSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
                Resource: secrets,
            },
            {
                Sid: "UseSecretsKeyThroughSecretsManager",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: KEY,
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
            },
            { Sid: "GeneratePasswords", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" },
        ]);
        expect(statements[1].Action).to.deep.equal(LAMBDA_VPC_ACTIONS);
    });

    it("with services to redeploy: may update exactly those, and is told their cluster and name", async () => {
        const services = [
            { cluster: "hse-qa", service: "hse-qa-api", arn: "arn:aws:ecs:eu-west-1:123456789012:service/hse-qa/hse-qa-api" },
            { cluster: "hse-qa", service: "hse-qa-worker", arn: "arn:aws:ecs:eu-west-1:123456789012:service/hse-qa/hse-qa-worker" },
        ];
        const built = await build({ redeployServices: services });
        expect(JSON.parse(built.one(D.lambda).inputs.environment.variables.REDEPLOY_SERVICES)).to.deep.equal(services.map(({ cluster, service }) => ({ cluster, service })));
        const redeploy = rotationStatements({ secretArns: secrets, secretsKeyArn: KEY, region: "eu-west-1", redeployServices: services })[2];
        expect(redeploy).to.deep.equal({ sid: "RedeployServicesThatReadTheSecret", actions: ["ecs:UpdateService"], resources: services.map((s) => s.arn) });
        const statements = JSON.parse(built.one(D.rolePolicy).inputs.policy).Statement;
        expect(statements.find((s: { Sid: string }) => s.Sid === "RedeployServicesThatReadTheSecret")).to.deep.equal({
            Sid: "RedeployServicesThatReadTheSecret",
            Effect: "Allow",
            Action: "ecs:UpdateService",
            Resource: services.map((s) => s.arn),
        });
    });

    it("asks Secrets Manager for passwords with the one action that takes no resource", () =>
        expect(GENERATE_PASSWORDS).to.deep.equal({ sid: "GeneratePasswords", actions: ["secretsmanager:GetRandomPassword"], resources: ["*"] }));
});

// The application secrets per environment (seed §10.2.6): the JWT signing secret with our
// rotation (secret, schedule, function, role asserted exactly, alarm), New Relic from config, and
// the redeploy that follows the change of every secret no function of ours redeploys after.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { LAMBDA_VPC_ACTIONS } from "../../components/shared/iam";
import { bundleFunction } from "../../components/shared/lambda-code";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { D, secretValue, statementsBySid } from "../data/types";
import { configProblems, editSection } from "../config/edit";

const EVENTS = { rule: "aws:cloudwatch/eventRule:EventRule", target: "aws:cloudwatch/eventTarget:EventTarget" } as const;

const EXPECTED = {
    dev: { recoveryDays: 0, logDays: 7, appName: "HSE Backend Dev" },
    staging: { recoveryDays: 0, logDays: 30, appName: "HSE Backend Staging" },
    production: { recoveryDays: 30, logDays: 30, appName: "HSE Backend Production" },
};

for (const [stack, expected] of Object.entries(EXPECTED)) {
    describe(`application secrets of ${stack}`, () => {
        let built: BuiltStack;
        let jwt: ResourceSet;
        let newRelic: ResourceSet;
        let redeploy: ResourceSet;
        before(async () => {
            built = await buildStack(stack);
            jwt = built.subtree(`hse-${stack}-jwt`);
            newRelic = built.subtree(`hse-${stack}-newrelic`);
            redeploy = built.subtree(`hse-${stack}-secret-change-redeploy`);
        });
        const protect = stack === "production";
        const account = () => built.outputs.keys.secrets.arn.split(":")[4] as string;
        const keyArn = (purpose: string) => built.outputs.keys[purpose].arn;
        const serviceArn = (service: string) => `arn:aws:ecs:us-east-1:${account()}:service/hse-${stack}/hse-${stack}-${service}`;
        const ref = (service: string) => ({ cluster: `hse-${stack}`, service: `hse-${stack}-${service}` });

        for (const [name, set] of [["jwt", () => jwt], ["newrelic", () => newRelic]] as const) {
            it(`keeps hse/${stack}/${name} under the secrets key, recoverable ${expected.recoveryDays} days, account-only and TLS-only${protect ? ", protected" : ""}`, () => {
                const secret = set().one(D.secret);
                expect(secret.inputs).to.include({ name: `hse/${stack}/${name}`, kmsKeyId: keyArn("secrets"), recoveryWindowInDays: expected.recoveryDays });
                expect([secret.protect, secret.retainOnDelete]).to.deep.equal([protect, protect]);
                const policy = statementsBySid(set().one(D.secretPolicy).inputs.policy);
                expect(Object.keys(policy)).to.have.members(["DenyPrincipalsOutsideTheAccount", "DenyRequestsWithoutTls"]);
                expect(policy.DenyPrincipalsOutsideTheAccount.Condition.StringNotEquals).to.deep.equal({ "aws:PrincipalAccount": account() });
                expect(policy.DenyRequestsWithoutTls).to.deep.include({ Effect: "Deny", Action: "secretsmanager:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
                expect(set().one(D.secretPolicy).inputs.blockPublicPolicy).to.equal(true);
            });
        }

        it("generates the first JWT value (secret = previous, the seed's lifetimes), which rotation owns afterwards", () => {
            const version = jwt.one(D.secretVersion);
            const value = JSON.parse(secretValue(version.inputs.secretString));
            const generated = pulumi.runtime.unwrapRpcSecret(jwt.one(D.password).outputs?.result);
            expect(value).to.deep.equal({ secret: generated, previous: generated, expiresIn: "15m", refreshExpiresIn: "7d" });
            expect(jwt.one(D.password).inputs).to.include({ length: 86, special: false });
            expect(version.ignoreChanges).to.have.members(["secretString", "versionStages"]);
        });

        it("rotates the JWT secret every 30 days, the first time at once, with our function", () => {
            const schedule = jwt.one(D.rotation);
            expect(schedule.inputs).to.deep.equal({
                secretId: jwt.one(D.secret).outputs?.arn,
                rotationLambdaArn: jwt.one(D.lambda).outputs?.arn,
                rotationRules: { automaticallyAfterDays: 30 },
                rotateImmediately: true,
            });
            const permission = jwt.one(D.permission);
            expect(permission.inputs).to.deep.equal({ function: jwt.one(D.lambda).outputs?.name, action: "lambda:InvokeFunction", principal: "secretsmanager.amazonaws.com", sourceAccount: account(), sourceArn: jwt.one(D.secret).outputs?.arn });
            expect(schedule.dependencies).to.include(permission.urn);
            // The first rotation needs the first value.
            expect(built.named(`hse-${stack}-jwt-rotation`).dependencies).to.include(jwt.one(D.secretVersion).urn);
        });

        it("runs the bundled JWT rotation on Node.js 24 in the private subnets, told its lifetimes and exactly the services to redeploy", () => {
            const fn = jwt.one(D.lambda);
            expect(fn.inputs).to.include({ name: `hse-${stack}-rotate-jwt-secret`, runtime: "nodejs24.x", handler: "index.handler", timeout: 60 });
            expect(fn.inputs.architectures).to.deep.equal(["arm64"]);
            expect(fn.inputs.sourceCodeHash).to.equal(Buffer.from(bundleFunction("rotation/jwt.ts").sha256, "hex").toString("base64"));
            expect(fn.inputs.vpcConfig.subnetIds).to.deep.equal(built.outputs.network.subnetIds.private);
            expect(fn.inputs.vpcConfig.securityGroupIds).to.deep.equal([built.outputs.network.securityGroupIds["data-functions"]]);
            const variables = fn.inputs.environment.variables;
            expect(Object.keys(variables)).to.have.members(["JWT_EXPIRES_IN", "JWT_REFRESH_EXPIRES_IN", "REDEPLOY_SERVICES"]);
            expect(variables).to.include({ JWT_EXPIRES_IN: "15m", JWT_REFRESH_EXPIRES_IN: "7d" });
            // Only the monolith reads the JWT secret.
            expect(JSON.parse(variables.REDEPLOY_SERVICES)).to.deep.equal([ref("monolith")]);
        });

        it("gives the JWT rotation a role that touches only its secret, its key and the monolith", () => {
            const policy = statementsBySid(jwt.one(D.rolePolicy).inputs.policy);
            const logGroup = jwt.one(D.logGroup).outputs?.arn;
            expect(policy).to.deep.equal({
                WriteOwnLogs: { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup}:*` },
                ManageOwnNetworkInterfaces: { Sid: "ManageOwnNetworkInterfaces", Effect: "Allow", Action: [...LAMBDA_VPC_ACTIONS], Resource: "*" },
                RotateOwnSecrets: {
                    Sid: "RotateOwnSecrets",
                    Effect: "Allow",
                    Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
                    Resource: jwt.one(D.secret).outputs?.arn,
                },
                UseSecretsKeyThroughSecretsManager: {
                    Sid: "UseSecretsKeyThroughSecretsManager",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: keyArn("secrets"),
                    Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
                },
                RedeployServicesThatReadTheSecret: { Sid: "RedeployServicesThatReadTheSecret", Effect: "Allow", Action: "ecs:UpdateService", Resource: serviceArn("monolith") },
            });
            expect(JSON.parse(jwt.one(D.role).inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "lambda.amazonaws.com" });
        });

        it(`raises an alarm when the JWT rotation fails, and keeps its logs ${expected.logDays} days under the logs key`, () => {
            const alarm = jwt.one(D.alarm);
            expect(alarm.inputs).to.include({ namespace: "AWS/Lambda", metricName: "Errors", threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold" });
            expect(alarm.inputs.dimensions).to.deep.equal({ FunctionName: jwt.one(D.lambda).outputs?.name });
            expect(jwt.one(D.logGroup).inputs).to.include({ retentionInDays: expected.logDays, kmsKeyId: keyArn("logs") });
            expect([jwt.one(D.logGroup).protect, jwt.one(D.logGroup).retainOnDelete]).to.deep.equal([protect, protect]);
        });

        it(`writes New Relic's key (a Pulumi secret) and the app name "${expected.appName}" from config, and every later change of them`, () => {
            const version = newRelic.one(D.secretVersion);
            const value = JSON.parse(secretValue(version.inputs.secretString));
            expect(value).to.deep.equal({ licenseKey: "0".repeat(40), appName: expected.appName });
            expect(version.ignoreChanges ?? []).to.deep.equal([]);
            expect(newRelic.ofType(D.rotation)).to.deep.equal([]);
        });

        it("redeploys the readers of postgres, timescale and newrelic when their value changes", () => {
            const rules = Object.fromEntries(redeploy.ofType(EVENTS.rule).map((r) => [r.inputs.name, r]));
            expect(Object.keys(rules)).to.have.members(["postgres", "timescale", "newrelic"].map((s) => `hse-${stack}-${s}-secret-changed`));
            const readers: Record<string, string[]> = { postgres: ["monolith"], timescale: ["devices"], newrelic: ["monolith", "devices"] };
            const secretArns: Record<string, string> = {
                postgres: built.outputs.data.postgres.appSecretArn,
                timescale: built.outputs.data.timescale.appSecretArn,
                newrelic: built.outputs.secrets.newRelic.secretArn,
            };
            const fn = redeploy.one(D.lambda);
            for (const [secret, services] of Object.entries(readers)) {
                const rule = rules[`hse-${stack}-${secret}-secret-changed`];
                expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal({
                    source: ["aws.secretsmanager"],
                    "detail-type": ["Secret Label Updated"],
                    resources: [secretArns[secret]],
                    detail: { labelUpdated: ["AWSCURRENT"] },
                });
                const target = redeploy.ofType(EVENTS.target).find((t) => t.inputs.rule === rule.outputs?.name)!;
                expect(target.inputs.arn).to.equal(fn.outputs?.arn);
                expect(JSON.parse(target.inputs.input)).to.deep.equal({ secret: `hse/${stack}/${secret}`, services: services.map(ref) });
                const permission = redeploy.ofType(D.permission).find((p) => p.inputs.sourceArn === rule.outputs?.arn)!;
                expect(permission.inputs).to.deep.equal({ function: fn.outputs?.name, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: rule.outputs?.arn });
            }
            expect(redeploy.ofType(EVENTS.target)).to.have.length(3);
            expect(redeploy.ofType(D.permission)).to.have.length(3);
        });

        it("runs the bundled redeploy in the private subnets with a role that may only redeploy the two services", () => {
            const fn = redeploy.one(D.lambda);
            expect(fn.inputs).to.include({ name: `hse-${stack}-redeploy-on-secret-change`, runtime: "nodejs24.x", timeout: 60 });
            expect(fn.inputs.sourceCodeHash).to.equal(Buffer.from(bundleFunction("redeploy/handler.ts").sha256, "hex").toString("base64"));
            expect(fn.inputs.vpcConfig.subnetIds).to.deep.equal(built.outputs.network.subnetIds.private);
            const policy = statementsBySid(redeploy.one(D.rolePolicy).inputs.policy);
            expect(Object.keys(policy)).to.have.members(["WriteOwnLogs", "ManageOwnNetworkInterfaces", "RedeployServicesThatReadTheSecrets"]);
            expect(policy.RedeployServicesThatReadTheSecrets).to.deep.equal({
                Sid: "RedeployServicesThatReadTheSecrets",
                Effect: "Allow",
                Action: "ecs:UpdateService",
                Resource: [serviceArn("monolith"), serviceArn("devices")],
            });
            const alarm = redeploy.one(D.alarm);
            expect(alarm.inputs.dimensions).to.deep.equal({ FunctionName: fn.outputs?.name });
        });

        it("states in its outputs what rotates how, for the config review", () => {
            expect(built.outputs.secrets.jwt).to.deep.equal({ secretArn: jwt.one(D.secret).outputs?.arn, rotationFunction: `hse-${stack}-rotate-jwt-secret`, rotationDays: 30 });
            expect(built.outputs.secrets.newRelic).to.deep.equal({ secretArn: newRelic.one(D.secret).outputs?.arn, appName: expected.appName });
            expect(built.outputs.secrets.redeployOnChange).to.deep.equal({
                function: `hse-${stack}-redeploy-on-secret-change`,
                secrets: [`hse/${stack}/postgres`, `hse/${stack}/timescale`, `hse/${stack}/newrelic`],
            });
        });
    });
}

describe("a stack without its New Relic license key", () => {
    it("is refused by the program before any resource is declared, with the command that fixes it", async () => {
        const record: { type: string }[] = [];
        let message = "";
        await buildStack("production", { standInSecrets: false, record: record as never }).catch((e: Error) => (message = e.message));
        expect(message).to.include("hse-platform:newRelicLicenseKey: is required; it must be set once, with: pulumi config set --secret hse-platform:newRelicLicenseKey <license key>");
        expect(record.filter((r) => !r.type.startsWith("pulumi:"))).to.deep.equal([]);
    });

    it("deploys once the key is set as a secret, and writes it to hse/<env>/newrelic", async () => {
        const key = "0123456789abcdef0123456789abcdef0123NRAL";
        const built = await buildStack("production", { standInSecrets: false, secretConfig: { "hse-platform:newRelicLicenseKey": key } });
        expect(built.missingSecrets).to.deep.equal([]);
        const version = built.subtree("hse-production-newrelic").one(D.secretVersion);
        expect(JSON.parse(secretValue(version.inputs.secretString)).licenseKey).to.equal(key);
    });
});

describe("JWT lifetimes against the rotation interval", () => {
    /** The keys dev's config is refused for once `jwt` is changed; [] when it loads. */
    const refusedKeys = (jwt: Record<string, unknown>): string[] =>
        configProblems("dev", editSection("secrets", (s) => Object.assign(s.jwt as object, jwt))).map((p) => p.key);

    it("accept a refresh token that expires exactly one day inside the interval (a rotation may run a day early)", () => {
        expect(refusedKeys({ rotationDays: 2, refreshExpiresIn: "86400s" })).to.deep.equal([]);
        expect(refusedKeys({ rotationDays: 8, refreshExpiresIn: "7d" })).to.deep.equal([]);
        expect(refusedKeys({ rotationDays: 7, refreshExpiresIn: "7d" })).to.deep.equal(["hse-platform:secrets.jwt.rotationDays"]);
    });

    it("accept an access token as long as the refresh token, not one second longer", () => {
        expect(refusedKeys({ expiresIn: "168h", refreshExpiresIn: "7d" })).to.deep.equal([]);
        expect(refusedKeys({ expiresIn: "604801s", refreshExpiresIn: "7d" })).to.deep.equal(["hse-platform:secrets.jwt.expiresIn"]);
    });
});

describe("the services a rotation redeploys, in another partition", () => {
    it("are named by ARNs in the partition the provider deploys into (GovCloud here), not a fixed arn:aws", async () => {
        const partition = "aws:index/getPartition:getPartition";
        const built = await buildStack("dev", { mocks: { invokes: { [partition]: () => ({ id: "aws-us-gov", partition: "aws-us-gov", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }) } } });
        const account = (built.outputs.keys.secrets.arn as string).split(":")[4];
        const serviceArn = (service: string) => `arn:aws-us-gov:ecs:us-east-1:${account}:service/hse-dev/hse-dev-${service}`;
        const jwtPolicy = statementsBySid(built.subtree("hse-dev-jwt").one(D.rolePolicy).inputs.policy);
        expect(jwtPolicy.RedeployServicesThatReadTheSecret.Resource).to.equal(serviceArn("monolith"));
        const cachePolicy = statementsBySid(built.subtree("hse-dev-cache").ofType(D.rolePolicy).find((p) => String(p.inputs.policy).includes("RedeployServicesThatReadTheSecret"))!.inputs.policy);
        expect(cachePolicy.RedeployServicesThatReadTheSecret.Resource).to.deep.equal([serviceArn("monolith"), serviceArn("devices")]);
    });
});

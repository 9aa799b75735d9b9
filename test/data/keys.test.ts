// Customer-managed keys: one per purpose, rotated, aliased, protected in production, and
// policies that let the account administer and only the services that use a key use it.
import { expect } from "chai";
import { KEY_ADMIN_ACTIONS, KEY_PURPOSES, keyPolicyStatements } from "../../components/keys/key-policies";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { D, statementsBySid } from "./types";

const ACCOUNTS: Record<string, string> = { dev: "111122223333", staging: "444455556666", production: "777788889999" };
const DELETION_WINDOW: Record<string, number> = { dev: 7, staging: 14, production: 30 };

describe("key policies (pure)", () => {
    const context = { accountId: "111122223333", partition: "aws", region: "us-east-1", names: { bucketPrefix: "hse-qa-", secretPrefix: "hse/qa/", topicPrefix: "hse-qa-" } };

    it("refuse to render a key bound to the stack's resources without the stack's names", () => {
        expect(() => keyPolicyStatements("secrets", { accountId: "1", partition: "aws", region: "us-east-1" })).to.throw(/give the policy context its names/);
        expect(keyPolicyStatements("rds-backups-replica", { accountId: "1", partition: "aws", region: "us-east-1" }).map((s) => s.sid)).to.include("UseThroughRds");
    });

    it("let the account administer every key, without using it", () => {
        for (const purpose of KEY_PURPOSES) {
            const [admin] = keyPolicyStatements(purpose, context);
            expect(admin.principals).to.deep.equal([{ type: "AWS", identifiers: [admin.principals[0].identifiers[0]] }]);
            expect(admin.actions).to.deep.equal([...KEY_ADMIN_ACTIONS]);
            expect(admin.actions.filter((a) => /Encrypt|Decrypt|GenerateDataKey|CreateGrant/.test(a))).to.deep.equal([]);
        }
    });
});

for (const stack of ["dev", "staging", "production"]) {
    describe(`keys of ${stack}`, () => {
        let keys: ResourceSet;
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
            keys = built.subtree(`hse-${stack}-keys`);
        });
        const account = ACCOUNTS[stack];
        const key = (purpose: string) => keys.named(`hse-${stack}-keys-${purpose}-key`);
        const policy = (purpose: string) => statementsBySid(key(purpose).inputs.policy);

        it("has one rotated symmetric key per purpose, each with its alias", () => {
            expect(keys.ofType(D.key)).to.have.length(3);
            for (const purpose of ["data", "secrets", "logs"]) {
                expect(key(purpose).inputs).to.include({ enableKeyRotation: true, rotationPeriodInDays: 365, keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT" });
                const alias = keys.named(`hse-${stack}-keys-${purpose}-alias`);
                expect(alias.inputs).to.deep.equal({ name: `alias/hse-${stack}-${purpose}`, targetKeyId: key(purpose).id });
            }
        });

        it(`keeps a deleted key recoverable ${DELETION_WINDOW[stack]} days, and protects keys ${stack === "production" ? "" : "only "}in production`, () => {
            for (const k of keys.ofType(D.key)) {
                expect(k.inputs.deletionWindowInDays).to.equal(DELETION_WINDOW[stack]);
                expect([k.protect, k.retainOnDelete]).to.deep.equal([stack === "production", stack === "production"]);
            }
        });

        it("lets the account administer each key", () => {
            for (const purpose of ["data", "secrets", "logs"]) {
                expect(policy(purpose).AccountAdministersTheKey).to.deep.equal({
                    Sid: "AccountAdministersTheKey",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${account}:root` },
                    Action: [...KEY_ADMIN_ACTIONS],
                    Resource: "*",
                });
            }
        });

        const inTheAccount = (extra: Record<string, unknown>) => ({ StringEquals: { "kms:CallerAccount": account, ...extra } });
        const via = (...services: string[]) => (services.length === 1 ? `${services[0]}.us-east-1.amazonaws.com` : services.map((s) => `${s}.us-east-1.amazonaws.com`));
        const CRYPTO = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];

        it("lets the account use the data key only through RDS, ElastiCache, EC2, S3 (for the stack's buckets), ECR and SNS (for the stack's topics)", () => {
            const data = policy("data");
            expect(Object.keys(data)).to.deep.equal([
                "AccountAdministersTheKey", "DescribeThroughItsServicesOnly",
                "UseThroughRds", "UseThroughElastiCache", "UseThroughEc2", "UseThroughS3ForTheStacksResources", "UseThroughEcr", "UseThroughSnsForTheStacksResources",
                "GrantsForItsServicesResourcesOnly", "EcsExecSessionsOfThisAccount",
                // The alerts topic's publishers (test/observability/notifications.test.ts).
                "CloudWatchAlarmsOfThisAccountPublishToTheStacksTopics", "EventBridgePublishesToTheStacksTopics",
            ]);
            expect(data.DescribeThroughItsServicesOnly).to.deep.equal({
                Sid: "DescribeThroughItsServicesOnly",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: inTheAccount({ "kms:ViaService": via("rds", "elasticache", "ec2", "s3", "ecr", "sns") }),
            });
            for (const [label, service] of [["Rds", "rds"], ["ElastiCache", "elasticache"], ["Ec2", "ec2"]]) {
                expect(data[`UseThrough${label}`]).to.deep.equal({ Sid: `UseThrough${label}`, Effect: "Allow", Principal: { AWS: "*" }, Action: CRYPTO, Resource: "*", Condition: inTheAccount({ "kms:ViaService": via(service) }) });
            }
            expect(data.UseThroughS3ForTheStacksResources).to.deep.equal({
                Sid: "UseThroughS3ForTheStacksResources", Effect: "Allow", Principal: { AWS: "*" }, Action: CRYPTO, Resource: "*",
                Condition: { ...inTheAccount({ "kms:ViaService": via("s3") }), ArnLike: { "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::hse-${stack}-*` } },
            });
            // ECR uses the key through its grants; deleting a repository retires them as the caller.
            expect(data.UseThroughEcr).to.deep.equal({
                Sid: "UseThroughEcr", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:RetireGrant", Resource: "*",
                Condition: inTheAccount({ "kms:ViaService": via("ecr") }),
            });
            expect(data.GrantsForItsServicesResourcesOnly).to.deep.equal({
                Sid: "GrantsForItsServicesResourcesOnly", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: "*",
                Condition: { ...inTheAccount({ "kms:ViaService": via("rds", "elasticache", "ec2", "ecr") }), Bool: { "kms:GrantIsForAWSResource": "true" } },
            });
        });

        it("lets the account's principals, as their IAM policies allow, use the data key for ECS Exec sessions only", () => {
            expect(policy("data").EcsExecSessionsOfThisAccount).to.deep.equal({
                Sid: "EcsExecSessionsOfThisAccount",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${account}:root` },
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: "*",
                Condition: { Null: { "kms:EncryptionContext:aws:ssm:SessionId": "false" } },
            });
        });

        it("lets the account use the secrets key only through Secrets Manager, for the stack's secrets and RDS's managed one", () => {
            const secrets = policy("secrets");
            expect(Object.keys(secrets)).to.deep.equal(["AccountAdministersTheKey", "DescribeThroughItsServicesOnly", "UseThroughSecretsManagerForTheStacksResources", "GrantsForItsServicesResourcesOnly"]);
            expect(secrets.UseThroughSecretsManagerForTheStacksResources).to.deep.equal({
                Sid: "UseThroughSecretsManagerForTheStacksResources",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: CRYPTO,
                Resource: "*",
                Condition: {
                    ...inTheAccount({ "kms:ViaService": via("secretsmanager") }),
                    ArnLike: { "kms:EncryptionContext:SecretARN": [`arn:aws:secretsmanager:us-east-1:${account}:secret:hse/${stack}/*`, `arn:aws:secretsmanager:us-east-1:${account}:secret:rds!db-*`] },
                },
            });
            expect(secrets.GrantsForItsServicesResourcesOnly).to.deep.equal({
                Sid: "GrantsForItsServicesResourcesOnly", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: "*",
                Condition: { ...inTheAccount({ "kms:ViaService": via("secretsmanager") }), Bool: { "kms:GrantIsForAWSResource": "true" } },
            });
            // The key serves only secrets named hse/<stack>/* (and RDS's rds!db-*): every secret the stack makes on it is named so.
            const onTheKey = built.ofType("aws:secretsmanager/secret:Secret").filter((secret) => secret.inputs.kmsKeyId === key("secrets").outputs?.arn);
            expect(onTheKey.length).to.be.greaterThan(5);
            for (const secret of onTheKey) expect(secret.inputs.name).to.match(new RegExp(`^hse/${stack}/`));
        });

        it("lets CloudWatch Logs use the logs key for this account's log groups only, and nobody else", () => {
            expect(Object.keys(policy("logs"))).to.have.members(["AccountAdministersTheKey", "CloudWatchLogsForThisAccountsLogGroups"]);
            expect(policy("logs").CloudWatchLogsForThisAccountsLogGroups).to.deep.equal({
                Sid: "CloudWatchLogsForThisAccountsLogGroups",
                Effect: "Allow",
                Principal: { Service: "logs.us-east-1.amazonaws.com" },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${account}:log-group:*` } },
            });
        });

        it("encrypts every log group of the stack with the logs key", async () => {
            const built = await buildStack(stack);
            const logsKey = key("logs").outputs?.arn;
            const groups = built.ofType(D.logGroup);
            expect(groups.length).to.be.greaterThan(4);
            for (const g of groups) expect(g.inputs.kmsKeyId, g.name).to.equal(logsKey);
        });
    });
}

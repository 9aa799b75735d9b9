// The bootstrap project built from its own stack files under the offline mocks: the state
// bucket's hardening, the two keys and their policies, what is protected, and the two URLs.
import { expect } from "chai";
import { BuiltStack, DeclaredResource } from "../../offline/build";
import { SECRETS_PROVIDER_ACTIONS, STATE_OBJECT_ACTIONS } from "../../bootstrap/key-policies";
import { SECRETS_KEY_ALIAS, STATE_KEY_ALIAS } from "../../bootstrap/state-backend";
import { D, statementsBySid } from "../data/types";
import { buildBootstrap } from "./build-bootstrap";

const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const ACCOUNT = "777788889999";
const BUCKET = `hse-pulumi-state-${ACCOUNT}`;

const keyWithAlias = (built: BuiltStack, alias: string): DeclaredResource => {
    const target = built.ofType(D.alias).find((a) => a.inputs.name === alias);
    if (!target) throw new Error(`no alias ${alias}`);
    return built.byId(target.inputs.targetKeyId);
};

describe("bootstrap: the state backend of one account (production's stack file)", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildBootstrap("production");
    });

    it("declares the bucket with its six settings, two keys with their aliases, and no access logging unless asked", () => {
        const custom = built.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => r.type);
        expect(custom).to.have.members([D.key, D.alias, D.key, D.alias, D.bucket, D.bucketPublicAccess, D.bucketOwnership, D.bucketEncryption, D.bucketVersioning, D.bucketLifecycle, D.bucketPolicy]);
        expect(built.ofType(LOGGING)).to.have.length(0);
    });

    it("names the bucket as configured, never force-destroyed, and protects it and both keys and aliases", () => {
        const bucket = built.one(D.bucket);
        expect(bucket.inputs).to.include({ bucket: BUCKET, forceDestroy: false });
        expect(bucket.inputs).not.to.have.property("bucketPrefix");
        for (const r of [bucket, ...built.ofType(D.key)]) expect([r.name, r.protect, r.retainOnDelete]).to.deep.equal([r.name, true, true]);
        for (const alias of built.ofType(D.alias)) expect([alias.name, alias.protect]).to.deep.equal([alias.name, true]);
    });

    it("encrypts the state with SSE-KMS under the state key, with a bucket key", () => {
        const stateKey = keyWithAlias(built, STATE_KEY_ALIAS);
        expect(built.one(D.bucketEncryption).inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: stateKey.outputs?.arn }, bucketKeyEnabled: true },
        ]);
    });

    it("keeps versions, blocks all four kinds of public access and disables ACLs", () => {
        expect(built.one(D.bucketVersioning).inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        expect(built.one(D.bucketPublicAccess).inputs).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        expect(built.one(D.bucketOwnership).inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
    });

    it("expires noncurrent versions after the configured 90 days and aborts abandoned uploads", () => {
        const [rule] = built.one(D.bucketLifecycle).inputs.rules;
        expect(rule).to.deep.include({ status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 90 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } });
        expect(rule).not.to.have.property("expiration");
    });

    it("refuses every request without TLS, to the bucket and to every object", () => {
        const deny = statementsBySid(built.one(D.bucketPolicy).inputs.policy).DenyRequestsWithoutTls;
        expect(deny).to.deep.equal({
            Sid: "DenyRequestsWithoutTls",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
    });

    it("rotates both keys yearly and keeps a deleted key recoverable for 30 days", () => {
        for (const key of built.ofType(D.key)) {
            expect(key.inputs).to.include({ enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30, keyUsage: "ENCRYPT_DECRYPT" });
        }
    });

    it("lets the account administer the secrets key and the deployer roles encrypt and decrypt with it", () => {
        const policy = statementsBySid(keyWithAlias(built, SECRETS_KEY_ALIAS).inputs.policy);
        expect(Object.keys(policy)).to.have.members(["AccountAdministersTheKey", "DeployersEncryptAndDecryptStackSecrets"]);
        expect(policy.AccountAdministersTheKey).to.deep.include({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" });
        expect(policy.DeployersEncryptAndDecryptStackSecrets).to.deep.equal({
            Sid: "DeployersEncryptAndDecryptStackSecrets",
            Effect: "Allow",
            Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/hse-production-deployer`, `arn:aws:iam::${ACCOUNT}:role/hse-production-preview`, `arn:aws:iam::${ACCOUNT}:role/hse-platform-engineer`] },
            Action: [...SECRETS_PROVIDER_ACTIONS],
            Resource: "*",
        });
        expect(SECRETS_PROVIDER_ACTIONS).to.include.members(["kms:Encrypt", "kms:Decrypt"]);
    });

    it("lets the deployer roles use the state key only through S3 in this account and region, for the state bucket alone", () => {
        const policy = statementsBySid(keyWithAlias(built, STATE_KEY_ALIAS).inputs.policy);
        expect(Object.keys(policy)).to.have.members(["AccountAdministersTheKey", "DeployersReadAndWriteStateThroughS3"]);
        expect(policy.DeployersReadAndWriteStateThroughS3).to.deep.include({
            Action: [...STATE_OBJECT_ACTIONS],
            Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/hse-production-deployer`, `arn:aws:iam::${ACCOUNT}:role/hse-production-preview`, `arn:aws:iam::${ACCOUNT}:role/hse-platform-engineer`] },
            Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT, "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${BUCKET}` } },
        });
    });

    it("pins the provider to the account and region and tags everything", () => {
        const provider = built.one("pulumi:providers:aws");
        expect(provider.inputs.region).to.equal("us-east-1");
        expect(JSON.parse(provider.inputs.allowedAccountIds)).to.deep.equal([ACCOUNT]);
        expect(JSON.parse(provider.inputs.defaultTags).tags).to.deep.equal({
            Project: "hse-state-backend",
            Environment: "production",
            ManagedBy: "pulumi",
            CostCenter: "hse-backend",
            Owner: "platform-team",
        });
    });

    it("outputs the login URL and the secrets provider URL", () => {
        expect(built.outputs.loginUrl).to.equal(`s3://${BUCKET}?region=us-east-1&awssdk=v2`);
        expect(built.outputs.secretsProvider).to.equal("awskms://alias/hse-pulumi-secrets?region=us-east-1");
        expect(built.outputs.bucketName).to.equal(BUCKET);
        expect(built.outputs.secretsKeyArn).to.equal(keyWithAlias(built, SECRETS_KEY_ALIAS).outputs?.arn);
    });
});

describe("bootstrap: options", () => {
    it("logs the bucket's requests into the named bucket when access logging is configured", async () => {
        const built = await buildBootstrap("dev", (values) => {
            values["hse-state-backend:accessLogging"] = JSON.stringify({ targetBucket: "hse-audit-logs-111122223333" });
        });
        expect(built.one(LOGGING).inputs).to.include({ bucket: "hse-pulumi-state-111122223333", targetBucket: "hse-audit-logs-111122223333", targetPrefix: "pulumi-state/" });
    });

    it("takes another retention of noncurrent versions and another region", async () => {
        const built = await buildBootstrap("staging", (values) => {
            values["hse-state-backend:noncurrentVersionDays"] = "30";
            values["hse-state-backend:region"] = "eu-west-1";
        });
        expect(built.one(D.bucketLifecycle).inputs.rules[0].noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 30 });
        expect(built.outputs.loginUrl).to.equal("s3://hse-pulumi-state-444455556666?region=eu-west-1&awssdk=v2");
        expect(built.outputs.secretsProvider).to.equal("awskms://alias/hse-pulumi-secrets?region=eu-west-1");
    });

    it("fails on invalid config with the key, the value and what is allowed", async () => {
        let failure: Error | undefined;
        await buildBootstrap("dev", (values) => {
            values["hse-state-backend:bucketName"] = "Bad_Name";
        }).catch((error: Error) => (failure = error));
        expect(failure?.message).to.contain('hse-state-backend:bucketName: may contain only lowercase letters, digits and hyphens (got "Bad_Name")');
    });
});

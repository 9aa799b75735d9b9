// The names a person and the services find things by: TimescaleDB's secrets and their
// rotations, and the encryption keys built alone with their defaults.
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { EncryptionKeys, KEY_DEFAULTS } from "../../components/keys/encryption-keys";
import { buildProgram, buildStack } from "../../offline/build";
import { D, secretValue } from "./types";

describe("TimescaleDB secrets and rotations of dev", () => {
    it("keeps the admin in hse/<env>/timescale-admin and the application in hse/<env>/timescale, each described, rotated by our functions, and the TLS key in hse/<env>/timescale-tls", async () => {
        const built = await buildStack("dev");
        const ts = built.subtree("hse-dev-timescale");
        const admin = ts.named("hse-dev-timescale-admin-secret-secret");
        const app = ts.named("hse-dev-timescale-app-secret-secret");
        expect(admin.inputs).to.deep.include({ name: "hse/dev/timescale-admin", description: "TimescaleDB admin (creates and rotates the application user); rotated by our single-user function" });
        expect(app.inputs).to.deep.include({ name: "hse/dev/timescale", description: "TimescaleDB application user of the devices service; rotated by our multi-user function" });
        const adminValue = JSON.parse(secretValue(ts.named("hse-dev-timescale-admin-secret-initial").inputs.secretString));
        expect(adminValue).to.deep.include({ engine: "postgres", dbname: "postgres" });
        expect(JSON.parse(secretValue(ts.named("hse-dev-timescale-app-secret-initial").inputs.secretString))).to.deep.include({ engine: "postgres", masterarn: admin.outputs!.arn });
        expect(ts.ofType(D.lambda).map((f) => f.inputs.name)).to.have.members(["hse-dev-timescale-admin-rotation", "hse-dev-timescale-app-rotation"]);
        expect(ts.named("hse-dev-timescale-tls-server-secret-secret").inputs).to.deep.include({
            name: "hse/dev/timescale-tls",
            description: "TimescaleDB server certificate and private key (the stack's CA); read by the instance at boot",
        });
        // The instance boots only once both secrets exist.
        expect(ts.one(D.instance).dependencies).to.include.members([admin.urn, app.urn]);
    });
});

describe("EncryptionKeys built alone", () => {
    it("make three keys with rotation every 365 days and a 30-day deletion window unless told, each described, aliased and tagged by purpose", async () => {
        const built = await buildProgram(() => {
            new EncryptionKeys("k", { namePrefix: "hse-qa", names: { bucketPrefix: "hse-qa-", secretPrefix: "hse/qa/", topicPrefix: "hse-qa-" } }, { providers: [new aws.Provider("hse-test-aws", { region: "us-east-1" })] });
            return {};
        });
        expect(KEY_DEFAULTS).to.deep.equal({ deletionWindowInDays: 30, rotationPeriodInDays: 365 });
        const keys = Object.fromEntries(built.ofType(D.key).map((k) => [k.inputs.tags.Purpose, k]));
        const description = { data: "data at rest (RDS, ElastiCache, EBS, S3, ECR)", secrets: "Secrets Manager secrets", logs: "CloudWatch Logs log groups" };
        for (const [purpose, words] of Object.entries(description)) {
            expect(keys[purpose].inputs).to.deep.include({
                description: `hse-qa: ${words}`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: 30,
                tags: { Name: `hse-qa-${purpose}`, Purpose: purpose },
            });
            expect([keys[purpose].protect, keys[purpose].retainOnDelete]).to.deep.equal([false, false]);
        }
        expect(built.ofType(D.alias).map((a) => a.inputs.name)).to.have.members(["alias/hse-qa-data", "alias/hse-qa-secrets", "alias/hse-qa-logs"]);
    });
});

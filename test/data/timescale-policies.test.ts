// The TimescaleDB instance's and snapshot role's permissions in full: every statement of the
// instance role exactly, Data Lifecycle Manager's role, policy and schedule, the address and the
// generated passwords.
import { expect } from "chai";
import { PASSWORD_SPECIALS } from "../../components/data/postgres-app-user";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { D } from "./types";

describe("TimescaleDB permissions of staging in full", () => {
    let built: BuiltStack;
    let ts: ResourceSet;
    before(async () => {
        built = await buildStack("staging");
        ts = built.subtree("hse-staging-timescale");
    });
    const keyArn = (purpose: string) => built.named(`hse-staging-keys-${purpose}-key`).outputs!.arn;

    it("lets the instance use Session Manager, read its two secrets and its TLS key, and back up to its bucket under the data key, nothing more", () => {
        const bucket = ts.one(D.bucket).outputs!.arn;
        expect(JSON.parse(ts.named("hse-staging-timescale-server-policy").inputs.policy).Statement).to.deep.equal([
            {
                Sid: "SessionManagerOnly",
                Effect: "Allow",
                Action: ["ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
                Resource: "*",
            },
            { Sid: "ReadItsCredentialsAtBoot", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [built.outputs.data.timescale.adminSecretArn, built.outputs.data.timescale.appSecretArn] },
            { Sid: "ReadItsTlsKeyAtBoot", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: ts.named("hse-staging-timescale-tls-server-secret-secret").outputs!.arn },
            {
                Sid: "DecryptThemThroughSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: keyArn("secrets"),
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
            },
            { Sid: "ListBackupBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucket },
            { Sid: "ReadWriteBackups", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucket}/*` },
            {
                Sid: "EncryptBackupsThroughS3",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: keyArn("data"),
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
            },
        ]);
    });

    it("lets Data Lifecycle Manager alone take the snapshots, with AWS's policy for it", () => {
        const role = ts.named("hse-staging-timescale-server-snapshots-role");
        expect(role.inputs.description).to.equal("Data Lifecycle Manager: snapshots of hse-staging's TimescaleDB volume");
        expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "dlm.amazonaws.com" } }]);
        expect(ts.named("hse-staging-timescale-server-snapshots-policy").inputs).to.deep.equal({
            role: role.outputs!.name,
            policyArn: "arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole",
        });
    });

    it("snapshots daily under an enabled, described policy, the snapshots tagged with their volume and carrying its tags", () => {
        const policy = ts.one(D.dlm);
        expect(policy.inputs).to.deep.include({ description: "hse-staging TimescaleDB data volume, daily", state: "ENABLED" });
        expect(policy.inputs.policyDetails.schedules).to.deep.equal([
            { name: "daily", createRule: { interval: 24, intervalUnit: "HOURS", times: "03:30" }, retainRule: { count: 7 }, copyTags: true, tagsToAdd: { SnapshotOf: "hse-staging-timescale-data" } },
        ]);
    });

    it("keeps its address on a named, described interface", () =>
        expect(ts.one(D.eni).inputs).to.deep.include({ description: "hse-staging TimescaleDB: stable address across instance replacements", tags: { Name: "hse-staging-timescale" } }));

    it("generates both first passwords with every character class and only the specials rotation keeps", () => {
        const passwords = ts.ofType(D.password);
        expect(passwords.map((p) => p.name)).to.have.members(["hse-staging-timescale-admin-initial-password", "hse-staging-timescale-app-initial-password"]);
        for (const p of passwords) expect(p.inputs).to.deep.equal({ length: 32, special: true, overrideSpecial: PASSWORD_SPECIALS, minLower: 1, minUpper: 1, minNumeric: 1 });
    });
});

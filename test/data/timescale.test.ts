// Self-managed TimescaleDB per environment, and the external mode.
import { expect } from "chai";
import { gunzipSync } from "zlib";
import { SESSION_MANAGER_ACTIONS } from "../../components/data/timescale-instance";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { ConfigValidationError } from "../../stacks/config/errors";
import { externalTimescale, PROJECT } from "../config/edit";
import { D, secretValue, statementsBySid } from "./types";

const EXPECTED = {
    dev: { type: "t4g.small", size: 20, iops: 3000, throughput: 125, fulls: 1, snapshots: 3 },
    staging: { type: "t4g.medium", size: 50, iops: 3000, throughput: 125, fulls: 2, snapshots: 7 },
    production: { type: "r6g.large", size: 200, iops: 6000, throughput: 250, fulls: 4, snapshots: 14 },
};

for (const [stack, expected] of Object.entries(EXPECTED)) {
    describe(`self-managed TimescaleDB of ${stack}`, () => {
        let built: BuiltStack;
        let ts: ResourceSet;
        before(async () => {
            built = await buildStack(stack);
            ts = built.subtree(`hse-${stack}-timescale`);
        });
        const protect = stack === "production";
        const instance = () => ts.one(D.instance);
        // The boot document, as cloud-init reads it from the gzip-compressed user data.
        const bootDocument = () => gunzipSync(Buffer.from(instance().inputs.userDataBase64 as string, "base64")).toString("utf8");
        const keyArn = (purpose: string) => built.named(`hse-${stack}-keys-${purpose}-key`).outputs?.arn;
        const network = () => built.outputs.network;
        const tlsSecret = () => ts.ofType(D.secret).find((x) => x.inputs.name === `hse/${stack}/timescale-tls`)!;
        const tls = (type: string) => ts.ofType(`tls:index/${type}`);

        it(`runs on a ${expected.type} (Graviton) from Canonical's Ubuntu 24.04 arm64 image, a new image never replacing it`, () => {
            expect(instance().inputs).to.include({ instanceType: expected.type, ami: "ami-0f1e2d3c4b5a69788", ebsOptimized: true, monitoring: true });
            expect(instance().ignoreChanges).to.deep.equal(["ami"]);
        });

        it("has no SSH key and no public address, requires IMDSv2, and is reached through Session Manager only", () => {
            expect(instance().inputs.keyName).to.equal(undefined);
            expect(instance().inputs.associatePublicIpAddress).to.equal(undefined);
            expect(instance().inputs.metadataOptions).to.deep.equal({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
            const policy = statementsBySid(ts.named(`hse-${stack}-timescale-server-policy`).inputs.policy);
            expect(policy.SessionManagerOnly.Action).to.deep.equal(SESSION_MANAGER_ACTIONS);
        });

        it("lives in the first zone's private subnet on a fixed interface in its host's group alone, not RDS's (decision 0039)", () => {
            const eni = ts.one(D.eni);
            expect(instance().inputs.primaryNetworkInterface).to.deep.equal({ networkInterfaceId: eni.id });
            expect(eni.inputs.subnetId).to.equal(network().subnetIds.private[0]);
            expect(eni.inputs.securityGroups).to.deep.equal([network().securityGroupIds["database-host"]]);
            expect([eni.protect, eni.retainOnDelete]).to.deep.equal([protect, protect]);
        });

        it(`keeps its data on a separate encrypted gp3 volume of ${expected.size} GB in the same zone`, () => {
            const volume = ts.one(D.volume);
            expect(volume.inputs).to.include({ availabilityZone: "us-east-1a", type: "gp3", size: expected.size, iops: expected.iops, throughput: expected.throughput, encrypted: true, kmsKeyId: keyArn("data"), finalSnapshot: protect });
            expect([volume.protect, volume.retainOnDelete]).to.deep.equal([protect, protect]);
            const attachment = ts.one(D.volumeAttachment);
            expect(attachment.inputs).to.include({ deviceName: "/dev/sdf", volumeId: volume.id, instanceId: instance().id, stopInstanceBeforeDetaching: true });
            // The volume and the interface hold to one instance at a time: replace delete-first.
            expect([instance().deleteBeforeReplace, attachment.deleteBeforeReplace]).to.deep.equal([true, true]);
        });

        it("boots from a cloud-config that names the volume, the secrets and the bucket, and holds no secret", () => {
            const userData = bootDocument();
            expect(userData.startsWith("#cloud-config\n")).to.equal(true);
            expect(userData).to.include(`readonly DATA_VOLUME_ID='${ts.one(D.volume).id}'`);
            expect(userData).to.include(built.outputs.data.timescale.appSecretArn).and.include(built.outputs.data.timescale.adminSecretArn);
            expect(userData).to.include(`repo1-s3-bucket=${ts.one(D.bucket).outputs?.bucket}`);
            expect(userData).to.include(`repo1-retention-full=${expected.fulls}`);
            for (const cidr of network().subnetIds.private.map((_: unknown, i: number) => ["10.0.10.0/24", "10.0.11.0/24"][i])) expect(userData).to.include(`hostssl all all ${cidr} scram-sha-256`);
            expect(userData).to.not.include("mock-random-password");
            expect(instance().inputs.userDataReplaceOnChange).to.equal(true);
        });

        it("may read its two credentials, its TLS certificate and key, and its bucket, and nothing else", () => {
            const policy = statementsBySid(ts.named(`hse-${stack}-timescale-server-policy`).inputs.policy);
            const bucket = ts.one(D.bucket).outputs?.arn;
            expect(Object.keys(policy)).to.have.members(["SessionManagerOnly", "ReadItsCredentialsAtBoot", "ReadItsTlsKeyAtBoot", "DecryptThemThroughSecretsManager", "ListBackupBucket", "ReadWriteBackups", "EncryptBackupsThroughS3"]);
            expect(policy.ReadItsCredentialsAtBoot.Resource).to.deep.equal([built.outputs.data.timescale.adminSecretArn, built.outputs.data.timescale.appSecretArn]);
            expect(policy.ReadItsTlsKeyAtBoot).to.deep.equal({ Sid: "ReadItsTlsKeyAtBoot", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: tlsSecret().outputs?.arn });
            expect(policy.ListBackupBucket).to.deep.include({ Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucket });
            expect(policy.ReadWriteBackups).to.deep.include({ Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucket}/*` });
            expect(policy.EncryptBackupsThroughS3).to.deep.include({ Resource: keyArn("data"), Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } });
            const trust = JSON.parse(ts.named(`hse-${stack}-timescale-server-role`).inputs.assumeRolePolicy).Statement;
            expect(trust).to.deep.equal([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }]);
        });

        it("backs up to a private, versioned bucket encrypted with the data key, refusing requests without TLS", () => {
            const bucketName = ts.one(D.bucket).id;
            expect(ts.one(D.bucketEncryption).inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn("data") }, bucketKeyEnabled: true }]);
            expect(ts.one(D.bucketVersioning).inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
            expect(ts.one(D.bucketPublicAccess).inputs).to.deep.equal({ bucket: bucketName, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            expect(ts.one(D.bucketOwnership).inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
            expect(statementsBySid(ts.one(D.bucketPolicy).inputs.policy).DenyRequestsWithoutTls.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
            expect(ts.one(D.bucketLifecycle).inputs.rules[0]).to.deep.include({ status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } });
            expect(ts.one(D.bucket).inputs.forceDestroy).to.equal(!protect);
            expect([ts.one(D.bucket).protect, ts.one(D.bucket).retainOnDelete]).to.deep.equal([protect, protect]);
        });

        it(`snapshots the data volume daily and keeps ${expected.snapshots}`, () => {
            const policy = ts.one(D.dlm);
            expect(policy.inputs.policyDetails).to.deep.include({ policyType: "EBS_SNAPSHOT_MANAGEMENT", resourceTypes: ["VOLUME"], targetTags: { SnapshotPolicy: `hse-${stack}-timescale-data` } });
            expect(policy.inputs.policyDetails.schedules[0]).to.deep.include({ createRule: { interval: 24, intervalUnit: "HOURS", times: "03:30" }, retainRule: { count: expected.snapshots } });
            expect(ts.one(D.volume).inputs.tags.SnapshotPolicy).to.equal(`hse-${stack}-timescale-data`);
            expect(policy.inputs.executionRoleArn).to.equal(ts.named(`hse-${stack}-timescale-server-snapshots-role`).outputs?.arn);
        });

        it("recovers the instance when its host fails a system status check", () => {
            const alarm = ts.named(`hse-${stack}-timescale-server-recover`, D.alarm);
            expect(alarm.inputs).to.include({ namespace: "AWS/EC2", metricName: "StatusCheckFailed_System", statistic: "Maximum", threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold" });
            expect(alarm.inputs.dimensions).to.deep.equal({ InstanceId: instance().id });
            // EC2's recover action first; then the alerts topic, on alarm and on recovery, where there is one (test/observability).
            const alerts = built.ofType("aws:sns/topic:Topic").map((t) => t.outputs!.arn);
            expect(alarm.inputs.alarmActions).to.deep.equal(["arn:aws:automate:us-east-1:ec2:recover", ...alerts]);
            expect(alarm.inputs.okActions).to.deep.equal(alerts.length > 0 ? alerts : undefined);
        });

        it(`${protect ? "protects" : "does not protect"} the volume, bucket and interface, and never the instance, which a changed boot document replaces`, () => {
            // The state lives on the volume, the interface (its address) and the bucket.
            for (const type of [D.volume, D.eni, D.bucket]) {
                expect([ts.one(type).protect, ts.one(type).retainOnDelete], type).to.deep.equal([protect, protect]);
            }
            // A protected instance could not be replaced, and every boot-document change replaces it.
            expect([instance().protect, instance().retainOnDelete]).to.deep.equal([false, false]);
            expect(instance().inputs.userDataReplaceOnChange).to.equal(true);
            expect(instance().deleteBeforeReplace).to.equal(true);
            // Termination by hand is refused in production; the provider lifts it before a replacement.
            expect(instance().inputs.disableApiTermination).to.equal(protect);
        });

        it("keeps admin and application credentials in secrets carrying the fixed address and the CA, rotated by our functions every 30 days", () => {
            const host = ts.one(D.eni).outputs?.privateIp;
            const caCertificate = tls("selfSignedCert:SelfSignedCert")[0].outputs?.certPem;
            const secrets = ts.ofType(D.secret).map((s) => s.inputs.name);
            expect(secrets).to.have.members([`hse/${stack}/timescale-admin`, `hse/${stack}/timescale`, `hse/${stack}/timescale-tls`]);
            const values = ts.ofType(D.secretVersion).map((v) => JSON.parse(secretValue(v.inputs.secretString)));
            const app = values.find((v) => v.username === "hse_devices");
            expect(app).to.include({ engine: "postgres", host, port: 5432, dbname: "hse_devices", masterarn: built.outputs.data.timescale.adminSecretArn, caCertificate });
            expect(values.find((v) => v.username === "hse_ts_admin")).to.include({ host, dbname: "postgres", caCertificate });
            // AWS's functions cannot verify this server (docs/decisions/0021): none of them is deployed.
            expect(ts.ofType(D.sar)).to.deep.equal([]);
            const functions = ts.ofType(D.lambda);
            expect(functions.map((f) => f.inputs.name)).to.have.members([`hse-${stack}-timescale-admin-rotation`, `hse-${stack}-timescale-app-rotation`]);
            for (const f of functions) {
                expect(f.inputs.environment.variables.DATABASE_CA_CERTIFICATE).to.equal(caCertificate);
                expect(f.inputs.vpcConfig).to.deep.equal({ subnetIds: network().subnetIds.private, securityGroupIds: [network().securityGroupIds["data-functions"]] });
            }
            const schedules = ts.ofType(D.rotation);
            expect(schedules.map((r) => [r.inputs.secretId, r.inputs.rotationLambdaArn])).to.have.deep.members([
                [built.outputs.data.timescale.adminSecretArn, functions.find((f) => f.inputs.name.endsWith("admin-rotation"))!.outputs?.arn],
                [built.outputs.data.timescale.appSecretArn, functions.find((f) => f.inputs.name.endsWith("app-rotation"))!.outputs?.arn],
            ]);
            for (const schedule of schedules) expect(schedule.inputs.rotationRules).to.deep.equal({ automaticallyAfterDays: 30 });
            // The roles are created by the boot document, after the instance exists: no rotation
            // runs at once, and the schedules wait for the instance (decision 0022).
            expect(schedules.map((schedule) => schedule.inputs.rotateImmediately)).to.deep.equal([false, false]);
            const rotations = ts.ofType("hse:secrets:RotationFunction");
            expect(rotations).to.have.length(2);
            for (const rotation of rotations) expect(rotation.dependencies).to.include(instance().urn);
            // A failed rotation is no longer silent: each function's errors raise an alarm.
            expect(ts.ofType(D.alarm).filter((a) => a.inputs.namespace === "AWS/Lambda").map((a) => a.inputs.dimensions.FunctionName)).to.have.members(functions.map((f) => f.outputs?.name));
        });

        it("lets the application's rotation read the admin's secret, and the admin's only its own", () => {
            const policyOf = (which: string) => statementsBySid(ts.ofType(D.rolePolicy).find((p) => p.name.startsWith(`hse-${stack}-timescale-${which}-rotation`))!.inputs.policy);
            const { adminSecretArn, appSecretArn } = built.outputs.data.timescale;
            const common = ["WriteOwnLogs", "ManageOwnNetworkInterfaces", "RotateOwnSecrets", "UseSecretsKeyThroughSecretsManager", "GeneratePasswords"];
            expect(Object.keys(policyOf("admin"))).to.deep.equal(common);
            expect(Object.keys(policyOf("app"))).to.deep.equal([...common, "ReadTheAdminSecret"]);
            expect(policyOf("app").ReadTheAdminSecret).to.deep.equal({ Sid: "ReadTheAdminSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: adminSecretArn });
            const rotate = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"];
            for (const [which, arn] of [["admin", adminSecretArn], ["app", appSecretArn]]) {
                expect(policyOf(which).RotateOwnSecrets).to.deep.equal({ Sid: "RotateOwnSecrets", Effect: "Allow", Action: rotate, Resource: arn });
                expect(policyOf(which).GeneratePasswords).to.deep.equal({ Sid: "GeneratePasswords", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" });
            }
        });

        it("holds a certificate chain of its own: a CA, and a server certificate for the fixed address whose key reaches only a secret", () => {
            const [caKey, serverKey] = [`hse-${stack}-timescale-tls-ca-key`, `hse-${stack}-timescale-tls-server-key`].map((n) => ts.named(n));
            for (const key of [caKey, serverKey]) expect(key.inputs).to.deep.include({ algorithm: "ECDSA", ecdsaCurve: "P256" });
            const ca = tls("selfSignedCert:SelfSignedCert")[0];
            expect(ca.inputs).to.deep.include({ isCaCertificate: true, allowedUses: ["cert_signing", "crl_signing"], validityPeriodHours: 87600 });
            expect(secretValue(ca.inputs.privateKeyPem)).to.equal(secretValue(caKey.outputs?.privateKeyPem));
            const request = tls("certRequest:CertRequest")[0];
            expect(request.inputs).to.deep.include({ ipAddresses: [ts.one(D.eni).outputs?.privateIp], subject: { commonName: "timescaledb" } });
            expect(secretValue(request.inputs.privateKeyPem)).to.equal(secretValue(serverKey.outputs?.privateKeyPem));
            const server = tls("locallySignedCert:LocallySignedCert")[0];
            expect(server.inputs).to.deep.include({ certRequestPem: request.outputs?.certRequestPem, caCertPem: ca.outputs?.certPem, allowedUses: ["digital_signature", "key_encipherment", "server_auth"] });
            // The server's key and certificate, as a secret value, in the secret the instance reads at boot, on the secrets key.
            const version = ts.ofType(D.secretVersion).find((v) => v.inputs.secretId === tlsSecret().id)!;
            expect(JSON.parse(secretValue(version.inputs.secretString))).to.deep.equal({ certificate: server.outputs?.certPem, privateKey: secretValue(serverKey.outputs?.privateKeyPem) });
            expect(tlsSecret().inputs.kmsKeyId).to.equal(keyArn("secrets"));
            expect(bootDocument()).to.include(`readonly TLS_SECRET_ARN='${tlsSecret().outputs?.arn}'`);
        });

        it("exports host, port, database, secret ARNs, instance, volume, bucket and the CA certificate", () => {
            expect(built.outputs.data.timescale).to.deep.include({
                mode: "self-managed",
                host: ts.one(D.eni).outputs?.privateIp,
                port: 5432,
                databaseName: "hse_devices",
                instanceId: instance().id,
                dataVolumeId: ts.one(D.volume).id,
                backupBucket: ts.one(D.bucket).outputs?.bucket,
                caCertificate: tls("selfSignedCert:SelfSignedCert")[0].outputs?.certPem,
            });
        });
    });
}

describe("external TimescaleDB", () => {
    const external = (extra: Record<string, unknown>) =>
        externalTimescale({ host: "abc.tsdb.cloud.timescale.com", port: 30000, database: "tsdb", appUsername: "tsdbadmin", ...extra });

    it("stores a password given as a Pulumi secret in hse/<env>/timescale, and creates no instance", async () => {
        const built = await buildStack("dev", { editConfig: external({}), secretConfig: { [`${PROJECT}:timescaleExternalPassword`]: "external-password-4711" } });
        const ts = built.subtree("hse-dev-timescale");
        expect(ts.ofType(D.instance)).to.deep.equal([]);
        expect(built.ofType(D.instance)).to.deep.equal([]);
        const value = JSON.parse(secretValue(ts.one(D.secretVersion).inputs.secretString));
        expect(value).to.deep.equal({ engine: "postgres", host: "abc.tsdb.cloud.timescale.com", port: 30000, username: "tsdbadmin", password: "external-password-4711", dbname: "tsdb" });
        // Written again whenever config changes: nothing of ours rotates an external service's password.
        expect(ts.one(D.secretVersion).ignoreChanges).to.deep.equal([]);
        expect(ts.ofType(D.rotation)).to.deep.equal([]);
        expect(built.outputs.data.timescale).to.deep.include({ mode: "external", host: "abc.tsdb.cloud.timescale.com", port: 30000 });
        expect(JSON.stringify(built.outputs)).to.not.include("external-password-4711");
    });

    it("uses a given secret ARN as it is, creating no secret", async () => {
        const arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:tsdb-credentials-AbCdEf";
        const built = await buildStack("dev", { editConfig: external({ secretArn: arn }) });
        expect(built.subtree("hse-dev-timescale").resources).to.deep.equal([]);
        expect(built.outputs.data.timescale.appSecretArn).to.equal(arn);
    });

    it("refuses a password kept in plain text in the stack file, without echoing it", async () => {
        const failure = await buildStack("dev", {
            editConfig: (v) => {
                external({})(v);
                v[`${PROJECT}:timescaleExternalPassword`] = "plain-password-0815";
            },
        }).then(() => undefined, (e: unknown) => e);
        expect(failure).to.be.instanceOf(ConfigValidationError);
        const message = (failure as Error).message;
        expect(message).to.include(`${PROJECT}:timescaleExternalPassword: is a secret but is stored in plain text`);
        expect(message).to.include(`pulumi config set --secret ${PROJECT}:timescaleExternalPassword`);
        expect(message).to.not.include("plain-password-0815");
    });
});

// Valkey on ElastiCache per environment: seed topology, encryption, RBAC users, logs,
// snapshots, the application's secret and its rotation by our function.
import { expect } from "chai";
import { DEFAULT_APP_ACCESS_STRING } from "../../components/data/cache-engine";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { D, secretValue, statementsBySid } from "./types";

const EXPECTED = {
    dev: { node: "cache.t4g.micro", clustered: false, shards: 1, replicas: 0, multiAz: false, failover: false, snapshots: 1, logDays: 7 },
    staging: { node: "cache.t4g.small", clustered: false, shards: 1, replicas: 0, multiAz: false, failover: false, snapshots: 3, logDays: 30 },
    production: { node: "cache.r6g.large", clustered: true, shards: 2, replicas: 2, multiAz: true, failover: true, snapshots: 7, logDays: 30 },
};

for (const [stack, expected] of Object.entries(EXPECTED)) {
    describe(`cache of ${stack}`, () => {
        let built: BuiltStack;
        let cache: ResourceSet;
        before(async () => {
            built = await buildStack(stack);
            cache = built.subtree(`hse-${stack}-cache`);
        });
        const group = () => cache.one(D.replicationGroup);
        const keyArn = (purpose: string) => built.named(`hse-${stack}-keys-${purpose}-key`).outputs?.arn;
        const protect = stack === "production";

        it(`is Valkey 8.2 on ${expected.node}, ${expected.clustered ? `cluster mode with ${expected.shards} shards x ${expected.replicas} replicas` : "one primary"}`, () => {
            expect(group().inputs).to.include({ replicationGroupId: `hse-${stack}-cache`, engine: "valkey", engineVersion: "8.2", nodeType: expected.node, port: 6379, clusterMode: expected.clustered ? "enabled" : "disabled" });
            if (expected.clustered) {
                expect(group().inputs).to.include({ numNodeGroups: expected.shards, replicasPerNodeGroup: expected.replicas });
                expect(group().inputs.numCacheClusters).to.equal(undefined);
            } else {
                expect(group().inputs).to.include({ numCacheClusters: 1 + expected.replicas });
                expect(group().inputs.numNodeGroups).to.equal(undefined);
            }
            const params = cache.one(D.cacheParams);
            expect(group().inputs.parameterGroupName).to.equal(params.outputs?.name);
            expect(params.inputs.family).to.equal("valkey8");
            expect(params.inputs.parameters).to.deep.equal([{ name: "cluster-enabled", value: expected.clustered ? "yes" : "no" }]);
        });

        it(`${expected.failover ? "fails over automatically across zones" : "has no failover (one node)"}`, () => {
            expect(group().inputs).to.include({ automaticFailoverEnabled: expected.failover, multiAzEnabled: expected.multiAz });
        });

        it("requires TLS and encrypts at rest with the data key, in the database subnets behind the cache group", () => {
            expect(group().inputs).to.include({ transitEncryptionEnabled: true, transitEncryptionMode: "required", atRestEncryptionEnabled: true, kmsKeyId: keyArn("data"), subnetGroupName: built.outputs.network.subnetGroups.cache });
            expect(group().inputs.securityGroupIds).to.deep.equal([built.outputs.network.securityGroupIds.redis]);
            expect(group().inputs.authToken).to.equal(undefined);
        });

        it("admits only RBAC users: default disabled, the application with the seed's key prefixes", () => {
            const users = cache.ofType(D.cacheUser);
            const byName = Object.fromEntries(users.map((u) => [u.inputs.userName, u]));
            expect(Object.keys(byName)).to.have.members(["default", "hse-app"]);
            expect(byName.default.inputs).to.include({ userId: `hse-${stack}-default`, engine: "valkey", accessString: "off -@all" });
            expect(byName["hse-app"].inputs).to.include({ userId: `hse-${stack}-app`, engine: "valkey", accessString: DEFAULT_APP_ACCESS_STRING });
            expect(DEFAULT_APP_ACCESS_STRING).to.equal("on ~events:* ~device:* ~session:* +@all -@dangerous");
            for (const u of users) {
                // Holding a password, the whole authentication block is a secret.
                const mode = secretValue(u.inputs.authenticationMode);
                expect(mode.type).to.equal("password");
                expect(mode.passwords).to.have.length(1);
            }
            // Rotation owns the application's passwords after creation.
            expect(byName["hse-app"].ignoreChanges).to.have.members(["authenticationMode", "passwords"]);
            const userGroup = cache.one(D.cacheUserGroup);
            expect(userGroup.inputs).to.deep.equal({ userGroupId: `hse-${stack}-cache`, engine: "valkey", userIds: [`hse-${stack}-default`, `hse-${stack}-app`] });
            expect(group().inputs.userGroupIds).to.deep.equal([`hse-${stack}-cache`]);
        });

        it(`takes daily snapshots kept ${expected.snapshots} day(s), outside the maintenance window sun:03:00-sun:04:00`, () => {
            expect(group().inputs).to.include({ snapshotRetentionLimit: expected.snapshots, snapshotWindow: "05:00-06:00", maintenanceWindow: "sun:03:00-sun:04:00", autoMinorVersionUpgrade: true });
            expect(group().inputs.finalSnapshotIdentifier).to.equal(protect ? "hse-production-cache-final" : undefined);
            expect([group().protect, group().retainOnDelete]).to.deep.equal([protect, protect]);
        });

        it(`delivers slow and engine logs as JSON to log groups kept ${expected.logDays} days under the logs key`, () => {
            const groups = cache.ofType(D.logGroup).filter((g) => g.inputs.namePrefix?.includes("/elasticache/"));
            expect(groups).to.have.length(2);
            for (const g of groups) expect(g.inputs).to.include({ retentionInDays: expected.logDays, kmsKeyId: keyArn("logs") });
            expect(group().inputs.logDeliveryConfigurations).to.deep.equal(
                ["slow-log", "engine-log"].map((logType) => ({
                    destination: groups.find((g) => g.inputs.namePrefix.includes(logType))?.outputs?.name,
                    destinationType: "cloudwatch-logs",
                    logFormat: "json",
                    logType,
                })),
            );
        });

        it("keeps the application's credentials in hse/<env>/cache, in the seed's shape plus tls and clusterMode", () => {
            const secret = cache.one(D.secret);
            expect(secret.inputs.name).to.equal(`hse/${stack}/cache`);
            const value = JSON.parse(secretValue(cache.one(D.secretVersion).inputs.secretString));
            const host = expected.clustered ? group().outputs?.configurationEndpointAddress : group().outputs?.primaryEndpointAddress;
            expect(host).to.match(expected.clustered ? /^clustercfg\./ : /^master\./);
            expect(value).to.include({ host, port: 6379, username: "hse-app", tls: true, clusterMode: expected.clustered });
            expect(Object.keys(value)).to.have.members(["host", "port", "username", "password", "tls", "clusterMode"]);
            const appUser = cache.ofType(D.cacheUser).find((u) => u.inputs.userName === "hse-app")!;
            expect(value.password).to.equal(secretValue(appUser.inputs.authenticationMode).passwords[0]);
        });

        it("rotates that secret every 30 days with our function, which may change only its user's passwords", () => {
            const schedule = cache.one(D.rotation);
            const fn = cache.one(D.lambda);
            expect(schedule.inputs).to.deep.equal({ secretId: cache.one(D.secret).outputs?.arn, rotationLambdaArn: fn.outputs?.arn, rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: true });
            expect(fn.inputs).to.include({ name: `hse-${stack}-rotate-cache-user`, runtime: "nodejs24.x", timeout: 900 });
            // Both services read the cache secret at start: a rotation redeploys them.
            expect(fn.inputs.environment.variables.ELASTICACHE_USER_ID).to.equal(`hse-${stack}-app`);
            expect(JSON.parse(fn.inputs.environment.variables.REDEPLOY_SERVICES)).to.deep.equal([
                { cluster: `hse-${stack}`, service: `hse-${stack}-monolith` },
                { cluster: `hse-${stack}`, service: `hse-${stack}-devices` },
            ]);
            const policy = statementsBySid(cache.named(`hse-${stack}-cache-rotation-function-policy`).inputs.policy);
            const userArn = cache.ofType(D.cacheUser).find((u) => u.inputs.userName === "hse-app")!.outputs?.arn;
            expect(Object.keys(policy)).to.have.members(["WriteOwnLogs", "ManageOwnNetworkInterfaces", "RotateOwnSecrets", "GeneratePasswords", "UseSecretsKeyThroughSecretsManager", "RedeployServicesThatReadTheSecret", "ChangeThePasswordsOfItsUser", "WatchItsUser"]);
            expect(policy.RedeployServicesThatReadTheSecret.Resource).to.deep.equal([`arn:aws:ecs:us-east-1:${userArn.split(":")[4]}:service/hse-${stack}/hse-${stack}-monolith`, `arn:aws:ecs:us-east-1:${userArn.split(":")[4]}:service/hse-${stack}/hse-${stack}-devices`]);
            expect(policy.RotateOwnSecrets).to.deep.equal({
                Sid: "RotateOwnSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
                Resource: cache.one(D.secret).outputs?.arn,
            });
            expect(policy.ChangeThePasswordsOfItsUser).to.deep.equal({ Sid: "ChangeThePasswordsOfItsUser", Effect: "Allow", Action: "elasticache:ModifyUser", Resource: userArn });
            expect(policy.UseSecretsKeyThroughSecretsManager).to.deep.include({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn("secrets") });
            const permission = cache.one(D.permission);
            expect(permission.inputs).to.include({ action: "lambda:InvokeFunction", principal: "secretsmanager.amazonaws.com", sourceAccount: userArn.split(":")[4], sourceArn: cache.one(D.secret).outputs?.arn });
            expect(schedule.dependencies).to.include(permission.urn);
        });

        it("raises an alarm when the rotation function fails", () => {
            const alarm = cache.one(D.alarm);
            expect(alarm.inputs).to.include({ namespace: "AWS/Lambda", metricName: "Errors", threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold" });
            expect(alarm.inputs.dimensions).to.deep.equal({ FunctionName: cache.one(D.lambda).outputs?.name });
        });
    });
}

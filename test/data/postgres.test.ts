// PostgreSQL on RDS per environment: the seed's sizes, AWS's storage rules, the parameters,
// encryption, the managed master secret and its 30-day rotation, monitoring, logs, protection,
// and production's backups in a second region.
import { expect } from "chai";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { D, statementsBySid } from "./types";

const EXPECTED = {
    dev: { instanceClass: "db.t4g.micro", allocated: 20, max: 100, iops: undefined, multiAz: false, backups: 1, insights: false, monitoring: 60, logDays: 7, db: "hse_dev" },
    staging: { instanceClass: "db.t4g.medium", allocated: 100, max: 500, iops: undefined, multiAz: false, backups: 7, insights: true, monitoring: 60, logDays: 30, db: "hse_staging" },
    production: { instanceClass: "db.r6g.xlarge", allocated: 500, max: 1000, iops: 12000, multiAz: true, backups: 30, insights: true, monitoring: 15, logDays: 30, db: "hse_production" },
};

for (const [stack, expected] of Object.entries(EXPECTED)) {
    describe(`PostgreSQL of ${stack}`, () => {
        let built: BuiltStack;
        let pg: ResourceSet;
        before(async () => {
            built = await buildStack(stack);
            pg = built.subtree(`hse-${stack}-postgres`);
        });
        const instance = () => pg.one(D.rds);
        const protect = stack === "production";
        const keyArn = (purpose: string) => built.named(`hse-${stack}-keys-${purpose}-key`).outputs?.arn;

        it(`is a ${expected.instanceClass} with ${expected.allocated} GB of encrypted gp3, autoscaling to ${expected.max} GB`, () => {
            expect(instance().inputs).to.include({
                identifier: `hse-${stack}-postgres`,
                engine: "postgres",
                engineVersion: "17",
                autoMinorVersionUpgrade: true,
                allowMajorVersionUpgrade: false,
                instanceClass: expected.instanceClass,
                storageType: "gp3",
                allocatedStorage: expected.allocated,
                maxAllocatedStorage: expected.max,
                storageEncrypted: true,
                kmsKeyId: keyArn("data"),
                port: 5432,
            });
            expect(instance().inputs.iops).to.equal(expected.iops);
            expect(instance().inputs.storageThroughput).to.equal(undefined);
        });

        it(`is ${expected.multiAz ? "Multi-AZ" : "in one zone"}, keeps ${expected.backups} day(s) of backups, in windows that do not overlap`, () => {
            expect(instance().inputs).to.include({
                multiAz: expected.multiAz,
                backupRetentionPeriod: expected.backups,
                backupWindow: "03:00-03:30",
                maintenanceWindow: "sun:05:00-sun:05:30",
                copyTagsToSnapshot: true,
                autoMinorVersionUpgrade: true,
                allowMajorVersionUpgrade: false,
            });
        });

        it("has RDS manage the master password under the secrets key, for a user that is not a default one", () => {
            expect(instance().inputs).to.include({ username: "hse_admin", manageMasterUserPassword: true, masterUserSecretKmsKeyId: keyArn("secrets") });
            expect(instance().inputs.password).to.equal(undefined);
        });

        it("rotates the managed master secret every 30 days (RDS's default is 7), not at once: the bootstrap logs in with it first", () => {
            const rotation = pg.one(D.rotation);
            expect(rotation.inputs.secretId).to.equal(instance().outputs?.masterUserSecrets[0].secretArn);
            expect(rotation.inputs.rotationRules).to.deep.equal({ automaticallyAfterDays: 30 });
            expect(rotation.inputs.rotationLambdaArn).to.equal(undefined);
            expect(rotation.inputs.rotateImmediately).to.equal(false);
        });

        it("accepts IAM authentication, is not public, and sits in the database subnets behind the database group", () => {
            const network = built.outputs.network;
            expect(instance().inputs).to.include({ iamDatabaseAuthenticationEnabled: true, publiclyAccessible: false, dbSubnetGroupName: network.subnetGroups.database, caCertIdentifier: "rds-ca-rsa2048-g1" });
            expect(instance().inputs.vpcSecurityGroupIds).to.deep.equal([network.securityGroupIds.database]);
        });

        it("uses a parameter group of its family with the seed's values, TLS only and logging", () => {
            const params = pg.one(D.rdsParams);
            expect(instance().inputs.parameterGroupName).to.equal(params.outputs?.name);
            expect(params.inputs.family).to.equal("postgres17");
            expect(params.inputs.parameters).to.have.deep.members([
                { name: "max_connections", value: "200", applyMethod: "pending-reboot" },
                { name: "work_mem", value: "16384", applyMethod: "immediate" },
                { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
                { name: "log_min_duration_statement", value: "500", applyMethod: "immediate" },
                { name: "log_connections", value: "1", applyMethod: "pending-reboot" },
                { name: "log_disconnections", value: "1", applyMethod: "pending-reboot" },
                { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
            ]);
        });

        it(`exports postgresql and upgrade logs to log groups kept ${expected.logDays} days under the logs key, created first`, () => {
            expect(instance().inputs.enabledCloudwatchLogsExports).to.deep.equal(["postgresql", "upgrade"]);
            const groups = pg.ofType(D.logGroup);
            expect(groups.map((g) => g.inputs.name)).to.have.members([`/aws/rds/instance/hse-${stack}-postgres/postgresql`, `/aws/rds/instance/hse-${stack}-postgres/upgrade`]);
            for (const g of groups) {
                expect(g.inputs).to.include({ retentionInDays: expected.logDays, kmsKeyId: keyArn("logs") });
                expect(instance().dependencies).to.include(g.urn);
            }
        });

        it(`has Enhanced Monitoring every ${expected.monitoring} s with its own role, and Performance Insights ${expected.insights ? "on, encrypted" : "off"}`, () => {
            const role = pg.one(D.role);
            expect(instance().inputs).to.include({ monitoringInterval: expected.monitoring, monitoringRoleArn: role.outputs?.arn, performanceInsightsEnabled: expected.insights });
            if (expected.insights) expect(instance().inputs).to.include({ performanceInsightsKmsKeyId: keyArn("data"), performanceInsightsRetentionPeriod: 7 });
            const account = built.outputs.data.postgres.masterSecretArn.split(":")[4];
            expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
                { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "monitoring.rds.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": account } } },
            ]);
            expect(pg.one(D.attachment).inputs).to.deep.equal({ role: role.outputs?.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" });
        });

        it(`${protect ? "has deletion protection, a final snapshot, kept backups and protect" : "can be deleted without a final snapshot"}`, () => {
            expect(instance().inputs).to.include({ deletionProtection: protect, skipFinalSnapshot: !protect, deleteAutomatedBackups: !protect });
            expect(instance().inputs.finalSnapshotIdentifier).to.equal(protect ? "hse-production-postgres-final" : undefined);
            expect([instance().protect, instance().retainOnDelete]).to.deep.equal([protect, protect]);
            for (const g of pg.ofType(D.logGroup)) expect(g.protect).to.equal(protect);
        });

        it(`${protect ? "replicates automated backups to us-west-2 under a key there" : "replicates no backups to another region"}`, () => {
            const replication = pg.ofType(D.backupReplication);
            if (!protect) {
                expect(replication).to.deep.equal([]);
                expect(built.outputs.data.postgres.backupReplication).to.equal(null);
                return;
            }
            expect(replication).to.have.length(1);
            const drKey = pg.named("hse-production-postgres-backups-dr-key");
            expect(replication[0].inputs).to.deep.equal({ sourceDbInstanceArn: instance().outputs?.arn, kmsKeyId: drKey.outputs?.arn, retentionPeriod: 7 });
            expect(replication[0].provider).to.match(/hse-production-aws-us-west-2/);
            expect(drKey.provider).to.match(/hse-production-aws-us-west-2/);
            // RDS alone uses the replica key, in its region: no other service, no other statement.
            const drPolicy = statementsBySid(drKey.inputs.policy);
            expect(Object.keys(drPolicy)).to.deep.equal(["AccountAdministersTheKey", "DescribeThroughItsServicesOnly", "UseThroughRds", "GrantsForItsServicesResourcesOnly"]);
            for (const sid of ["DescribeThroughItsServicesOnly", "UseThroughRds", "GrantsForItsServicesResourcesOnly"]) {
                expect(drPolicy[sid].Condition.StringEquals["kms:ViaService"], sid).to.equal("rds.us-west-2.amazonaws.com");
            }
            expect(pg.named("hse-production-postgres-backups-dr-alias").inputs.name).to.equal("alias/hse-production-backups-dr");
            expect([drKey.protect, drKey.retainOnDelete]).to.deep.equal([true, true]);
            expect(built.outputs.data.postgres.backupReplication).to.deep.equal({ region: "us-west-2", retentionDays: 7 });
        });

        it("exports the endpoint, the port, the database and the secret ARNs, never a value", () => {
            const out = built.outputs.data.postgres;
            expect(out).to.include({ address: instance().outputs?.address, port: 5432, databaseName: expected.db, identifier: `hse-${stack}-postgres` });
            expect(out.appSecretArn).to.match(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:hse\/[a-z]+\/postgres-/);
            expect(out.masterSecretArn).to.match(/^arn:aws:secretsmanager:.*:secret:rds!db-/);
        });
    });
}

// The data key's grants statement in full, and the storage and retention rules at their exact
// edges (the value AWS allows is accepted, one more is refused).
import { expect } from "chai";
import { buildStack } from "../../offline/build";
import { configProblems, editSection, keyOf } from "../config/edit";
import { D } from "./types";

describe("the data key's policy", () => {
    it("lets this account's RDS, ElastiCache, EC2 and ECR manage grants on their own resources, and nothing else (S3 makes none)", async () => {
        const built = await buildStack("staging");
        const key = built.subtree("hse-staging-keys").ofType(D.key).find((k) => k.inputs.tags.Purpose === "data")!;
        const grants = JSON.parse(key.inputs.policy).Statement.find((s: { Sid: string }) => s.Sid === "GrantsForItsServicesResourcesOnly");
        const account = built.outputs.keys.data.arn.split(":")[4];
        expect(grants).to.deep.equal({
            Sid: "GrantsForItsServicesResourcesOnly",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resource: "*",
            Condition: {
                StringEquals: { "kms:CallerAccount": account, "kms:ViaService": ["rds.us-east-1.amazonaws.com", "elasticache.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com", "ecr.us-east-1.amazonaws.com"] },
                Bool: { "kms:GrantIsForAWSResource": "true" },
            },
        });
    });
});

describe("data storage and retention rules at their edges", () => {
    const pg = (change: (p: Record<string, any>) => void) => configProblems("production", editSection("postgres", change));
    const ts = (change: (t: Record<string, any>) => void) => configProblems("production", editSection("timescale", change));
    it("RDS gp3: from exactly 400 GiB IOPS may be set; throughput up to 0.25 MiBps per IOPS, 3000 at the 12000 baseline", () => {
        expect(pg((p) => { p.allocatedStorageGb = 400; p.maxAllocatedStorageGb = 1000; delete p.iops; p.storageThroughputMibps = 3000; })).to.deep.equal([]);
        expect(pg((p) => { p.allocatedStorageGb = 400; p.maxAllocatedStorageGb = 1000; delete p.iops; p.storageThroughputMibps = 3001; })).to.deep.equal([
            { key: keyOf("postgres")("storageThroughputMibps"), message: "is 3001, above 0.25 MiBps per IOPS of 12000 IOPS (3000)" },
        ]);
        expect(pg((p) => { p.iops = 16000; p.storageThroughputMibps = 4000; })).to.deep.equal([]);
        expect(pg((p) => { p.allocatedStorageGb = 399; p.iops = 12000; })).to.deep.equal([
            { key: keyOf("postgres")("iops"), message: "cannot be set below 400 GiB (allocatedStorageGb is 399); RDS gives gp3 its 3000 IOPS / 125 MiBps baseline there" },
        ]);
    });
    it("production keeps exactly 7 days of backups at least", () => {
        expect(pg((p) => { p.backupRetentionDays = 7; })).to.deep.equal([]);
        expect(pg((p) => { p.backupRetentionDays = 6; })).to.deep.equal([{ key: keyOf("postgres")("backupRetentionDays"), message: "is 6 in production; keep at least 7 days" }]);
    });
    it("EBS gp3 for TimescaleDB: exactly 500 IOPS per GiB and 0.25 MiBps per IOPS are allowed, one more is not", () => {
        expect(ts((t) => { t.dataVolume = { sizeGb: 12, iops: 6000, throughputMibps: 1000 }; })).to.deep.equal([]);
        expect(ts((t) => { t.dataVolume = { sizeGb: 12, iops: 6001, throughputMibps: 1000 }; })).to.deep.equal([{ key: keyOf("timescale")("dataVolume.iops"), message: "is 6001, above 500 IOPS per GiB of 12 GiB" }]);
        expect(ts((t) => { t.dataVolume = { sizeGb: 200, iops: 4000, throughputMibps: 1001 }; }).map((p) => p.key)).to.include(keyOf("timescale")("dataVolume.throughputMibps"));
        expect(ts((t) => { t.dataVolume = { sizeGb: 200, iops: 4000, throughputMibps: 1000 }; })).to.deep.equal([]);
    });
    it("a weekly window that ends where it starts lasts the whole week", () =>
        expect(configProblems("production", editSection("cache", (c) => { c.maintenanceWindow = "mon:00:00-mon:00:00"; c.snapshotWindow = "05:00-06:00"; })).map((p) => p.key)).to.deep.equal([keyOf("cache")("snapshotWindow")]));
});

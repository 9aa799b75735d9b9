// What the TimescaleDB tests by environment leave implicit, asserted exactly: the encrypted root
// volume, names and tags, the instance profile, descriptions, and the external mode's secret.
import { expect } from "chai";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { externalTimescale, PROJECT } from "../config/edit";
import { D } from "./types";

describe("self-managed TimescaleDB details of production", () => {
    let built: BuiltStack;
    let ts: ResourceSet;
    before(async () => {
        built = await buildStack("production");
        ts = built.subtree("hse-production-timescale");
    });
    const keyArn = (purpose: string) => built.named(`hse-production-keys-${purpose}-key`).outputs!.arn;

    it("boots from a 16 GB gp3 root volume encrypted with the data key, deleted with the instance", () =>
        expect(ts.one(D.instance).inputs.rootBlockDevice).to.deep.equal({ volumeType: "gp3", volumeSize: 16, encrypted: true, kmsKeyId: keyArn("data"), deleteOnTermination: true }));
    it("names and tags the instance and its data volume, the volume tagged for its snapshot policy", () => {
        expect(ts.one(D.instance).inputs.tags).to.deep.equal({ Name: "hse-production-timescale" });
        expect(ts.one(D.volume).inputs.tags).to.deep.equal({ Name: "hse-production-timescale-data", SnapshotPolicy: "hse-production-timescale-data" });
    });
    it("runs with an instance profile of its own role, described by what it serves", () => {
        const role = ts.named("hse-production-timescale-server-role");
        expect(role.inputs.description).to.equal("TimescaleDB instance of hse-production");
        expect(ts.one(D.profile).inputs).to.deep.equal({ role: role.outputs!.name });
        expect(ts.one(D.instance).inputs.iamInstanceProfile).to.equal(ts.one(D.profile).outputs!.name);
    });
    it("keeps its backups in a bucket named and described for them", () => {
        const bucket = ts.one(D.bucket);
        expect(bucket.inputs.bucketPrefix).to.equal("hse-production-timescale-backups-");
        expect(bucket.inputs.tags).to.deep.equal({ Purpose: "TimescaleDB WAL archive and base backups (pgBackRest)" });
    });
    it("declares the server only once both secrets and its TLS key hold their first values, which it reads at boot", () => {
        const firstValues = ts.ofType(D.secretVersion).map((v) => v.urn);
        expect(firstValues).to.have.length(3);
        // A component in dependsOn stands for all of its resources.
        expect(ts.named("hse-production-timescale-server", "hse:data:TimescaleInstance").dependencies).to.include.members(firstValues);
    });
    it("says what its recovery alarm does", () =>
        expect(ts.named("hse-production-timescale-server-recover", D.alarm).inputs.alarmDescription).to.equal("hse-production TimescaleDB: the host failed its system status check; EC2 recovers the instance onto healthy hardware"));
});

describe("external TimescaleDB details", () => {
    it("keeps the password given in config in hse/<env>/timescale, described by the service's host, and exports its ARN", async () => {
        const built = await buildStack("staging", {
            editConfig: externalTimescale({ host: "xyz.tsdb.cloud.timescale.com", database: "tsdb", appUsername: "tsdbadmin" }),
            secretConfig: { [`${PROJECT}:timescaleExternalPassword`]: "external-password-1234" },
        });
        const secret = built.subtree("hse-staging-timescale").one(D.secret);
        // The logical name is part of the URN: renaming it would replace the secret.
        expect(secret.urn).to.match(/::hse-staging-timescale-secret-secret$/);
        expect(secret.inputs).to.deep.include({ name: "hse/staging/timescale", description: "Credentials of the managed TimescaleDB service at xyz.tsdb.cloud.timescale.com" });
        expect(built.outputs.data.timescale.appSecretArn).to.equal(secret.outputs!.arn);
    });
});

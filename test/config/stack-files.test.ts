import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { loadPlatformConfig } from "../../stacks/config/load";
import { readOfflineStackConfig } from "../../offline/secret-stand-ins";
import { REPO_ROOT, stackNames } from "../../offline/stack-file";
import { networkSchema } from "../../stacks/config/network";

describe("stack files", () => {
    it("exist for exactly dev, staging and production", () => {
        expect(stackNames()).to.deep.equal(["dev", "production", "staging"]);
    });

    for (const stack of ["dev", "staging", "production"]) {
        describe(`Pulumi.${stack}.yaml`, () => {
            const config = () => loadPlatformConfig(readOfflineStackConfig(stack));

            it("is valid and deploys the environment of its name", () => {
                expect(config().environment).to.equal(stack);
                expect(config().namePrefix).to.equal(`hse-${stack}`);
            });

            it("writes every network setting out explicitly (only ports fall back to defaults)", () => {
                const file = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> };
                const written = Object.keys(file.config["hse-platform:network"]);
                const expected = Object.keys(networkSchema.shape).filter((k) => k !== "ports");
                expect(written).to.have.members(expected);
                for (const key of ["environment", "region", "accountId", "costCenter", "owner", "protectStatefulResources"]) {
                    expect(file.config, key).to.have.property(`hse-platform:${key}`);
                }
            });

            it("carries the seed's network numbers (10.2.5)", () => {
                const { network } = config();
                expect(network.vpcCidr).to.equal("10.0.0.0/16");
                expect(network.zones).to.deep.equal([
                    { availabilityZone: "us-east-1a", publicSubnetCidr: "10.0.1.0/24", privateSubnetCidr: "10.0.10.0/24", databaseSubnetCidr: "10.0.20.0/24" },
                    { availabilityZone: "us-east-1b", publicSubnetCidr: "10.0.2.0/24", privateSubnetCidr: "10.0.11.0/24", databaseSubnetCidr: "10.0.21.0/24" },
                ]);
                expect(network.ports).to.deep.equal({ http: 8080, grpc: 50051, devicesTcp: 5000 });
                expect(config().postgres.port).to.equal(5432);
                expect(config().cache.port).to.equal(6379);
            });
        });
    }

    it("differ where environments should: NAT per zone, endpoints, protection, retention", () => {
        const [dev, staging, production] = ["dev", "staging", "production"].map((s) => loadPlatformConfig(readOfflineStackConfig(s)));
        expect([dev, staging, production].map((c) => c.network.natGateways)).to.deep.equal(["Single", "Single", "OnePerAz"]);
        expect(dev.network.interfaceEndpoints).to.deep.equal([]);
        expect(production.network.interfaceEndpoints).to.have.members(["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"]);
        expect(staging.network.interfaceEndpoints).to.have.members(production.network.interfaceEndpoints);
        expect([dev, staging, production].map((c) => c.protectStatefulResources)).to.deep.equal([false, false, true]);
        expect([dev, staging, production].map((c) => c.network.flowLogs.retentionInDays)).to.deep.equal([7, 30, 30]);
    });

    it("carry the seed's data-tier numbers (10.2.2, 10.2.3) where the seed gives them", () => {
        const [staging, production] = ["staging", "production"].map((s) => loadPlatformConfig(readOfflineStackConfig(s)));
        expect(staging.postgres).to.include({ instanceClass: "db.t4g.medium", allocatedStorageGb: 100, maxAllocatedStorageGb: 500, multiAz: false, backupRetentionDays: 7, maxConnections: 200, workMemMb: 16 });
        expect(production.postgres).to.include({ instanceClass: "db.r6g.xlarge", allocatedStorageGb: 500, maxAllocatedStorageGb: 1000, iops: 12000, multiAz: true, backupRetentionDays: 30, masterUsername: "hse_admin", databaseName: "hse_production" });
        expect(production.cache).to.include({ engine: "valkey", nodeType: "cache.r6g.large", clusterMode: "enabled", shards: 2, replicasPerShard: 2, multiAz: true, automaticFailover: true, snapshotRetentionDays: 7, maintenanceWindow: "sun:03:00-sun:04:00", port: 6379 });
        expect(staging.cache).to.include({ nodeType: "cache.t4g.small", clusterMode: "disabled", replicasPerShard: 0 });
        for (const config of [staging, production]) {
            expect(config.postgres.passwordRotationDays).to.equal(30);
            expect(config.cache.passwordRotationDays).to.equal(30);
            expect(config.timescale.mode).to.equal("self-managed");
        }
    });

    it("write every data-tier section out in every environment", () => {
        for (const stack of ["dev", "staging", "production"]) {
            const file = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> };
            for (const section of ["keys", "secrets", "postgres", "timescale", "cache"]) {
                expect(file.config, `${stack}: ${section}`).to.have.property(`hse-platform:${section}`);
            }
        }
    });

    it("derive the default tags from the config", () => {
        const production = loadPlatformConfig(readOfflineStackConfig("production"));
        expect(production.defaultTags).to.deep.equal({
            Project: "hse-platform",
            Environment: "production",
            ManagedBy: "pulumi",
            CostCenter: "hse-backend",
            Owner: "platform-team",
        });
    });
});

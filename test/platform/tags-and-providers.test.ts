import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";

const ACCOUNTS: Record<string, string> = { dev: "111122223333", staging: "444455556666", production: "777788889999" };

const DEFAULT_TAG_KEYS = ["Project", "Environment", "ManagedBy", "CostCenter", "Owner"];

for (const stack of ["dev", "staging", "production"]) {
    describe(`providers and tags of ${stack}`, () => {
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
        });
        const providers = () => built.ofType("pulumi:providers:aws");
        const provider = () => built.named(`hse-${stack}-aws`, "pulumi:providers:aws");
        /** Production also replicates its database backups to us-west-2, through a provider there. */
        const regions = stack === "production" ? ["us-east-1", "us-west-2"] : ["us-east-1"];

        it(`has explicit AWS providers in ${regions.join(" and ")}, each with the five default tags and the stack's account`, () => {
            expect(providers().map((p) => p.inputs.region)).to.have.members(regions);
            expect(providers()).to.have.length(regions.length);
            for (const p of providers()) {
                expect(JSON.parse(p.inputs.defaultTags), p.name).to.deep.equal({
                    tags: { Project: "hse-platform", Environment: stack, ManagedBy: "pulumi", CostCenter: "hse-backend", Owner: "platform-team" },
                });
                expect(JSON.parse(p.inputs.allowedAccountIds), p.name).to.deep.equal([ACCOUNTS[stack]]);
            }
            expect(provider().inputs.region).to.equal("us-east-1");
        });

        it("creates every AWS resource through the environment's provider, but the second region's backups", () => {
            const reference = `${provider().urn}::${provider().id}`;
            const aws = built.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
            expect(aws.length).to.be.greaterThan(100);
            const elsewhere = aws.filter((r) => r.provider !== reference);
            expect(elsewhere.map((r) => r.name)).to.have.members(
                stack === "production" ? ["hse-production-postgres-backups-dr-key", "hse-production-postgres-backups-dr-alias", "hse-production-postgres-backups-dr"] : [],
            );
            for (const r of elsewhere) expect(r.provider).to.match(/::hse-production-aws-us-west-2::/);
        });

        it("never overrides a default tag on a resource", () => {
            for (const r of built.resources.filter((x) => x.inputs.tags)) {
                for (const key of DEFAULT_TAG_KEYS) expect(r.inputs.tags, `${r.name} overrides ${key}`).to.not.have.property(key);
            }
        });

        it("names every taggable resource hse-<env>-...", () => {
            for (const r of built.resources.filter((x) => x.inputs.tags?.Name)) {
                expect(r.inputs.tags.Name, r.name).to.match(new RegExp(`^hse-${stack}-`));
            }
            for (const r of built.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")) {
                expect(r.name).to.match(new RegExp(`^hse-${stack}-`));
            }
        });

        it("has every component register outputs that say what it made", () => {
            for (const component of built.resources.filter((r) => !r.custom && r.type.startsWith("hse:"))) {
                const outputs = component.registeredOutputs ?? {};
                expect(Object.keys(outputs), component.name).to.not.deep.equal([]);
                for (const [key, value] of Object.entries(outputs)) expect(value, `${component.name}.${key}`).to.not.equal(undefined);
            }
        });

        it("parents every resource to one of the stack's components", () => {
            const components = new Set(built.resources.filter((r) => !r.custom).map((r) => r.urn));
            for (const r of built.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")) {
                expect(components.has(r.parentUrn!), r.name).to.equal(true);
            }
            const topLevel = built.resources.filter((r) => r.parentUrn === built.ofType("pulumi:pulumi:Stack")[0].urn);
            expect(topLevel.map((r) => r.type)).to.have.members([
                ...regions.map(() => "pulumi:providers:aws"),
                "hse:keys:EncryptionKeys",
                "hse:network:Network",
                "hse:network:SecurityGroups",
                "hse:network:FlowLogs",
                "hse:network:VpcEndpoints",
                "hse:data:PostgresDatabase",
                "hse:data:PostgresAppUser",
                "hse:data:SelfManagedTimescale",
                "hse:data:Cache",
                "hse:secrets:SecretConnections",
                "hse:secrets:JwtSigningSecret",
                "hse:secrets:NewRelicSecret",
                "hse:secrets:SecretChangeRedeploy",
                "hse:edge:DnsValidatedCertificate",
                "hse:edge:ApplicationLoadBalancer",
                "hse:edge:NetworkLoadBalancer",
                "hse:edge:DnsRecords",
                ...(stack === "dev" ? [] : ["hse:edge:OriginSecret", "hse:edge:WebAcl", "hse:edge:ContentDeliveryNetwork"]),
                "hse:compute:EcsCluster",
                "hse:compute:ContainerRepository",
                "hse:compute:ContainerRepository",
                "hse:compute:FargateService",
                "hse:compute:FargateService",
                "hse:compute:ServiceScaling",
                "hse:compute:ServiceScaling",
                "hse:shared:ServerAccessLogs",
                ...(stack === "dev" ? [] : ["hse:observability:Notifications", "hse:observability:ServiceAlarms"]),
            ]);
        });
    });
}

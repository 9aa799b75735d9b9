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
        const provider = () => built.ofType("pulumi:providers:aws")[0];

        it("has one explicit AWS provider, in the configured region, with the five default tags", () => {
            expect(built.ofType("pulumi:providers:aws")).to.have.length(1);
            expect(provider().inputs.region).to.equal("us-east-1");
            expect(JSON.parse(provider().inputs.defaultTags)).to.deep.equal({
                tags: { Project: "hse-platform", Environment: stack, ManagedBy: "pulumi", CostCenter: "hse-backend", Owner: "platform-team" },
            });
        });

        it("may deploy to the stack's own account only", () => {
            expect(JSON.parse(provider().inputs.allowedAccountIds)).to.deep.equal([ACCOUNTS[stack]]);
        });

        it("creates every AWS resource through that provider, so each carries the default tags", () => {
            const reference = `${provider().urn}::${provider().id}`;
            const aws = built.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
            expect(aws.length).to.be.greaterThan(40);
            for (const r of aws) expect(r.provider, r.name).to.equal(reference);
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

        it("parents every resource to one of the stack's components", () => {
            const components = new Set(built.resources.filter((r) => !r.custom).map((r) => r.urn));
            for (const r of built.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")) {
                expect(components.has(r.parentUrn!), r.name).to.equal(true);
            }
            const topLevel = built.resources.filter((r) => r.parentUrn === built.ofType("pulumi:pulumi:Stack")[0].urn);
            expect(topLevel.map((r) => r.type)).to.have.members([
                "pulumi:providers:aws",
                "hse:network:Network",
                "hse:network:SecurityGroups",
                "hse:network:FlowLogs",
                "hse:network:VpcEndpoints",
            ]);
        });
    });
}

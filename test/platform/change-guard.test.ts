// Changes one `pulumi up` cannot apply are refused before anything is declared, with the steps
// that can apply them.
import { expect } from "chai";
import { buildStack, DeclaredResource } from "../../offline/build";
import { readOfflineStackConfig } from "../../offline/secret-stand-ins";
import { DeployedShape, parseDeployedShape, shapeOf, unapplicableChanges } from "../../stacks/change-guard";
import { ConfigValidationError } from "../../stacks/config/errors";
import { loadPlatformConfig } from "../../stacks/config/load";
import { editSection, PROJECT, setKey } from "../config/edit";

const deployed = (): DeployedShape => shapeOf(loadPlatformConfig(readOfflineStackConfig("staging")));
const net = (key: string) => `${PROJECT}:network.${key}`;

function withSubnet(shape: DeployedShape, tier: string, zone: string, change: Partial<{ zone: string; cidr: string }>): DeployedShape {
    return { ...shape, subnets: shape.subnets.map((s) => (s.tier === tier && s.zone === zone ? { ...s, ...change } : s)) };
}

describe("change guard (pure)", () => {
    it("accepts the deployed shape itself, and new subnets that overlap nothing retired", () => {
        const shape = deployed();
        expect(unapplicableChanges(PROJECT, shape, shape)).to.deep.equal([]);
        const third = { ...shape, subnets: [...shape.subnets, { tier: "public" as const, zone: "us-east-1c", cidr: "10.0.3.0/24" }] };
        expect(unapplicableChanges(PROJECT, shape, third)).to.deep.equal([]);
    });

    it("refuses a subnet moved to another zone with the same CIDR, with the two steps", () => {
        const moved = withSubnet(deployed(), "public", "us-east-1b", { zone: "us-east-1c" });
        const [problem, ...others] = unapplicableChanges(PROJECT, deployed(), moved);
        expect(others).to.deep.equal([]);
        expect(problem.key).to.equal(net("publicSubnetCidrs"));
        expect(problem.message).to.include("puts the public subnet in us-east-1c on 10.0.2.0/24, which overlaps 10.0.2.0/24 of the deployed public subnet in us-east-1b");
        expect(problem.message).to.include("Step 1: give the public subnet in us-east-1c a CIDR that overlaps no deployed subnet");
        expect(problem.message).to.include("step 2: set 10.0.2.0/24");
    });

    it("refuses a subnet re-CIDRed to a range that overlaps its old one", () => {
        const widened = withSubnet(deployed(), "database", "us-east-1a", { cidr: "10.0.20.0/23" });
        const problems = unapplicableChanges(PROJECT, deployed(), widened);
        expect(problems.map((p) => p.key)).to.deep.equal([net("databaseSubnetCidrs")]);
        expect(problems[0].message).to.include("10.0.20.0/23, which overlaps 10.0.20.0/24 of the deployed database subnet in us-east-1a");
    });

    it("refuses two subnets that swap CIDRs (each new one overlaps the other's old range)", () => {
        let swapped = withSubnet(deployed(), "private", "us-east-1a", { cidr: "10.0.11.0/24" });
        swapped = withSubnet(swapped, "private", "us-east-1b", { cidr: "10.0.10.0/24" });
        expect(unapplicableChanges(PROJECT, deployed(), swapped)).to.have.length(2);
    });

    it("accepts a subnet re-CIDRed to a free range (replaced create-first without a clash)", () => {
        const moved = withSubnet(deployed(), "private", "us-east-1a", { cidr: "10.0.12.0/24" });
        expect(unapplicableChanges(PROJECT, deployed(), moved)).to.deep.equal([]);
    });

    it("refuses a new VPC CIDR, and says nothing of subnets then", () => {
        const next = { ...deployed(), vpcCidr: "10.1.0.0/16", subnets: [] };
        const problems = unapplicableChanges(PROJECT, deployed(), next);
        expect(problems.map((p) => p.key)).to.deep.equal([net("vpcCidr")]);
        expect(problems[0].message).to.include("was 10.0.0.0/16 when this stack was last deployed and is now 10.1.0.0/16");
        expect(problems[0].message).to.include("Step 1");
    });

    it("refuses a new region, and compares nothing else", () => {
        const next = { ...deployed(), region: "eu-west-1", vpcCidr: "10.1.0.0/16" };
        const problems = unapplicableChanges(PROJECT, deployed(), next);
        expect(problems.map((p) => p.key)).to.deep.equal([`${PROJECT}:region`]);
        expect(problems[0].message).to.include("was us-east-1 when this stack was last deployed and is now eu-west-1");
    });

    it("reads a recorded shape, and ignores what is not one (a stack deployed before the guard)", () => {
        expect(parseDeployedShape(deployed())).to.deep.equal(deployed());
        expect(parseDeployedShape(undefined)).to.equal(undefined);
        expect(parseDeployedShape({ region: "us-east-1" })).to.equal(undefined);
    });
});

describe("change guard, through the program", () => {
    const moveSubnet = editSection("network", (n) => {
        n.availabilityZones = ["us-east-1a", "us-east-1c"];
    });

    it("records the deployed shape as a stack output", async () => {
        expect((await buildStack("staging")).outputs.deployedShape).to.deep.equal(deployed());
    });

    it("refuses a zone move of a deployed stack before any resource but the provider is declared", async () => {
        const declared: DeclaredResource[] = [];
        const failure = await buildStack("staging", { editConfig: moveSubnet, lastDeployment: { deployedShape: deployed() }, record: declared }).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(failure).to.be.instanceOf(ConfigValidationError);
        expect((failure as ConfigValidationError).problems.map((p) => p.key)).to.deep.equal([net("publicSubnetCidrs"), net("privateSubnetCidrs"), net("databaseSubnetCidrs")]);
        expect(declared.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack", "pulumi:providers:aws"]);
    });

    it("lets the same change through on a stack that was never deployed", async () => {
        const built = await buildStack("staging", { editConfig: moveSubnet });
        expect(built.ofType("aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone)).to.include("us-east-1c");
    });

    it("refuses a region change of a deployed stack", async () => {
        const failure = await buildStack("staging", {
            editConfig: (v) => {
                setKey("region", "us-west-2")(v);
                editSection("network", (n) => { n.availabilityZones = ["us-west-2a", "us-west-2b"]; })(v);
            },
            lastDeployment: { deployedShape: deployed() },
        }).then(() => undefined, (error: unknown) => error);
        expect((failure as ConfigValidationError).problems.map((p) => p.key)).to.deep.equal([`${PROJECT}:region`]);
    });
});

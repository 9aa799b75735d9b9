// The change guard at its edges: a deployed stack that changes nothing, a recorded shape it
// cannot read fully, and subnets that do not change.
import { expect } from "chai";
import { buildStack } from "../../offline/build";
import { readOfflineStackConfig } from "../../offline/secret-stand-ins";
import { DeployedShape, shapeOf, unapplicableChanges } from "../../stacks/change-guard";
import { loadPlatformConfig } from "../../stacks/config/load";
import { PROJECT } from "../config/edit";

const deployed = (stack: string): DeployedShape => shapeOf(loadPlatformConfig(readOfflineStackConfig(stack)));
const subnet = (tier: "public" | "private" | "database", zone: string, cidr: string) => ({ tier, zone, cidr });

describe("change guard at its edges", () => {
    it("lets a deployed stack that changes nothing update, reading its own last deployment", async () => {
        const built = await buildStack("production", { lastDeployment: { deployedShape: deployed("production") } });
        expect(built.outputs.deployedShape).to.deep.equal(deployed("production"));
    });

    it("compares only subnets that change: one kept as it was is never reported, whatever it overlaps", () => {
        const kept = subnet("private", "us-east-1a", "10.0.10.0/24");
        const previous: DeployedShape = { region: "us-east-1", vpcCidr: "10.0.0.0/16", subnets: [kept, subnet("database", "us-east-1a", "10.0.10.0/25")] };
        const next: DeployedShape = { ...previous, subnets: [kept, subnet("database", "us-east-1a", "10.0.20.0/24")] };
        expect(unapplicableChanges(PROJECT, previous, next)).to.deep.equal([]);
        const moved: DeployedShape = { ...previous, subnets: [subnet("private", "us-east-1a", "10.0.30.0/24"), previous.subnets[1]] };
        expect(unapplicableChanges(PROJECT, previous, moved)).to.deep.equal([]);
    });

    it("compares nothing it cannot parse: a recorded CIDR that is not one, or a new one that is not", () => {
        const previous: DeployedShape = { region: "us-east-1", vpcCidr: "10.0.0.0/16", subnets: [subnet("public", "us-east-1a", "not-a-cidr")] };
        const next: DeployedShape = { ...previous, subnets: [subnet("public", "us-east-1b", "10.0.0.0/24")] };
        expect(unapplicableChanges(PROJECT, previous, next)).to.deep.equal([]);
        expect(unapplicableChanges(PROJECT, next, { ...next, subnets: [subnet("public", "us-east-1c", "10.0.0.0")] })).to.deep.equal([]);
    });

    it("reports a move onto a retired range once per new subnet, naming the tier's key", () => {
        const previous: DeployedShape = { region: "us-east-1", vpcCidr: "10.0.0.0/16", subnets: [subnet("database", "us-east-1a", "10.0.20.0/24")] };
        const next: DeployedShape = { ...previous, subnets: [subnet("database", "us-east-1b", "10.0.20.0/25")] };
        expect(unapplicableChanges(PROJECT, previous, next).map((p) => p.key)).to.deep.equal([`${PROJECT}:network.databaseSubnetCidrs`]);
    });
});

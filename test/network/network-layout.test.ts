import { expect } from "chai";
import { planNatGateways } from "../../components/network/network-layout";

const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

describe("NAT gateway plan", () => {
    it("OnePerAz puts a NAT in every zone and keeps each zone's egress in the zone", () => {
        const plan = planNatGateways("OnePerAz", zones);
        expect(plan.natZones).to.deep.equal(zones);
        for (const zone of zones) expect(plan.egressZoneOf.get(zone)).to.equal(zone);
    });

    it("Single puts one NAT in the first zone, used by all", () => {
        const plan = planNatGateways("Single", zones);
        expect(plan.natZones).to.deep.equal(["us-east-1a"]);
        expect(zones.map((z) => plan.egressZoneOf.get(z))).to.deep.equal(["us-east-1a", "us-east-1a", "us-east-1a"]);
    });

    it("None leaves every zone without egress", () => {
        const plan = planNatGateways("None", zones);
        expect(plan.natZones).to.deep.equal([]);
        expect(zones.map((z) => plan.egressZoneOf.get(z))).to.deep.equal([undefined, undefined, undefined]);
    });
});

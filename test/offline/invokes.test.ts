// Invoke answers that refuse what AWS would not find, so a wrong lookup fails offline too.
import { expect } from "chai";
import { INVOKES, MockAccount } from "../../offline/invokes";

describe("offline invoke answers", () => {
    const env: MockAccount = { region: "us-east-1", accountId: "123456789012", availabilityZones: ["us-east-1a"] };
    const getZone = (inputs: Record<string, unknown>) => INVOKES["aws:route53/getZone:getZone"](inputs, env);

    it("find a public hosted zone by name", () => {
        expect(getZone({ name: "hse.com", privateZone: false })).to.deep.include({ name: "hse.com.", privateZone: false });
    });

    it("find no zone without a name, and no private zone", () => {
        expect(() => getZone({ privateZone: false })).to.throw(/no matching Route 53 Hosted Zone found \(name undefined/);
        expect(() => getZone({ name: "hse.com", privateZone: true })).to.throw(/public zones only/);
        expect(() => getZone({ name: "hse.com" })).to.throw(/privateZone undefined/);
    });
});

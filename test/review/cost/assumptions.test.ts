// The cost section's assumptions: per-environment defaults when absent, the stack file's
// values when given, NAT traffic following internet egress unless set.
import { expect } from "chai";
import { loadPlatformConfig } from "../../../stacks/config/load";
import { Edit, editSection, PROJECT, secretKeysOf, stackValues } from "../../config/edit";

function assumptionsOf(stack: string, edit: Edit = () => undefined) {
    const values = stackValues(stack);
    edit(values);
    return loadPlatformConfig({ project: PROJECT, stack, values, secretKeys: secretKeysOf(values) }).cost.assumptions;
}

describe("cost assumptions", () => {
    it("default per environment, production's from seed 10.4 (500 GB out through CloudFront, 50 GB of logs)", () => {
        const [dev, staging, production] = ["dev", "staging", "production"].map((s) => assumptionsOf(s));
        expect([production.cloudfrontGb, production.logIngestionGb]).to.deep.equal([500, 50]);
        expect(dev.cloudfrontGb).to.equal(0);
        expect(dev.internetEgressGb).to.be.below(staging.internetEgressGb);
        expect(staging.internetEgressGb).to.be.below(production.internetEgressGb);
    });

    it("take the stack file's values over the defaults, the NAT traffic following the egress", () => {
        const a = assumptionsOf("staging", editSection("cost", (c) => { c.assumptions = { internetEgressGb: 42, albLcu: 3 }; }));
        expect([a.internetEgressGb, a.natProcessedGb, a.albLcu, a.logIngestionGb]).to.deep.equal([42, 42, 3, 25]);
        const b = assumptionsOf("staging", editSection("cost", (c) => { c.assumptions = { internetEgressGb: 42, natProcessedGb: 7 }; }));
        expect(b.natProcessedGb).to.equal(7);
    });
});

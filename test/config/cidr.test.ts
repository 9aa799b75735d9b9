import { expect } from "chai";
import { blockContains, blocksOverlap, parseIpv4Block } from "../../stacks/config/cidr";

describe("IPv4 CIDR helpers", () => {
    it("parses a network address with its range", () => {
        const block = parseIpv4Block("10.0.1.0/24")!;
        expect(block.prefixLength).to.equal(24);
        expect(block.last - block.first).to.equal(255);
    });

    for (const bad of ["10.0.1.5/24", "10.0.1.0", "10.0.1.0/33", "10.0.1/24", "256.0.0.0/8", "10.0.0.0/16/1", "ten/8", "10.0.0.0/-1", " 10.0.0.0/16"]) {
        it(`refuses ${JSON.stringify(bad)}`, () => expect(parseIpv4Block(bad)).to.equal(undefined));
    }

    it("tells containment", () => {
        const vpc = parseIpv4Block("10.0.0.0/16")!;
        expect(blockContains(vpc, parseIpv4Block("10.0.255.0/24")!)).to.equal(true);
        expect(blockContains(vpc, parseIpv4Block("10.1.0.0/24")!)).to.equal(false);
        expect(blockContains(vpc, parseIpv4Block("10.0.0.0/15")!)).to.equal(false);
    });

    it("tells overlap in both directions and adjacency apart", () => {
        const a = parseIpv4Block("10.0.1.0/24")!;
        expect(blocksOverlap(a, parseIpv4Block("10.0.1.128/25")!)).to.equal(true);
        expect(blocksOverlap(parseIpv4Block("10.0.0.0/16")!, a)).to.equal(true);
        expect(blocksOverlap(a, parseIpv4Block("10.0.2.0/24")!)).to.equal(false);
    });
});

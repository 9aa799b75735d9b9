import { expect } from "chai";
import { blockContains, blocksOverlap, Ipv4Block, parseIpv4Block } from "../../stacks/config/cidr";

const block = (cidr: string): Ipv4Block => {
    const parsed = parseIpv4Block(cidr);
    if (!parsed) throw new Error(`${cidr} does not parse`);
    return parsed;
};

describe("IPv4 CIDR helpers", () => {
    it("parses a network address with its range", () => {
        const parsed = block("10.0.1.0/24");
        expect(parsed.prefixLength).to.equal(24);
        expect(parsed.last - parsed.first).to.equal(255);
    });

    it("parses the widest and the narrowest prefix: /0 is every address, /32 one address", () => {
        // 10.0.0.5 = 10 * 2^24 + 5; 2^32 - 1 = 4294967295.
        expect(parseIpv4Block("0.0.0.0/0")).to.deep.equal({ cidr: "0.0.0.0/0", first: 0, last: 4294967295, prefixLength: 0 });
        expect(parseIpv4Block("10.0.0.5/32")).to.deep.equal({ cidr: "10.0.0.5/32", first: 167772165, last: 167772165, prefixLength: 32 });
    });

    for (const bad of [
        "10.0.1.5/24", "10.0.1.0", "10.0.1.0/33", "10.0.1.0/100", "10.0.1/24", "256.0.0.0/8", "10.0.0.0/16/1", "ten/8", "10.0.0.0/-1", " 10.0.0.0/16",
        // Anything after the prefix length: refused, not handed to the address library (which throws on it).
        "10.0.0.0/16x", "10.0.0.0/24 ", "10.0.0.0/",
    ]) {
        it(`refuses ${JSON.stringify(bad)}`, () => expect(parseIpv4Block(bad)).to.equal(undefined));
    }

    it("tells containment", () => {
        const vpc = block("10.0.0.0/16");
        expect(blockContains(vpc, block("10.0.255.0/24"))).to.equal(true);
        expect(blockContains(vpc, block("10.1.0.0/24"))).to.equal(false);
        expect(blockContains(vpc, block("10.0.0.0/15"))).to.equal(false);
    });

    it("counts both ends of the outer block as inside it, and nothing before its first address", () => {
        const vpc = block("10.0.0.0/16");
        expect(blockContains(vpc, vpc), "itself").to.equal(true);
        expect(blockContains(vpc, block("10.0.0.0/24")), "same first address").to.equal(true);
        expect(blockContains(vpc, block("10.0.255.255/32")), "its last address").to.equal(true);
        // Ends inside 10.0.1.0/24 (10.0.0.255 < 10.0.1.255) but starts before it.
        expect(blockContains(block("10.0.1.0/24"), block("10.0.0.0/24")), "starts before").to.equal(false);
        expect(blockContains(block("10.0.1.0/24"), block("10.0.0.0/23")), "starts before, ends at its end").to.equal(false);
    });

    it("tells overlap in both directions and adjacency apart", () => {
        const a = block("10.0.1.0/24");
        expect(blocksOverlap(a, block("10.0.1.128/25"))).to.equal(true);
        expect(blocksOverlap(block("10.0.0.0/16"), a)).to.equal(true);
        expect(blocksOverlap(a, block("10.0.2.0/24"))).to.equal(false);
    });

    it("counts one shared address as overlap, in either order, and adjacent blocks as apart", () => {
        const lastOfA = block("10.0.1.255/32");
        const a = block("10.0.1.0/24");
        expect(blocksOverlap(lastOfA, a), "a.first is b.last").to.equal(true);
        expect(blocksOverlap(a, lastOfA), "b.first is a.last").to.equal(true);
        expect(blocksOverlap(lastOfA, lastOfA), "the same single address").to.equal(true);
        expect(blocksOverlap(block("10.0.2.0/32"), a), "the address just after").to.equal(false);
        expect(blocksOverlap(a, block("10.0.2.0/32")), "the address just after, other order").to.equal(false);
        expect(blocksOverlap(block("10.0.0.255/32"), a), "the address just before").to.equal(false);
        expect(blocksOverlap(a, block("10.0.0.255/32")), "the address just before, other order").to.equal(false);
    });
});

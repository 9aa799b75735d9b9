// The field schemas several sections share, at their edges: CIDR prefixes AWS accepts, tag
// values in any script, and what each says when it refuses.
import { expect } from "chai";
import { z } from "zod";
import { cidr, MAX_VPC_PREFIX, MIN_VPC_PREFIX, port, tagValue, vpcRangeCidr } from "../../stacks/config/fields";
import { projectVoice } from "../../stacks/config/messages";

function issues(schema: z.ZodType, value: unknown): { code: string; message: string }[] {
    const result = schema.safeParse(value, { reportInput: true, error: projectVoice });
    return result.success ? [] : result.error.issues.map((i) => ({ code: i.code, message: i.message }));
}

describe("shared config fields", () => {
    it(`VPC-range CIDRs: /${MIN_VPC_PREFIX} and /${MAX_VPC_PREFIX} accepted, one bit either side refused`, () => {
        const range = vpcRangeCidr("subnet");
        expect(issues(range, "10.0.0.0/16")).to.deep.equal([]);
        expect(issues(range, "10.0.0.0/28")).to.deep.equal([]);
        expect(issues(range, "10.0.0.0/15")).to.deep.equal([{ code: "custom", message: "10.0.0.0/15 has prefix /15; AWS allows subnet CIDRs from /16 to /28" }]);
        expect(issues(range, "10.0.0.16/29")).to.deep.equal([{ code: "custom", message: "10.0.0.16/29 has prefix /29; AWS allows subnet CIDRs from /16 to /28" }]);
    });
    it("a CIDR with host bits set is refused as a custom issue that names it and an example", () =>
        expect(issues(cidr("VPC"), "10.0.0.1/16")).to.deep.equal([
            { code: "custom", message: '"10.0.0.1/16" is not a valid IPv4 VPC CIDR; write the network address and prefix, e.g. 10.0.0.0/16 (no host bits set)' },
        ]));
    it("ports run from 1 to 65535, whole numbers only", () => {
        expect(issues(port, 1)).to.deep.equal([]);
        expect(issues(port, 65535)).to.deep.equal([]);
        expect(issues(port, 0).map((i) => i.message)).to.deep.equal(["must be at least 1"]);
        expect(issues(port, 65536).map((i) => i.message)).to.deep.equal(["must be at most 65535"]);
        expect(issues(port, "80").map((i) => i.message)).to.deep.equal(["must be a whole number from 1 to 65535 (a TCP port)"]);
    });
    it("tag values take letters and digits of any script, spaces and AWS's punctuation", () => {
        for (const value of ["HSE Backend", "équipe-données", "ヘルス", "٣٤٥", "a_b.c:d/e=f+g-h@i", "x".repeat(256)]) {
            expect(issues(tagValue, value), value).to.deep.equal([]);
        }
    });
    it("tag values refuse other characters, an empty value and more than 256 characters, in AWS's words", () => {
        for (const value of ["", "a,b", "a*b", "x".repeat(257), "tab\there"]) {
            expect(issues(tagValue, value).map((i) => i.message), value).to.deep.equal(["must be 1-256 letters, digits, spaces or _ . : / = + - @ (AWS tag value rules)"]);
        }
    });
    it("a tag value that is not text says what a tag value is", () =>
        expect(issues(tagValue, 5).map((i) => i.message)).to.deep.equal(["must be a tag value: 1-256 letters, digits, spaces or _ . : / = + - @"]));
});

// The offline engine renders "anyone" only as the provider documents it: type "*" with
// identifiers ["*"], alone in its statement.
import { expect } from "chai";
import { renderPolicyDocument } from "../../offline/mocks";

const principalOf = (principals: { type: string; identifiers: string[] }[]) =>
    JSON.parse(renderPolicyDocument([{ effect: "Deny", actions: ["s3:*"], resources: ["*"], principals }])).Statement[0].Principal;

describe("offline policy documents: principals", () => {
    it('render type "*" with identifiers ["*"] as "*"', () => expect(principalOf([{ type: "*", identifiers: ["*"] }])).to.equal("*"));
    it("render several principal types by type, one identifier as a string and several as a list", () =>
        expect(principalOf([{ type: "AWS", identifiers: ["arn:aws:iam::1:root"] }, { type: "Service", identifiers: ["a.amazonaws.com", "b.amazonaws.com"] }])).to.deep.equal({
            AWS: "arn:aws:iam::1:root",
            Service: ["a.amazonaws.com", "b.amazonaws.com"],
        }));
    for (const identifiers of [[], [""], ["*", "*"], ["arn:aws:iam::1:root"]]) {
        it(`refuse type "*" with identifiers ${JSON.stringify(identifiers)}`, () => expect(() => principalOf([{ type: "*", identifiers }])).to.throw(/must stand alone with identifiers \["\*"\]/));
    }
    it('refuse type "*" beside another principal', () =>
        expect(() => principalOf([{ type: "*", identifiers: ["*"] }, { type: "AWS", identifiers: ["1"] }])).to.throw(/must stand alone/));
});

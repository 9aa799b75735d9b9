// The DNS record that validates each name of a certificate is the one ACM gives for that name; a
// name ACM gives none for stops the update with the name, instead of writing a record that
// validates nothing.
import { expect } from "chai";
import { validationOptionOf } from "../../components/edge/certificate";

const option = (domainName: string, value = `_v.${domainName}.acm-validations.aws.`) => ({
    domainName,
    resourceRecordName: `_x.${domainName}.`,
    resourceRecordType: "CNAME",
    resourceRecordValue: value,
});

describe("the validation record of a certificate's name", () => {
    it("is ACM's record for exactly that name", () => {
        const options = [option("api.hse.com"), option("origin-api.hse.com")];
        expect(validationOptionOf(options, "origin-api.hse.com")).to.deep.equal({
            resourceRecordName: "_x.origin-api.hse.com.",
            resourceRecordType: "CNAME",
            resourceRecordValue: "_v.origin-api.hse.com.acm-validations.aws.",
        });
    });

    it("is an error naming the name when ACM lists none for it, or one without a value", () => {
        expect(() => validationOptionOf([option("api.hse.com")], "origin-api.hse.com")).to.throw(
            "ACM gave no DNS validation record for origin-api.hse.com; the certificate cannot be validated",
        );
        expect(() => validationOptionOf([option("api.hse.com", "")], "api.hse.com")).to.throw("ACM gave no DNS validation record for api.hse.com");
        expect(() => validationOptionOf([{ ...option("api.hse.com"), resourceRecordType: "" }], "api.hse.com")).to.throw("ACM gave no DNS validation record for api.hse.com");
        expect(() => validationOptionOf([{ ...option("api.hse.com"), resourceRecordName: "" }], "api.hse.com")).to.throw("ACM gave no DNS validation record for api.hse.com");
    });
});

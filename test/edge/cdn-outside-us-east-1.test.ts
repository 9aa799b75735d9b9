// CloudFront for a stack outside us-east-1: CloudFront takes certificates and web ACLs only from
// us-east-1 (CloudFront developer guide, "Requirements for using SSL/TLS certificates with
// CloudFront"; WAF developer guide, CloudFront scope), so they come from a second provider there,
// with a certificate of their own; the logs key of the stack's region cannot encrypt log groups there.
// ACM gives that certificate the same validation record as the ALB's for the same name
// (hashicorp/terraform-provider-aws#13653): one Route 53 record serves both, with one owner.
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";
import { Values } from "../config/edit";

const RECORD = "aws:route53/record:Record";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";

function inEuWest1(values: Values): void {
    values["hse-platform:region"] = "eu-west-1";
    values["hse-platform:network"] = values["hse-platform:network"].replace(/us-east-1/g, "eu-west-1");
}

describe("staging moved to eu-west-1, with CloudFront on", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("staging", { editConfig: inEuWest1 });
    });
    const providerId = (name: string) => {
        const provider = built.ofType("pulumi:providers:aws").find((p) => p.name === name)!;
        return `${provider.urn}::${name}-provider-id`;
    };

    it("still builds where the cost table has no prices: costEstimate says why, the update goes on", () => {
        const estimate = built.outputs.costEstimate as { region: string; unavailable: string };
        expect(estimate.region).to.equal("eu-west-1");
        expect(estimate.unavailable).to.match(/^no prices for region eu-west-1: /);
    });

    it("declares a second AWS provider in us-east-1, next to the stack's own in eu-west-1", () => {
        expect(built.ofType("pulumi:providers:aws").map((p) => [p.name, p.inputs.region])).to.have.deep.members([
            ["hse-staging-aws", "eu-west-1"],
            ["hse-staging-aws-us-east-1", "us-east-1"],
        ]);
    });

    it("puts the distribution, its web ACL and their log groups in us-east-1, those log groups on CloudWatch's own key", () => {
        const usEast1 = providerId("hse-staging-aws-us-east-1");
        for (const type of ["aws:cloudfront/distribution:Distribution", "aws:wafv2/webAcl:WebAcl"]) expect(built.one(type).provider, type).to.equal(usEast1);
        for (const name of ["hse-staging-waf-logs", "hse-staging-cdn-access-logs"]) {
            const group = built.named(name);
            expect(group.provider, name).to.equal(usEast1);
            expect(group.inputs.kmsKeyId, name).to.equal(undefined);
        }
    });

    it("gives CloudFront a certificate of its own in us-east-1 for the public name, validated in the stack's zone", () => {
        const certificate = built.subtree("hse-staging-cdn-certificate");
        const acm = certificate.one("aws:acm/certificate:Certificate");
        expect(acm.provider).to.equal(providerId("hse-staging-aws-us-east-1"));
        expect(acm.inputs).to.deep.equal({ domainName: "api-staging.hse.com", subjectAlternativeNames: [], validationMethod: "DNS", keyAlgorithm: "RSA_2048" });
        const validation = certificate.one(VALIDATION);
        expect(built.one("aws:cloudfront/distribution:Distribution").inputs.viewerCertificate.acmCertificateArn).to.equal(validation.outputs?.certificateArn);
        const albCertificate = built.subtree("hse-staging-certificate").one("aws:acm/certificate:Certificate");
        expect(validation.outputs?.certificateArn).to.not.equal(albCertificate.outputs?.arn);
    });

    it("validates it with the ALB certificate's record for that name, not a second record of the same name", () => {
        const alb = built.subtree("hse-staging-certificate");
        const albRecord = alb.ofType(RECORD).find((r) => r.name === "hse-staging-certificate-validation-api-staging.hse.com")!;
        expect(built.subtree("hse-staging-cdn-certificate").ofType(RECORD)).to.deep.equal([]);
        expect(built.subtree("hse-staging-cdn-certificate").one(VALIDATION).inputs.validationRecordFqdns).to.deep.equal([albRecord.outputs?.fqdn]);
        expect(alb.one(VALIDATION).inputs.validationRecordFqdns).to.have.length(3);
    });
});

describe("staging in eu-west-1 with CloudFront and an ALB certificate given by ARN", () => {
    it("gives CloudFront's certificate its own validation record: no certificate of the stack owns one", async () => {
        const built = await buildStack("staging", {
            editConfig: (values) => {
                inEuWest1(values);
                const alb = JSON.parse(values["hse-platform:alb"]);
                values["hse-platform:alb"] = JSON.stringify({ ...alb, certificateArn: "arn:aws:acm:eu-west-1:444455556666:certificate/0d9e8f7a-1b2c-4d3e-8f9a-0b1c2d3e4f5a" });
            },
        });
        const cdn = built.subtree("hse-staging-cdn-certificate");
        const record = cdn.one(RECORD);
        expect(record.inputs).to.include({ ttl: 300, type: "CNAME", allowOverwrite: true });
        expect(cdn.one(VALIDATION).inputs.validationRecordFqdns).to.deep.equal([record.outputs?.fqdn]);
        expect(built.ofType("aws:acm/certificate:Certificate")).to.have.length(1);
    });
});

// TLS is the NLB's default (staging and production say so): the listener terminates TLS with the
// environment's certificate, which covers devices-<alb.domain>, the name devices dial; the targets
// still get plain TCP. Dev chooses plain TCP by name, and its certificate still covers the name.
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";
import { editSection } from "../config/edit";
import { T } from "./types";

describe("the devices' NLB with TLS (staging)", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("staging", { editConfig: editSection("nlb", (n) => { n.tlsPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06"; }) });
    });

    it("listens with TLS on 5000, using the environment's certificate and the configured policy", () => {
        const certificateArn = built.subtree("hse-staging-certificate").one(T.validation).outputs?.certificateArn;
        expect(certificateArn).to.be.a("string");
        const listener = built.subtree("hse-staging-nlb").one(T.listener);
        expect(listener.inputs).to.include({ port: 5000, protocol: "TLS", certificateArn, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
        expect(built.subtree("hse-staging-nlb").one(T.tg).inputs).to.include({ port: 5000, protocol: "TCP" });
    });

    it("gives devices a name in the zone, pointing at the NLB, which the certificate covers", () => {
        const certificate = built.subtree("hse-staging-certificate").resources.find((r) => r.type === "aws:acm/certificate:Certificate")!;
        expect(certificate.inputs.subjectAlternativeNames).to.include("devices-api-staging.hse.com");
        const record = built.subtree("hse-staging-dns").resources.find((r) => r.inputs.name === "devices-api-staging.hse.com");
        expect(record?.inputs).to.include({ type: "A" });
        const nlbDns = built.subtree("hse-staging-nlb").one(T.lb).outputs?.dnsName;
        expect((record!.inputs.aliases as { name: string }[])[0].name).to.equal(nlbDns);
        expect(built.outputs.edge).to.include({ devicesEndpoint: "tls://devices-api-staging.hse.com:5000" });
    });
});

describe("the devices' NLB in plain TCP (dev, by name)", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("dev");
    });

    it("listens with plain TCP and says so in the devices' endpoint", () => {
        expect(built.subtree("hse-dev-nlb").one(T.listener).inputs).to.include({ protocol: "TCP" });
        expect(built.subtree("hse-dev-nlb").one(T.listener).inputs).to.not.have.property("certificateArn");
        expect(built.outputs.edge).to.include({ devicesEndpoint: "tcp://devices-api-dev.hse.com:5000" });
    });
});

// With nlb.tls on, the devices' NLB terminates TLS on its listener with the environment's
// certificate (the ALB's) and the configured policy; the targets still get plain TCP.
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";
import { editSection } from "../config/edit";
import { T } from "./types";

describe("the devices' NLB with TLS on (dev)", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("dev", { editConfig: editSection("nlb", (n) => { n.tls = true; n.tlsPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06"; }) });
    });

    it("listens with TLS on 5000, using the environment's certificate and the configured policy", () => {
        const certificateArn = built.subtree("hse-dev-certificate").one(T.validation).outputs?.certificateArn;
        expect(certificateArn).to.be.a("string");
        const listener = built.subtree("hse-dev-nlb").one(T.listener);
        expect(listener.inputs).to.include({ port: 5000, protocol: "TLS", certificateArn, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
        expect(built.subtree("hse-dev-nlb").one(T.tg).inputs).to.include({ port: 5000, protocol: "TCP" });
    });
});

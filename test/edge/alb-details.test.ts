// The ALB in full, behind CloudFront (production) and on its own (dev): the load balancer, both
// listeners, every rule with its priority and conditions, and the target groups' health checks.
import { expect } from "chai";
import { replacementSuffix } from "../../components/shared/naming";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { secretValue } from "../data/types";
import { T } from "./types";

const FORBIDDEN = { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } };

for (const stack of ["production", "dev"]) {
    const cdn = stack === "production";
    describe(`ALB of ${stack} in full`, () => {
        let built: BuiltStack;
        let alb: ResourceSet;
        before(async () => {
            built = await buildStack(stack);
            alb = built.subtree(`hse-${stack}-alb`);
        });
        const tgArn = (service: string) => alb.named(`hse-${stack}-alb-${service}-tg`).outputs!.arn;
        const https = () => alb.named(`hse-${stack}-alb-https`);
        const originHeader = () => ({ httpHeader: { httpHeaderName: "X-Origin-Verify", values: [secretValue(built.subtree(`hse-${stack}-origin-secret`).one("random:index/randomPassword:RandomPassword").outputs!.result)] } });

        it("is internet-facing IPv4 in the public subnets, logging to its bucket under alb/, protected only in production", () => {
            const lb = alb.one(T.lb);
            expect(lb.inputs).to.deep.include({
                name: `hse-${stack}-alb`,
                loadBalancerType: "application",
                internal: false,
                ipAddressType: "ipv4",
                subnets: built.outputs.network.subnetIds.public,
                securityGroups: [built.outputs.network.securityGroupIds.alb],
                dropInvalidHeaderFields: true,
                enableDeletionProtection: cdn,
                accessLogs: { bucket: alb.one(T.bucket).outputs!.bucket, prefix: "alb", enabled: true },
            });
            expect(lb.dependencies).to.include(alb.one(T.bucket).urn);
        });

        if (cdn) {
            it("asks for an origin secret of 48 letters and digits (it travels as a header value)", () => {
                const generator = built.subtree(`hse-${stack}-origin-secret`).one("random:index/randomPassword:RandomPassword");
                expect(generator.inputs).to.include({ length: 48, special: false });
            });
        }

        it("redirects HTTP to HTTPS permanently", () =>
            expect(alb.named(`hse-${stack}-alb-http`).inputs).to.deep.include({
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            }));

        it(`answers on 443 ${cdn ? "403 to whatever lacks CloudFront's header" : "with the monolith by default"}`, () =>
            expect(https().inputs.defaultActions).to.deep.equal([cdn ? FORBIDDEN : { type: "forward", targetGroupArn: tgArn("monolith") }]));

        it(`routes the devices' paths first${cdn ? ", and CloudFront's other requests to the monolith last, each only with the header" : ""}`, () => {
            const rules = alb.ofType(T.rule).map((r) => ({ name: r.name, priority: r.inputs.priority, conditions: r.inputs.conditions, actions: r.inputs.actions, listener: r.inputs.listenerArn }));
            const header = cdn ? [originHeader()] : [];
            const expected = [
                { name: `hse-${stack}-alb-rule-devices-100`, priority: 100, conditions: [{ pathPattern: { values: ["/devices/*"] } }, ...header], actions: [{ type: "forward", targetGroupArn: tgArn("devices") }], listener: https().outputs!.arn },
                ...(cdn ? [{ name: `hse-${stack}-alb-rule-origin-default`, priority: 50000, conditions: header, actions: [{ type: "forward", targetGroupArn: tgArn("monolith") }], listener: https().outputs!.arn }] : []),
            ];
            // With the origin secret among them, the whole condition list is a Pulumi secret.
            expect(rules.map((r) => ({ ...r, conditions: cdn ? secretValue(r.conditions) : r.conditions }))).to.have.deep.members(expected);
        });

        it("checks each target group's health over HTTP on the traffic port", () => {
            for (const service of ["monolith", "devices"]) {
                const tg = alb.named(`hse-${stack}-alb-${service}-tg`);
                expect(tg.inputs).to.deep.include({ name: `hse-${stack}-${service}-${replacementSuffix(8080, "HTTP")}`, port: 8080, protocol: "HTTP", targetType: "ip", vpcId: built.outputs.network.vpcId });
                expect(tg.inputs.healthCheck).to.deep.include({ protocol: "HTTP", port: "traffic-port" });
            }
        });
    });
}

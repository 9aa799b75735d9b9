// A stack where no service takes device TCP: no NLB, the devices service behind the ALB only,
// scaling on CPU instead of connections (which are counted at the NLB).
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";
import { editSection } from "../config/edit";
import { T } from "./types";

describe("a stack with no service behind the NLB (dev)", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("dev", {
            editConfig: editSection("services", (services) => {
                delete services.devices.nlb;
                services.devices.scaling = { cpuPercent: 70 };
            }),
        });
    });

    it("declares no network load balancer and exports no NLB name", () => {
        expect(built.ofType(T.lb).map((lb) => lb.inputs.loadBalancerType)).to.deep.equal(["application"]);
        expect(built.outputs.edge.nlbDnsName).to.equal(null);
    });

    it("attaches the devices service to its ALB target group only, and scales it on CPU", () => {
        const devices = built.subtree("hse-dev-devices");
        const albGroup = built.subtree("hse-dev-alb").named("hse-dev-alb-devices-tg").outputs?.arn;
        expect(devices.one("aws:ecs/service:Service").inputs.loadBalancers).to.deep.equal([{ targetGroupArn: albGroup, containerName: "devices", containerPort: 8080 }]);
        const policies = built.subtree("hse-dev-devices-scaling").ofType("aws:appautoscaling/policy:Policy").map((p) => p.inputs.targetTrackingScalingPolicyConfiguration);
        expect(policies).to.have.length(1);
        expect(policies[0]).to.deep.include({ targetValue: 70, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } });
    });
});

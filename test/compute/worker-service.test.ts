// A third service is a config entry: here a background worker that no load balancer fronts. It
// gets no target group and no ALB route, its ECS service lists no load balancer and no
// health-check grace period (ECS refuses that setting on a service without one).
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";
import { editSection } from "../config/edit";

describe("a third service without a load balancer (a worker added in config)", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("dev", {
            editConfig: editSection("services", (services) => {
                services.worker = { ...services.monolith, environment: { NODE_ENV: "development" }, secrets: { JWT_SECRET: "jwt.secret" } };
                delete services.worker.alb;
            }),
        });
    });

    it("runs as its own ECS service behind no load balancer", () => {
        const service = built.subtree("hse-dev-worker").one("aws:ecs/service:Service");
        expect(service.inputs.name).to.equal("hse-dev-worker");
        expect(service.inputs.loadBalancers).to.deep.equal([]);
        expect(service.inputs).not.to.have.property("healthCheckGracePeriodSeconds");
    });

    it("adds no target group to the ALB, whose targets stay the monolith and the devices service", () => {
        const targetGroups = built.subtree("hse-dev-alb").ofType("aws:lb/targetGroup:TargetGroup").map((tg) => tg.name);
        expect(targetGroups).to.have.members(["hse-dev-alb-monolith-tg", "hse-dev-alb-devices-tg"]);
        expect(built.subtree("hse-dev-monolith").one("aws:ecs/service:Service").inputs.loadBalancers).to.have.length(1);
    });
});

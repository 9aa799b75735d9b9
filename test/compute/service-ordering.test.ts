// A service is created only once AWS can use what it names: the listener and rules that forward to
// each of its target groups (ECS attaches a group only then), and the cluster's capacity-provider
// association (a strategy may name only associated providers). Changing spot updates in place.
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";

const T = {
    service: "aws:ecs/service:Service",
    listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule",
    capacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
};

for (const stack of ["dev", "production"]) {
    describe(`service ordering in ${stack}`, () => {
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
        });
        const service = (name: string) => built.subtree(`hse-${stack}-${name}`).one(T.service);
        const alb = () => built.subtree(`hse-${stack}-alb`);
        const forwardsTo = (name: string) => {
            const group = built.named(`hse-${stack}-alb-${name}-tg`).outputs!.arn;
            return alb()
                .ofType(T.rule)
                .filter((r) => r.inputs.actions.some((a: { targetGroupArn?: string }) => a.targetGroupArn === group))
                .map((r) => r.urn);
        };
        const https = () => built.named(`hse-${stack}-alb-https`).urn;

        it("creates each service after the cluster's capacity-provider association", () => {
            const association = built.subtree(`hse-${stack}-cluster`).one(T.capacity).urn;
            for (const name of ["monolith", "devices"]) expect(service(name).dependencies, name).to.include(association);
        });

        it("creates the devices service after the HTTPS listener, its path rule and the NLB listener", () => {
            const rules = forwardsTo("devices");
            expect(rules).to.have.length(1);
            expect(service("devices").dependencies).to.include.members([https(), ...rules, built.named(`hse-${stack}-nlb-listener`).urn]);
        });

        it("creates the monolith (the default) after the HTTPS listener and every rule forwarding to it, and not after the others' rules", () => {
            const deps = service("monolith").dependencies;
            expect(deps).to.include.members([https(), ...forwardsTo("monolith")]);
            expect(forwardsTo("monolith")).to.have.length(stack === "production" ? 1 : 0);
            for (const other of forwardsTo("devices")) expect(deps).not.to.include(other);
        });

        it("changes the capacity provider strategy in place (forceNewDeployment), not by replacing the service", () => {
            for (const name of ["monolith", "devices"]) expect(service(name).inputs.forceNewDeployment, name).to.equal(true);
        });
    });
}

// The fixed names config checks for collisions are the names the stacks really give: if a
// component changes how it names a target group or a log group, this fails until
// components/compute/fixed-names.ts (and so the config rule) follows.
import { expect } from "chai";
import { albTargetGroupName, execLogGroupPrefix, fixedNameCollisions, nlbTargetGroupName, serviceLogGroupPrefix } from "../../components/compute/fixed-names";
import { buildStack, BuiltStack } from "../../offline/build";

describe("fixed names (pure)", () => {
    it("find no collision among the stack files' services, and each one a new name would cause", () => {
        expect(fixedNameCollisions(["monolith", "devices"])).to.deep.equal([]);
        expect(fixedNameCollisions(["exec"]).map((c) => c.heldBy)).to.deep.equal([["the cluster's ECS Exec logs"]]);
        // Target groups end in a hash of port and protocol after the whole service name: no collision.
        expect(fixedNameCollisions(["api", "api-tcp"])).to.deep.equal([]);
        expect(albTargetGroupName("hse-env", "api", 8080)).to.not.equal(albTargetGroupName("hse-env", "api", 8081));
        expect(nlbTargetGroupName("hse-env", "api", 5000)).to.not.equal(albTargetGroupName("hse-env", "api", 5000));
        // Different kinds never collide: a service named like a log group's word is fine.
        expect(fixedNameCollisions(["tcp", "ecs"])).to.deep.equal([]);
    });
});

for (const stack of ["dev", "production"]) {
    describe(`fixed names in ${stack}`, () => {
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
        });
        const prefix = `hse-${stack}`;

        it("are the target group names the ALB and the NLB give", () => {
            for (const name of ["monolith", "devices"]) {
                const group = built.named(`${prefix}-alb-${name}-tg`).inputs;
                expect(group.name).to.equal(albTargetGroupName(prefix, name, group.port));
            }
            const nlbGroup = built.named(`${prefix}-nlb-tg`).inputs;
            expect(nlbGroup.name).to.equal(nlbTargetGroupName(prefix, "devices", nlbGroup.port));
        });

        it("are the log group prefixes of the services and of ECS Exec", () => {
            for (const name of ["monolith", "devices"]) expect(built.named(`${prefix}-${name}-logs`).inputs.namePrefix).to.equal(serviceLogGroupPrefix(prefix, name));
            expect(built.named(`${prefix}-cluster-exec-logs`).inputs.namePrefix).to.equal(execLogGroupPrefix(prefix));
        });
    });
}

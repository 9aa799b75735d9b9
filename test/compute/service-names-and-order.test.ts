// What a person finds of a service in the console (its log group under /<prefix>/ecs/, roles that
// say what they are for) and the order a deploy needs: the task definition waits for its execution
// role's policy, or the first tasks could start before they may pull their image or read secrets.
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";

describe("each service of dev, as people and the deploy see it", () => {
    let built: BuiltStack;
    before(async () => (built = await buildStack("dev")));

    for (const service of ["monolith", "devices"]) {
        it(`${service}: logs under /hse-dev/ecs/${service}-, roles described by purpose, the task after its execution policy`, () => {
            const resources = built.subtree(`hse-dev-${service}`);
            expect(resources.one("aws:cloudwatch/logGroup:LogGroup").inputs.namePrefix).to.equal(`/hse-dev/ecs/${service}-`);
            expect(resources.named(`hse-dev-${service}-execution-role`).inputs.description).to.equal(
                `Starts hse-dev-${service}'s tasks: pulls its image, writes its logs, reads its secrets`,
            );
            expect(resources.named(`hse-dev-${service}-task-role`).inputs.description).to.equal(`What hse-dev-${service}'s code may do in AWS`);
            const policy = resources.named(`hse-dev-${service}-execution-policy`);
            expect(resources.one("aws:ecs/taskDefinition:TaskDefinition").dependencies).to.include(policy.urn);
        });
    }
});

// The policy pack (policy/): every stack passes every policy, and every policy rejects a
// deliberately broken resource, so a policy that cannot fail is caught. The policies are the
// pack's own objects (policy/pack.ts), run through their validateResource / validateStack.
import { expect } from "chai";
import { buildStack } from "../../offline/build";
import { policies } from "../../policy/pack";
import { defaultTagsOf, REQUIRED_TAGS } from "../../policy/rules/tags";
import { policyResources, specsOf, Violation, violationsOf } from "./adapter";
import { BROKEN } from "./fixtures";

describe("policy pack", () => {
    it("has unique policy names, all mandatory", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        expect(policies.filter((p) => p.enforcementLevel !== "mandatory").map((p) => p.name)).to.deep.equal([]);
    });

    for (const stack of ["dev", "staging", "production"]) {
        it(`passes every recorded resource of ${stack}`, async () => {
            const built = await buildStack(stack);
            const resources = policyResources(specsOf(built));
            const found: Violation[] = [];
            for (const policy of policies) found.push(...(await violationsOf(policy, resources)));
            expect(found).to.deep.equal([]);
            // The tags the pack requires are the ones the program sets on its providers.
            for (const provider of built.ofType("pulumi:providers:aws")) {
                expect(Object.keys(defaultTagsOf(provider.inputs))).to.have.members([...REQUIRED_TAGS]);
            }
        });
    }

    it("has a broken fixture for every policy, and none for a policy it lacks", () => {
        const names = policies.map((p) => p.name);
        expect(names.filter((n) => !(BROKEN[n]?.length > 0))).to.deep.equal([]);
        expect(Object.keys(BROKEN).filter((n) => !names.includes(n))).to.deep.equal([]);
    });

    // Production's own rules hold dev and staging to nothing: config lets those stacks be torn down.
    for (const name of ["stateful-protected-in-production", "deletion-protection-in-production"]) {
        it(`${name} leaves the same resources alone in dev and staging`, async () => {
            const policy = policies.find((p) => p.name === name)!;
            for (const stack of ["dev", "staging"]) {
                const resources = policyResources(BROKEN[name].flatMap((f) => f.resources.map((r) => ({ ...r, stack }))));
                expect(await violationsOf(policy, resources)).to.deep.equal([]);
            }
        });
    }

    for (const policy of policies) {
        for (const fixture of BROKEN[policy.name] ?? []) {
            it(`${policy.name} rejects: ${fixture.what}`, async () => {
                const messages = (await violationsOf(policy, policyResources(fixture.resources))).map((v) => v.message);
                expect(messages.some((m) => fixture.expect.test(m)), `violations: ${JSON.stringify(messages)}`).to.equal(true);
            });
        }
    }
});

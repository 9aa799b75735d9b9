// A service whose images live in a repository another stack or account owns, pinned by digest:
// no repository of this stack, the image written as <url>@sha256:..., and an execution role that
// may pull from exactly that repository (its ARN derived from the URL).
import { expect } from "chai";
import { buildStack, BuiltStack } from "../../offline/build";
import { editSection } from "../config/edit";
import { statementsBySid } from "../data/types";

const URL = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/shared/hse-devices";
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("a service whose repository another account owns, pinned by digest", () => {
    let built: BuiltStack;
    before(async () => {
        built = await buildStack("dev", {
            editConfig: editSection("services", (services) => Object.assign(services.devices, { repository: { url: URL }, image: DIGEST })),
        });
    });

    it("creates no repository for it, and still creates the monolith's", () => {
        expect(built.ofType("aws:ecr/repository:Repository").map((r) => r.inputs.name)).to.deep.equal(["hse/monolith"]);
    });

    it("runs the image by digest, with @ rather than a tag's colon", () => {
        const container = JSON.parse(built.subtree("hse-dev-devices").one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions)[0];
        expect(container.image).to.equal(`${URL}@${DIGEST}`);
        expect(built.outputs.compute.services.devices).to.deep.include({ repositoryUrl: URL, image: DIGEST });
    });

    it("lets the execution role pull from exactly that repository, by the ARN its URL names", () => {
        const policy = statementsBySid(built.subtree("hse-dev-devices").named("hse-dev-devices-execution-policy").inputs.policy);
        expect(policy.PullItsImage.Resource).to.equal("arn:aws:ecr:eu-west-1:210987654321:repository/shared/hse-devices");
    });
});

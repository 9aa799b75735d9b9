// `pulumi config set --path 'services.<name>.image' <tag>` stores a tag of digits as a number
// (the CLI's reference: "integers are treated as numbers"); config takes it as that tag, and
// refuses a number that cannot be the tag as typed, with the command that stores text.
import { expect } from "chai";
import { loadPlatformConfig } from "../../stacks/config/load";
import { configProblems, editSection, keyOf, PROJECT, secretKeysOf, stackValues } from "./edit";

const svc = keyOf("services");
const imageOf = (image: unknown) => editSection("services", (s) => { s.monolith.image = image; });

function loadedImage(stack: string, image: unknown): string {
    const values = stackValues(stack);
    imageOf(image)(values);
    const config = loadPlatformConfig({ project: PROJECT, stack, values, secretKeys: secretKeysOf(values) });
    return config.services.monolith.image;
}

describe("config: an image tag of digits stored as a number", () => {
    it("is read as the tag it was typed as, in every environment (no moving-tag refusal)", () => {
        for (const stack of ["dev", "staging", "production"]) {
            expect(loadedImage(stack, 3021)).to.equal("3021");
            expect(loadedImage(stack, 0)).to.equal("0");
            expect(loadedImage(stack, 2 ** 53 - 1)).to.equal("9007199254740991");
        }
    });

    it("still reads a tag set as text as it is, leading zeros included", () => {
        expect(loadedImage("dev", "0123")).to.equal("0123");
    });

    it("refuses a number that is not a tag as typed, naming the key and the command that stores text", () => {
        for (const image of [1.5, -7, 2 ** 53, 1e21]) {
            const problems = configProblems("dev", imageOf(image));
            expect(problems.map((p) => p.key), String(image)).to.deep.equal([svc("monolith.image")]);
            expect(problems[0].message).to.equal(
                `is the number ${image}, which is not a tag as written (a fraction, a sign or a whole number beyond 2^53 does not survive as a number); set the tag as text: pulumi config set --type string --path 'services.<name>.image' <tag>`,
            );
        }
    });

    it("refuses what is neither text nor a number as before", () => {
        const problems = configProblems("dev", imageOf(true));
        expect(problems.map((p) => p.key)).to.deep.equal([svc("monolith.image")]);
        expect(problems[0].message).to.include("must be text");
    });
});

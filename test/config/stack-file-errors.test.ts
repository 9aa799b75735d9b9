// A stack file the reader cannot take as it is gets one clear StackFileError naming the key, never a
// stack trace and never a silent replacement: malformed secure values, secure values where the
// program reads none, alias bombs, merge keys and numbers that are not finite.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { readStackConfig, StackFileError } from "../../offline/stack-file";
import { ConfigValidationError } from "../../stacks/config/errors";
import { loadPlatformConfig } from "../../stacks/config/load";
import { readOfflineStackConfig } from "../../offline/secret-stand-ins";
import { REPO_ROOT } from "../../offline/stack-file";
import { tempDir } from "../support/temp-dir";

function stackFileWith(config: string): string {
    const dir = tempDir("stack-file-errors");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.t.yaml"), `config:\n${config}`);
    return dir;
}

/** The one-line message the reader gives for this config, or a failure if it gives none. */
function refusal(config: string): string {
    try {
        readStackConfig("t", stackFileWith(config));
    } catch (error) {
        expect(error, String(error)).to.be.instanceOf(StackFileError);
        const message = (error as Error).message;
        expect(message).to.not.include("\n");
        return message;
    }
    expect.fail("the stack file was accepted");
}

describe("stack file errors", () => {
    const CIPHERTEXT = "v1:AAAAAAAAAAAAAAAA:c2VjcmV0IHRleHQ=";

    it("takes a well-formed secure value of either provider's format", () => {
        const config = readStackConfig("t", stackFileWith(`  p:a:\n    secure: ${CIPHERTEXT}\n  p:b:\n    secure: AAABAGvU9dNxkpXjb0HswS6jq1w5Ahm4BDHtOvWTY=\n`));
        expect(config.secretKeys).to.deep.equal(["p:a", "p:b"]);
    });

    for (const [what, value] of [
        ["empty", '""'],
        ["not ciphertext", "my-password"],
        ["a v1 value without its nonce", "v1:c2VjcmV0"],
        ["a number", "12345"],
    ]) {
        it(`refuses a malformed secure value (${what}), naming the key and how to set it`, () => {
            expect(refusal(`  p:token:\n    secure: ${value}\n`)).to.equal(
                "Pulumi.t.yaml: p:token has a malformed secure: value (the ciphertext `pulumi config set --secret` writes, v1:<nonce>:<ciphertext> or base64, and nothing beside it); set it again with: pulumi config set --secret p:token <value>",
            );
        });
    }

    it("refuses a secure value with something beside it", () => {
        expect(refusal(`  p:token:\n    secure: ${CIPHERTEXT}\n    note: x\n`)).to.include("p:token has a malformed secure: value");
    });

    it("refuses a secure value inside a mapping, naming its path", () => {
        expect(refusal(`  p:services:\n    monolith:\n      environment:\n        TOKEN:\n          secure: ${CIPHERTEXT}\n`)).to.include(
            "p:services.monolith.environment.TOKEN is a secure: value inside a mapping; only whole top-level keys are encrypted here",
        );
    });

    it("refuses a YAML alias bomb in one line instead of expanding it", () => {
        const bomb = "  p:a: &a [x, x, x, x, x, x, x, x, x]\n  p:b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  p:c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  p:d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        expect(refusal(bomb)).to.equal("Pulumi.t.yaml uses YAML aliases (*name) that expand to too many values (at most 20 are allowed); write the values out");
    });

    it("refuses a merge key, naming where it is", () => {
        expect(refusal("  p:base: &base\n    cpu: 1024\n  p:services:\n    monolith:\n      <<: *base\n      memory: 2048\n")).to.include(
            "p:services.monolith uses a YAML merge key (<<); write the values out",
        );
    });

    for (const [yaml, shown] of [[".inf", "Infinity"], ["-.Inf", "-Infinity"], [".nan", "NaN"]]) {
        it(`refuses ${yaml} as a number, naming the key`, () => {
            expect(refusal(`  p:network:\n    ports:\n      http: ${yaml}\n`)).to.equal(`Pulumi.t.yaml: p:network.ports.http is ${shown}; a config number must be finite (.inf and .nan are not numbers AWS takes)`);
        });
    }

    it("reports every problem of the file in one message", () => {
        const message = refusal(`  p:a: .nan\n  p:token:\n    secure: nope\n`);
        expect(message).to.include("p:a is NaN").and.to.include("p:token has a malformed secure: value");
    });

    it("refuses a whole section set as a secret, naming it and the keys that are secrets", () => {
        const dir = tempDir("stack-file-section-secret");
        fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const dev = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), dev.replace(/ {2}hse-platform:nlb:\n(?: {4}.*\n)+/, `  hse-platform:nlb:\n    secure: ${CIPHERTEXT}\n`));
        expect(() => loadPlatformConfig(readOfflineStackConfig("dev", dir)))
            .to.throw(ConfigValidationError)
            .with.property("message")
            .that.includes("hse-platform:nlb: is a section encrypted as a whole (secure: in Pulumi.dev.yaml); a section is settings, not a secret");
    });
});

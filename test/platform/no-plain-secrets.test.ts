// No secret value appears in plain text in any resource input, any resource state, any
// component's registered outputs or any stack output: wherever a generated password or a supplied secret goes, it goes as a Pulumi secret.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { gunzipSync } from "zlib";
import { buildStack, BuiltStack } from "../../offline/build";
import { NEW_RELIC_LICENSE_KEY, secretsSection } from "../../stacks/config/secrets";
import { externalTimescale, PROJECT } from "../config/edit";

/** Every path in `value` where a string containing one of `secrets` is not inside a secret. */
function plainSecrets(value: unknown, secrets: readonly string[], path = "$"): string[] {
    if (pulumi.runtime.isRpcSecret(value)) return [];
    if (typeof value === "string") {
        // User data travels gzip-compressed (components/data/timescale-boot.ts): read what cloud-init reads.
        const text = path.endsWith(".userDataBase64") ? gunzipSync(Buffer.from(value, "base64")).toString("utf8") : value;
        return secrets.some((s) => text.includes(s)) ? [path] : [];
    }
    if (Array.isArray(value)) return value.flatMap((v, i) => plainSecrets(v, secrets, `${path}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => plainSecrets(v, secrets, `${path}.${k}`));
    return [];
}

/** The values the stack generated (random passwords) or was given as secrets. */
function secretValues(built: BuiltStack, supplied: readonly string[]): string[] {
    const generated = built.ofType("random:index/randomPassword:RandomPassword").map((p) => pulumi.runtime.unwrapRpcSecret(p.outputs?.result) as string);
    expect(generated.length).to.be.at.least(3);
    for (const g of generated) expect(g).to.match(/^mock-random-password-/);
    // The private keys of the TimescaleDB certificate chain (tls provider), by their recognisable body.
    const keys = built.ofType("tls:index/privateKey:PrivateKey").map((k) => /mock-private-key-\w+/.exec(String(pulumi.runtime.unwrapRpcSecret(k.outputs?.privateKeyPem)))![0]);
    return [...generated, ...keys, ...supplied];
}

function assertNoPlainSecret(built: BuiltStack, supplied: readonly string[] = []): void {
    const secrets = secretValues(built, supplied);
    const leaks = built.resources.flatMap((r) => [
        ...plainSecrets(r.inputs, secrets).map((p) => `${r.name} input ${p}`),
        ...plainSecrets(r.outputs ?? {}, secrets).map((p) => `${r.name} state ${p}`),
        ...plainSecrets(r.registeredOutputs ?? {}, secrets).map((p) => `${r.name} registered output ${p}`),
    ]);
    expect(leaks).to.deep.equal([]);
    const outputs = JSON.stringify(built.outputs);
    for (const s of secrets) expect(outputs).to.not.include(s);
}

/** The New Relic key the offline engine stands in for a stack file that lacks it, given as a secret. */
const LICENSE_KEY = secretsSection.secretKeys!.find((k) => k.key === NEW_RELIC_LICENSE_KEY)!.offlineStandIn;

describe("no secret in plain text", () => {
    for (const stack of ["dev", "staging", "production"]) {
        it(`in any input, state or output of ${stack}, the New Relic key included`, async () => {
            const built = await buildStack(stack);
            expect(built.missingSecrets.map((m) => m.key)).to.deep.equal([`${PROJECT}:${NEW_RELIC_LICENSE_KEY}`]);
            assertNoPlainSecret(built, [LICENSE_KEY]);
            // The key does reach the secret it belongs in.
            const version = built.subtree(`hse-${stack}-newrelic`).one("aws:secretsmanager/secretVersion:SecretVersion");
            expect(JSON.parse(pulumi.runtime.unwrapRpcSecret(version.inputs.secretString) as string).licenseKey).to.equal(LICENSE_KEY);
        });
    }

    it("with an external TimescaleDB's password supplied as a secret", async () => {
        const password = "supplied-secret-6c1f2a";
        const built = await buildStack("staging", {
            editConfig: externalTimescale({ host: "tsdb.example.com", port: 5432, database: "tsdb", appUsername: "tsdbadmin" }),
            secretConfig: { [`${PROJECT}:timescaleExternalPassword`]: password },
        });
        assertNoPlainSecret(built, [password]);
        // The secret does reach the secret it belongs in.
        const version = built.subtree("hse-staging-timescale").one("aws:secretsmanager/secretVersion:SecretVersion");
        expect(JSON.stringify(pulumi.runtime.unwrapRpcSecret(version.inputs.secretString))).to.include(password);
    });

    it("finds a leak when there is one (the check itself)", () => {
        expect(plainSecrets({ a: { b: ["x-secret-y"] } }, ["secret"])).to.deep.equal(["$.a.b[0]"]);
        const wrapped = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: "secret" };
        expect(plainSecrets({ a: wrapped }, ["secret"])).to.deep.equal([]);
    });
});

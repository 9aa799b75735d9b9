// How a service names a secret's key in config (secret.key, nothing more), and what the secrets and
// the JWT rotation tell a person who finds them in the console: who rotates them, how to replace them.
import { expect } from "chai";
import { buildStack } from "../../offline/build";
import { parseSecretReference } from "../../stacks/config/secret-catalog";
import { D } from "../data/types";

describe("references to a secret's key", () => {
    it("take exactly secret.key, of a key the secret has", () => {
        expect(parseSecretReference("postgres.password")).to.deep.equal({ secret: "postgres", key: "password" });
        for (const reference of ["postgres", "postgres.password.extra", "postgres.", "postgres.pass", "nosuch.password", ""]) {
            expect(parseSecretReference(reference), reference).to.equal(undefined);
        }
    });
});

describe("descriptions of the application secrets", () => {
    it("say who rotates the JWT secret and how the New Relic key is replaced", async () => {
        const built = await buildStack("staging");
        expect(built.subtree("hse-staging-jwt").one(D.secret).inputs.description).to.equal(
            "JWT signing secret (current and previous) and token lifetimes; rotated by hse-staging's JWT rotation",
        );
        expect(built.subtree("hse-staging-jwt").one(D.lambda).inputs.description).to.equal("rotates the JWT signing secret hse/staging/jwt");
        expect(built.subtree("hse-staging-newrelic").one(D.secret).inputs.description).to.equal(
            "New Relic license key and app name; the key is supplied with pulumi config set --secret and replaced by hand",
        );
        const rules = built.subtree("hse-staging-secret-change-redeploy").ofType("aws:cloudwatch/eventRule:EventRule");
        // The monolith reads the database, the devices service TimescaleDB, both New Relic.
        expect(rules.map((r) => r.inputs.description)).to.have.members([
            "A new AWSCURRENT value of hse/staging/postgres: redeploy 1 service(s)",
            "A new AWSCURRENT value of hse/staging/timescale: redeploy 1 service(s)",
            "A new AWSCURRENT value of hse/staging/newrelic: redeploy 2 service(s)",
        ]);
    });
});

// A resource's URN is its identity: a renamed or re-parented resource is deleted and created
// anew by `pulumi up`. The fixtures list every URN each stack had when it was first released:
// the network tier's (before the foundation rework), then, appended on 2026-11-24, those of the
// data, services and edge, and secrets tiers. Every one of them must still be declared, so a
// renamed component child or a moved parent fails here before it replaces a database.
// A resource that moved keeps its released URN as an alias (a whole URN), which counts here.
// New resources may be added; a fixture line is only removed on purpose, with an upgrade note.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { buildStack } from "../../offline/build";

const FIXTURES = path.join(__dirname, "..", "fixtures", "urns");

for (const stack of ["dev", "staging", "production"]) {
    describe(`resource identities of ${stack}`, () => {
        it("keeps every released URN", async () => {
            const released = fs.readFileSync(path.join(FIXTURES, `${stack}.txt`), "utf8").split("\n").filter(Boolean);
            // A floor that proves the fixture was read (dev lists 246 since decision 0039 removed four rules).
            expect(released.length).to.be.at.least(240);
            const declared = new Set((await buildStack(stack)).resources.flatMap((r) => [r.urn, ...r.aliasUrns]));
            expect(released.filter((urn) => !declared.has(urn))).to.deep.equal([]);
        });
    });
}

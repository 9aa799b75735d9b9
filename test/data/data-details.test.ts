// What the data tier's tests by environment leave implicit, asserted exactly on production and
// dev: the generated passwords' alphabets, the descriptions a person reads in the console, the
// order in which first values, bootstrap and rotation happen, the rotation roles in full.
import { expect } from "chai";
import { buildStack, BuiltStack, DeclaredResource, ResourceSet } from "../../offline/build";
import { D, statementsBySid } from "./types";

const STACKS = { production: { clustered: true }, dev: { clustered: false } };

for (const [stack, expected] of Object.entries(STACKS)) {
    describe(`data tier details of ${stack}`, () => {
        let built: BuiltStack;
        let cache: ResourceSet;
        let app: ResourceSet;
        before(async () => {
            built = await buildStack(stack);
            cache = built.subtree(`hse-${stack}-cache`);
            app = built.subtree(`hse-${stack}-postgres-app-user`);
        });
        const component = (name: string): DeclaredResource => built.resources.find((r) => r.name === name && !r.custom)!;
        const arn = (r: DeclaredResource) => r.outputs!.arn as string;

        it("generates cache passwords ElastiCache accepts: 32 characters, every class, specials without @ \" or /", () => {
            const passwords = cache.ofType(D.password);
            expect(passwords.map((p) => p.name)).to.have.members([`hse-${stack}-cache-app-initial-password`, `hse-${stack}-cache-default-user-password`]);
            for (const p of passwords) {
                expect(p.inputs).to.deep.equal({ length: 32, special: true, overrideSpecial: "!#$%&*()-_=+[]{}<>?", minLower: 1, minUpper: 1, minNumeric: 1 });
            }
        });

        it("describes the cache's parameter group, replication group and secret in words a person can act on", () => {
            const replicationGroupId = `hse-${stack}-cache`;
            expect(cache.one(D.cacheParams).inputs).to.deep.include({
                description: `${replicationGroupId}: ${expected.clustered ? "cluster mode" : "single shard"}`,
                parameters: [{ name: "cluster-enabled", value: expected.clustered ? "yes" : "no" }],
            });
            expect(cache.one(D.replicationGroup).inputs).to.deep.include({ description: `Queues and caches of hse-${stack} (seed 10.2.3)`, tags: { Name: replicationGroupId } });
            expect(cache.one(D.secret).inputs.description).to.equal(`Application user of the valkey cache ${replicationGroupId}; rotated by hse-${stack}'s ElastiCache user rotation`);
            expect(cache.one(D.lambda).inputs.description).to.equal(`rotates the password of ElastiCache user hse-${stack}-app`);
        });

        it("lets the cache rotation watch users with DescribeUsers, the one ElastiCache action here without a resource", () => {
            const policy = statementsBySid(cache.named(`hse-${stack}-cache-rotation-function-policy`).inputs.policy);
            expect(policy.WatchItsUser).to.deep.equal({ Sid: "WatchItsUser", Effect: "Allow", Action: "elasticache:DescribeUsers", Resource: "*" });
            expect(policy.GeneratePasswords).to.deep.equal({ Sid: "GeneratePasswords", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" });
        });

        it("declares the cache rotation only after the first value and the cluster exist", () => {
            const rotation = component(`hse-${stack}-cache-rotation`);
            // A component in dependsOn stands for all of its resources.
            expect(rotation.dependencies).to.include.members([cache.one(D.secretVersion).urn, cache.one(D.replicationGroup).urn, ...cache.ofType(D.cacheUser).map((u) => u.urn)]);
        });

        it("describes the application user's secret and the bootstrap function", () => {
            expect(app.one(D.secret).inputs.description).to.equal(`Application user of hse_${stack} (PostgreSQL on RDS); rotated by AWS's multi-user function`);
            expect(app.named(`hse-${stack}-postgres-app-user-bootstrap-function`).inputs.description).to.equal(`creates hse_${stack}, its role and extensions (idempotent)`);
        });

        it("runs the bootstrap only once the first value is written, and rotates only after the bootstrap ran", () => {
            const run = app.one(D.invocation);
            expect(run.dependencies).to.include(app.one(D.secretVersion).urn);
            expect(component(`hse-${stack}-postgres-app-user-rotation`).dependencies).to.include(run.urn);
        });

        it("lets the bootstrap read exactly the master and application secrets, decrypting through Secrets Manager only", () => {
            const policy = statementsBySid(app.named(`hse-${stack}-postgres-app-user-bootstrap-policy`).inputs.policy);
            const master = built.named(`hse-${stack}-postgres-instance`, D.rds).outputs!.masterUserSecrets[0].secretArn;
            expect(policy.ReadTheTwoSecrets).to.deep.equal({ Sid: "ReadTheTwoSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [master, arn(app.one(D.secret))] });
            expect(policy.DecryptThemThroughSecretsManager).to.deep.equal({
                Sid: "DecryptThemThroughSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: built.outputs.keys.secrets.arn,
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
            });
        });
    });
}

// The application's database user: its secret, the bootstrap that creates it (invoked by the
// stack), and AWS's multi-user rotation deployed from the Serverless Application Repository.
import { expect } from "chai";
import { PASSWORD_SPECIALS } from "../../components/data/postgres-app-user";
import { ROTATION_EXCLUDED_CHARACTERS } from "../../components/secrets/postgres-rotation";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { D, secretValue, statementsBySid } from "./types";

describe("generated database passwords", () => {
    it("use no character the rotation functions exclude", () => {
        for (const c of ROTATION_EXCLUDED_CHARACTERS) expect(PASSWORD_SPECIALS).to.not.include(c);
        for (const c of [`"`, "@", "/"]) expect(PASSWORD_SPECIALS, "RDS refuses these").to.not.include(c);
    });
});

for (const stack of ["dev", "production"]) {
    describe(`PostgreSQL application user of ${stack}`, () => {
        let built: BuiltStack;
        let user: ResourceSet;
        before(async () => {
            built = await buildStack(stack);
            user = built.subtree(`hse-${stack}-postgres-app-user`);
        });
        const keyArn = (purpose: string) => built.named(`hse-${stack}-keys-${purpose}-key`).outputs?.arn;
        const rds = () => built.subtree(`hse-${stack}-postgres`).one(D.rds);
        const secret = () => user.one(D.secret);

        it("keeps its secret at hse/<env>/postgres under the secrets key, with a recovery window", () => {
            expect(secret().inputs).to.include({ name: `hse/${stack}/postgres`, kmsKeyId: keyArn("secrets"), recoveryWindowInDays: stack === "production" ? 30 : 0 });
            expect([secret().protect, secret().retainOnDelete]).to.deep.equal([stack === "production", stack === "production"]);
        });

        it("stores the seed's JSON shape plus engine and the master secret, as a secret, with a generated password", () => {
            const version = user.one(D.secretVersion);
            const value = JSON.parse(secretValue(version.inputs.secretString));
            expect(Object.keys(value)).to.have.members(["engine", "host", "port", "username", "password", "dbname", "masterarn"]);
            expect(value).to.include({ engine: "postgres", host: rds().outputs?.address, port: 5432, username: "hse_app", dbname: `hse_${stack}`, masterarn: rds().outputs?.masterUserSecrets[0].secretArn });
            const password = user.one(D.password);
            expect(value.password).to.equal(secretValue(password.outputs?.result)).and.have.length(32);
            expect(password.inputs).to.include({ length: 32, special: true, overrideSpecial: PASSWORD_SPECIALS });
            // Rotation owns the value after the first write.
            expect(version.ignoreChanges).to.have.members(["secretString", "versionStages"]);
        });

        it("denies the secret to other accounts and to requests without TLS", () => {
            const policy = statementsBySid(user.one(D.secretPolicy).inputs.policy);
            expect(user.one(D.secretPolicy).inputs.blockPublicPolicy).to.equal(true);
            expect(policy.DenyPrincipalsOutsideTheAccount).to.deep.include({ Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*" });
            expect(policy.DenyPrincipalsOutsideTheAccount.Condition.StringNotEquals).to.deep.equal({ "aws:PrincipalAccount": secret().outputs?.arn.split(":")[4] });
            expect(policy.DenyRequestsWithoutTls.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        });

        it("runs the bootstrap in the private subnets, on a current runtime, verifying RDS's certificate", () => {
            const fn = user.one(D.lambda);
            expect(fn.inputs).to.include({ name: `hse-${stack}-db-bootstrap`, runtime: "nodejs24.x", handler: "index.handler" });
            expect(fn.inputs.architectures).to.deep.equal(["arm64"]);
            expect(fn.inputs.vpcConfig.subnetIds).to.deep.equal(built.outputs.network.subnetIds.private);
            expect(fn.inputs.vpcConfig.securityGroupIds).to.deep.equal([built.outputs.network.securityGroupIds["data-functions"]]);
            expect(fn.inputs.environment.variables).to.deep.equal({ NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem" });
        });

        it("lets the bootstrap read exactly its two secrets, and log", () => {
            const statements = statementsBySid(user.named(`hse-${stack}-postgres-app-user-bootstrap-policy`).inputs.policy);
            expect(Object.keys(statements)).to.have.members(["WriteOwnLogs", "ManageOwnNetworkInterfaces", "ReadTheTwoSecrets", "DecryptThemThroughSecretsManager"]);
            expect(statements.ReadTheTwoSecrets).to.deep.equal({
                Sid: "ReadTheTwoSecrets",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: [rds().outputs?.masterUserSecrets[0].secretArn, secret().outputs?.arn],
            });
            expect(statements.DecryptThemThroughSecretsManager).to.deep.equal({
                Sid: "DecryptThemThroughSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: keyArn("secrets"),
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
            });
        });

        it("invokes the bootstrap after the secret exists, with what to create and no credential", () => {
            const run = user.one(D.invocation);
            const input = JSON.parse(run.inputs.input);
            expect(input).to.include({ host: rds().outputs?.address, port: 5432, database: `hse_${stack}`, role: "hse_app", schema: "app", appSecretArn: secret().outputs?.arn });
            expect(input.extensions).to.deep.equal(["pgcrypto"]);
            expect(input.codeSha256).to.match(/^[0-9a-f]{64}$/);
            expect(JSON.stringify(input)).to.not.match(/password/i);
            expect(run.dependencies).to.include(user.one(D.secretVersion).urn);
        });

        it("deploys AWS's multi-user PostgreSQL rotation (pinned) into the private subnets and rotates every 30 days, after the bootstrap", () => {
            const sar = user.one(D.sar);
            expect(sar.inputs).to.include({
                name: `hse-${stack}-rotate-postgres-app-user`,
                applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationMultiUser",
                semanticVersion: "1.1.671",
            });
            expect(sar.inputs.capabilities).to.deep.equal(["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]);
            expect(sar.inputs.parameters).to.deep.equal({
                functionName: `hse-${stack}-rotate-postgres-app-user`,
                endpoint: "https://secretsmanager.us-east-1.amazonaws.com",
                vpcSubnetIds: built.outputs.network.subnetIds.private.join(","),
                vpcSecurityGroupIds: built.outputs.network.securityGroupIds["data-functions"],
                kmsKeyArn: keyArn("secrets"),
                excludeCharacters: `:/@"'\\`,
                masterSecretArn: rds().outputs?.masterUserSecrets[0].secretArn,
                masterSecretKmsKeyArn: keyArn("secrets"),
            });
            const schedule = user.named(`hse-${stack}-postgres-app-user-rotation-schedule`);
            expect(schedule.inputs).to.deep.equal({ secretId: secret().outputs?.arn, rotationLambdaArn: sar.outputs?.outputs.RotationLambdaARN, rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: true });
            const rotation = user.named(`hse-${stack}-postgres-app-user-rotation`);
            expect(rotation.dependencies).to.include(user.one(D.invocation).urn);
        });
    });
}

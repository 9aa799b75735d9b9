// AWS's PostgreSQL rotation from the Serverless Application Repository, built alone in both
// strategies: the application and version deployed, every parameter it is given, the schedule.
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { PostgresRotation, POSTGRES_ROTATION_VERSION, ROTATION_EXCLUDED_CHARACTERS } from "../../components/secrets/postgres-rotation";
import { buildProgram } from "../../offline/build";
import { D } from "../data/types";

const withProvider = () => ({ providers: [new aws.Provider("hse-test-aws", { region: "eu-west-1" })] });
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hse/qa/db";
const MASTER = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/secrets";
const MASTER_KEY = "arn:aws:kms:eu-west-1:123456789012:key/rds";
const LOGS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/logs";

const build = (args: Partial<ConstructorParameters<typeof PostgresRotation>[1]>) =>
    buildProgram(() => {
        new PostgresRotation("p", {
            strategy: "singleUser",
            functionName: "hse-qa-rotate-admin",
            region: "eu-west-1",
            secretArn: SECRET,
            kmsKeyArn: KEY,
            subnetIds: ["subnet-1", "subnet-2"],
            securityGroupIds: ["sg-1", "sg-2"],
            rotationDays: 21,
            logs: { retentionInDays: 14, kmsKeyArn: LOGS_KEY, protect: false },
            ...args,
        }, withProvider());
        return {};
    });

describe("PostgresRotation built alone", () => {
    it("single-user: deploys AWS's single-user template at the pinned version into the given subnets, with the Secrets Manager endpoint of its region", async () => {
        const built = await build({});
        const app = built.one(D.sar);
        expect(app.inputs).to.deep.equal({
            name: "hse-qa-rotate-admin",
            applicationId: "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
            semanticVersion: "1.1.671",
            capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
            parameters: {
                functionName: "hse-qa-rotate-admin",
                endpoint: "https://secretsmanager.eu-west-1.amazonaws.com",
                vpcSubnetIds: "subnet-1,subnet-2",
                vpcSecurityGroupIds: "sg-1,sg-2",
                kmsKeyArn: KEY,
                excludeCharacters: ":/@\"'\\",
            },
        });
        expect(POSTGRES_ROTATION_VERSION).to.equal("1.1.671");
        expect(ROTATION_EXCLUDED_CHARACTERS).to.equal(":/@\"'\\");
    });

    it("creates the function's log group first, under the name Lambda writes to, on the logs key, with retention", async () => {
        const built = await build({});
        const group = built.one(D.logGroup);
        expect(group.inputs).to.deep.equal({ name: "/aws/lambda/hse-qa-rotate-admin", retentionInDays: 14, kmsKeyId: LOGS_KEY });
        expect(group.protect).to.equal(false);
        expect(built.one(D.sar).dependencies).to.include(group.urn);
        const kept = await build({ logs: { retentionInDays: 30, kmsKeyArn: LOGS_KEY, protect: true } });
        expect([kept.one(D.logGroup).protect, kept.one(D.logGroup).inputs.retentionInDays]).to.deep.equal([true, 30]);
    });

    it("rotates the secret on the set schedule with the function the template created", async () => {
        const built = await build({});
        expect(built.one(D.rotation).inputs).to.deep.equal({
            secretId: SECRET,
            rotationLambdaArn: built.one(D.sar).outputs!.outputs.RotationLambdaARN,
            rotationRules: { automaticallyAfterDays: 21 },
        });
    });

    it("rotates at once unless told otherwise, and then waits for the schedule", async () => {
        expect((await build({})).one(D.rotation).inputs.rotateImmediately).to.equal(undefined);
        expect((await build({ rotateImmediately: true })).one(D.rotation).inputs.rotateImmediately).to.equal(true);
        expect((await build({ rotateImmediately: false })).one(D.rotation).inputs.rotateImmediately).to.equal(false);
    });

    it("multi-user: deploys the multi-user template, told the master secret and its key (the secret's key unless given)", async () => {
        const own = await build({ strategy: "multiUser", masterSecretArn: MASTER, masterSecretKmsKeyArn: MASTER_KEY });
        expect(own.one(D.sar).inputs.applicationId).to.equal("arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationMultiUser");
        expect(own.one(D.sar).inputs.parameters).to.deep.include({ masterSecretArn: MASTER, masterSecretKmsKeyArn: MASTER_KEY });
        const shared = await build({ strategy: "multiUser", masterSecretArn: MASTER });
        expect(shared.one(D.sar).inputs.parameters).to.deep.include({ masterSecretArn: MASTER, masterSecretKmsKeyArn: KEY });
    });

    it("multi-user without the master secret is refused", async () => {
        const failure = await build({ strategy: "multiUser" }).then(() => undefined, (e: Error) => e);
        expect(failure?.message).to.contain("p: multi-user rotation needs the master secret");
    });
});

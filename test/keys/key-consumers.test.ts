// Keys seen from the resources that use them: for every resource any stack declares that names a
// key (kmsKeyId, kmsKeyArn, an encryption configuration, a role's statement, a rotation
// application's parameter), the service that uses the key on its behalf must be allowed by that
// key's policy: through kms:ViaService for the account's principals, or as the service principal.
// The table below is written from AWS's side (which service encrypts what), independently of
// KEY_CONSUMERS, which writes the policies; a resource that names a key and is not in the table
// fails, so a new encrypted resource cannot arrive without saying who uses its key.
import { expect } from "chai";
import { KEY_CONSUMERS } from "../../components/keys/key-policies";
import { buildStack, BuiltStack, DeclaredResource } from "../../offline/build";

interface KeyReference {
    readonly type: string;
    /** Where the key's ARN or id sits in the inputs, as the walk below writes paths. */
    readonly path: RegExp;
    /** The service that uses the key for this resource; "alias" for the key's own alias. */
    readonly service: string;
    /** Why this service (AWS's documentation). */
    readonly why: string;
    /** The callers use the key themselves, through no service: a statement must name them (no kms:ViaService). */
    readonly direct?: boolean;
}

const KEY_REFERENCES: readonly KeyReference[] = [
    { type: "aws:kms/alias:Alias", path: /^targetKeyId$/, service: "alias", why: "the key's own alias" },
    { type: "aws:rds/instance:Instance", path: /^(kmsKeyId|performanceInsightsKmsKeyId)$/, service: "rds", why: "storage and Performance Insights are encrypted by RDS" },
    { type: "aws:rds/instance:Instance", path: /^masterUserSecretKmsKeyId$/, service: "secretsmanager", why: "RDS stores the master password as a Secrets Manager secret under this key" },
    { type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", path: /^kmsKeyId$/, service: "rds", why: "RDS copies the backups into the other region" },
    { type: "aws:elasticache/replicationGroup:ReplicationGroup", path: /^kmsKeyId$/, service: "elasticache", why: "at-rest encryption of the cache" },
    { type: "aws:ebs/volume:Volume", path: /^kmsKeyId$/, service: "ec2", why: "EBS encryption" },
    { type: "aws:ec2/instance:Instance", path: /^rootBlockDevice\.kmsKeyId$/, service: "ec2", why: "EBS encryption of the root volume" },
    { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", path: /^rules\[\d+\]\.applyServerSideEncryptionByDefault\.kmsMasterKeyId$/, service: "s3", why: "SSE-KMS default encryption" },
    { type: "aws:ecr/repository:Repository", path: /^encryptionConfigurations\[\d+\]\.kmsKey$/, service: "ecr", why: "ECR user guide, \"Encryption at rest\": ECR creates grants as the caller" },
    { type: "aws:secretsmanager/secret:Secret", path: /^kmsKeyId$/, service: "secretsmanager", why: "Secrets Manager encrypts each version" },
    { type: "aws:cloudwatch/logGroup:LogGroup", path: /^kmsKeyId$/, service: "logs", why: "CloudWatch Logs encrypts as its own service principal" },
    { type: "aws:sns/topic:Topic", path: /^kmsMasterKeyId$/, service: "sns", why: "SNS developer guide, \"Key management\": SNS encrypts the topic's messages for its publishers" },
    {
        type: "aws:serverlessrepository/cloudFormationStack:CloudFormationStack",
        path: /^parameters\.(kmsKeyArn|masterSecretKmsKeyArn)$/,
        service: "secretsmanager",
        why: "AWS's rotation function reads and writes its secrets through Secrets Manager",
    },
    {
        type: "aws:ecs/cluster:Cluster",
        path: /^configuration\.executeCommandConfiguration\.kmsKeyId$/,
        service: "ssm",
        direct: true,
        why: "ECS Exec sessions: the operator's client and the task role call KMS themselves, through no service",
    },
];

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

interface Key {
    readonly name: string;
    readonly arn: string;
    readonly id: string;
    readonly region: string;
    readonly statements: readonly Record<string, any>[];
}

function keysOf(built: BuiltStack): Key[] {
    return built.ofType("aws:kms/key:Key").map((k) => {
        const provider = built.byUrn(k.provider.split("::").slice(0, -1).join("::"));
        return { name: k.name, arn: k.outputs!.arn, id: k.id!, region: provider!.inputs.region, statements: JSON.parse(k.inputs.policy).Statement };
    });
}

/** Every place a resource's inputs name a key, by path. */
function referencesIn(resource: DeclaredResource, keys: readonly Key[]): { path: string; key: Key }[] {
    const found: { path: string; key: Key }[] = [];
    const walk = (value: unknown, path: string) => {
        if (typeof value === "string") {
            for (const key of keys) if (value === key.arn || value === key.id) found.push({ path, key });
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, `${path}[${i}]`));
        } else if (value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) walk(v, path === "" ? k : `${path}.${k}`);
        }
    };
    walk(resource.inputs, "");
    return found;
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v as string]);
const matches = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action);

/** Does the key's policy let `service` (in the key's region) perform `action`? */
function allowsThrough(key: Key, service: string, action: string): boolean {
    const endpoint = `${service}.${key.region}.amazonaws.com`;
    return key.statements.some((s) => {
        if (s.Effect !== "Allow" || !list(s.Action).some((a) => matches(a, action))) return false;
        const asServicePrincipal = list(s.Principal?.Service).includes(endpoint);
        const throughService = list(s.Condition?.StringEquals?.["kms:ViaService"]).includes(endpoint);
        return asServicePrincipal || throughService;
    });
}

/** Does the key's policy let named principals (not "anyone in the account") call `action` themselves? */
function allowsDirectly(key: Key, action: string): boolean {
    return key.statements.some((s) =>
        s.Effect === "Allow" &&
        list(s.Action).some((a) => matches(a, action)) &&
        list(s.Principal?.AWS).some((p) => p !== "*") &&
        s.Condition?.StringEquals?.["kms:ViaService"] === undefined);
}

/** What a service must be allowed to use a key for at all: data keys, or grants for its resources. */
const EXEC_SESSION_CONTEXT = "kms:EncryptionContext:aws:ssm:SessionId";

/** The key lets principals of the account use it for ECS Exec sessions only (the session's context present). */
function allowsForExecSessions(key: Key, action: string): boolean {
    return key.statements.some((s) => s.Effect === "Allow" && list(s.Action).some((a) => matches(a, action))
        && s.Condition?.Null?.[EXEC_SESSION_CONTEXT] === "false");
}

function servedBy(key: Key, service: string): boolean {
    return ["kms:GenerateDataKey", "kms:Decrypt", "kms:CreateGrant"].some((a) => allowsThrough(key, service, a));
}

for (const stack of ["dev", "staging", "production"]) {
    describe(`keys of ${stack} seen from the resources that use them`, () => {
        let built: BuiltStack;
        let keys: Key[];
        before(async () => {
            built = await buildStack(stack);
            keys = keysOf(built);
        });

        it("every resource that names a key is served by a service that key allows", () => {
            const problems: string[] = [];
            let checked = 0;
            for (const resource of built.resources.filter((r) => r.custom && r.type !== ROLE_POLICY)) {
                for (const { path, key } of referencesIn(resource, keys)) {
                    const reference = KEY_REFERENCES.find((r) => r.type === resource.type && r.path.test(path));
                    if (reference === undefined) {
                        problems.push(`${resource.name} names ${key.name} at ${path}: say which service uses it in KEY_REFERENCES`);
                    } else if (reference.service !== "alias") {
                        checked++;
                        const allowed = reference.direct ? allowsDirectly(key, "kms:Decrypt") : servedBy(key, reference.service);
                        if (!allowed) problems.push(`${resource.name} (${path}): ${key.name} does not let ${reference.service} use it (${reference.why})`);
                    }
                }
            }
            expect(problems).to.deep.equal([]);
            expect(checked).to.be.greaterThan(15);
        });

        it("every role statement on a key goes through a service the key allows, for each of its actions", () => {
            const problems: string[] = [];
            let checked = 0;
            for (const policy of built.ofType(ROLE_POLICY)) {
                for (const statement of JSON.parse(policy.inputs.policy).Statement) {
                    for (const key of keys.filter((k) => list(statement.Resource).includes(k.arn))) {
                        const services = list(statement.Condition?.StringEquals?.["kms:ViaService"]).map((v) => v.split(".")[0]);
                        if (services.length === 0 && statement.Condition?.Null?.[EXEC_SESSION_CONTEXT] === "false") {
                            // ECS Exec: the SSM agent calls KMS itself, bound to the session's encryption context.
                            for (const action of list(statement.Action)) {
                                checked++;
                                if (!allowsForExecSessions(key, action)) problems.push(`${policy.name} ${statement.Sid}: ${key.name} does not allow ${action} for ECS Exec sessions`);
                            }
                            continue;
                        }
                        if (services.length === 0) problems.push(`${policy.name} ${statement.Sid}: uses ${key.name} through no service`);
                        for (const service of services) {
                            for (const action of list(statement.Action)) {
                                checked++;
                                if (!allowsThrough(key, service, action)) problems.push(`${policy.name} ${statement.Sid}: ${key.name} does not allow ${action} through ${service}`);
                            }
                        }
                    }
                }
            }
            expect(problems).to.deep.equal([]);
            expect(checked).to.be.greaterThan(5);
        });

        it("the table of consumers and the keys agree: each key allows exactly the services of its table", () => {
            for (const key of keys) {
                const use = key.name.endsWith("-backups-dr-key") ? "rds-backups-replica" : (key.name.match(/-keys-(\w+)-key$/)![1] as keyof typeof KEY_CONSUMERS);
                const via = new Set(key.statements.flatMap((s) => list(s.Condition?.StringEquals?.["kms:ViaService"])));
                expect([...via], key.name).to.have.members(KEY_CONSUMERS[use].map((c) => `${c.service}.${key.region}.amazonaws.com`));
            }
        });
    });
}

describe("the ECR repositories' key (issue 17: repositories could not be created)", () => {
    it("lets ECR describe the key and create its grants as the caller, as the ECR user guide requires", async () => {
        const built = await buildStack("production");
        const repository = built.ofType("aws:ecr/repository:Repository")[0];
        const keyArn = repository.inputs.encryptionConfigurations[0].kmsKey;
        const key = keysOf(built).find((k) => k.arn === keyArn)!;
        for (const action of ["kms:DescribeKey", "kms:CreateGrant", "kms:RetireGrant"]) expect(allowsThrough(key, "ecr", action), action).to.equal(true);
        // ...and nothing through a service the stack does not use it with.
        expect(allowsThrough(key, "lambda", "kms:Decrypt")).to.equal(false);
    });
});

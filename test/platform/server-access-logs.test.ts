// S3 server access logging (Security Hub S3.9): every bucket of every stack sends its access logs
// to the environment's log bucket, under its own prefix; the log bucket takes them only from the
// log delivery service, for this account's buckets of this stack, and is encrypted with S3-managed
// keys (server access logging cannot deliver to an SSE-KMS destination).
import { expect } from "chai";
import { buildStack, BuiltStack, DeclaredResource } from "../../offline/build";
import { SERVER_ACCESS_LOG_DAYS } from "../../stacks/access-logs";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    logging: "aws:s3/bucketLogging:BucketLogging",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
};

const ACCOUNTS: Record<string, string> = { dev: "111122223333", staging: "444455556666", production: "777788889999" };

for (const stack of ["dev", "staging", "production"]) {
    describe(`S3 server access logs of ${stack}`, () => {
        let built: BuiltStack;
        let logs: ReturnType<BuiltStack["subtree"]>;
        let logBucket: DeclaredResource;
        before(async () => {
            built = await buildStack(stack);
            logs = built.subtree(`hse-${stack}-access-logs`);
            logBucket = logs.one(T.bucket);
        });

        it("logs every other bucket of the stack to the log bucket, each under its own prefix, and not the log bucket itself", () => {
            const others = built.ofType(T.bucket).filter((b) => b.urn !== logBucket.urn);
            expect(others.length).to.be.at.least(2);
            const logging = built.ofType(T.logging);
            expect(logging.map((l) => l.inputs.bucket)).to.have.members(others.map((b) => b.outputs?.bucket));
            for (const l of logging) expect(l.inputs.targetBucket, l.name).to.equal(logBucket.outputs?.bucket);
            const prefixes = logging.map((l) => l.inputs.targetPrefix);
            expect(new Set(prefixes).size).to.equal(prefixes.length);
            expect(prefixes).to.include.members(["timescale-backups/", "alb-logs/"]);
            expect(built.outputs.accessLogs).to.deep.equal({ bucket: logBucket.outputs?.bucket });
        });

        it("encrypts the log bucket with S3-managed keys, keeps logs 90 days, and protects it in production", () => {
            expect(logs.one(T.encryption).inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
            expect(logs.one(T.lifecycle).inputs.rules[0].expiration).to.deep.equal({ days: SERVER_ACCESS_LOG_DAYS });
            expect(SERVER_ACCESS_LOG_DAYS).to.equal(90);
            expect(logBucket.inputs.bucketPrefix).to.equal(`hse-${stack}-access-logs-`);
            expect([logBucket.protect, logBucket.retainOnDelete]).to.deep.equal([stack === "production", stack === "production"]);
        });

        it("takes logs only from S3's log delivery, for this account's buckets of this stack, under the sources' prefixes", () => {
            const statements = JSON.parse(logs.one(T.policy).inputs.policy).Statement;
            // Only S3's log delivery is allowed anything; the other statement denies requests without TLS.
            expect(statements.map((s: { Sid: string; Effect: string }) => [s.Sid, s.Effect])).to.deep.equal([["DenyRequestsWithoutTls", "Deny"], ["S3LogDeliveryForTheStacksBuckets", "Allow"]]);
            const delivery = statements.find((s: { Sid: string }) => s.Sid === "S3LogDeliveryForTheStacksBuckets");
            const arn = logBucket.outputs?.arn;
            expect(delivery).to.deep.equal({
                Sid: "S3LogDeliveryForTheStacksBuckets",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: [`${arn}/timescale-backups/*`, `${arn}/alb-logs/*`],
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNTS[stack] },
                    ArnLike: { "aws:SourceArn": `arn:aws:s3:::hse-${stack}-*` },
                },
            });
            // The stack's other buckets are all named so that the source condition holds for them.
            for (const b of built.ofType(T.bucket)) expect(b.inputs.bucketPrefix, b.name).to.match(new RegExp(`^hse-${stack}-`));
        });
    });
}

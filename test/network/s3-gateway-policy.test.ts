// The S3 gateway endpoint reaches the stack's own buckets in its own account, and the AWS-owned
// buckets ECR and SSM Agent read, nothing else; and every bucket any stack declares is reachable
// through it (pgBackRest writes TimescaleDB's backups through this endpoint).
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { VpcEndpoints } from "../../components/network/vpc-endpoints";
import { buildProgram, buildStack } from "../../offline/build";
import { MOCK_ACCOUNT_ID } from "../../offline/mocks";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

describe("the S3 gateway endpoint's policy", () => {
    it("allows the stack's buckets in this account, ECR's layers and SSM Agent's buckets of the region, read-only, and nothing else", async () => {
        const built = await buildProgram(() => {
            new VpcEndpoints("t", { namePrefix: "hse-test", region: "eu-west-1", vpcId: "vpc-1", vpcCidr: "10.20.0.0/16", bucketPrefix: "hse-test-", gatewayRouteTableIds: ["rtb-1"], interfaceSubnetIds: ["subnet-1"] }, {
                providers: [new aws.Provider("hse-test-aws", { region: "eu-west-1" })],
            });
            return {};
        }, "dev", { callerAccountId: MOCK_ACCOUNT_ID });
        const policy = JSON.parse(built.one(ENDPOINT).inputs.policy);
        expect(policy.Statement).to.deep.equal([
            {
                Sid: "TheStacksBucketsInThisAccount",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:*",
                Resource: ["arn:aws:s3:::hse-test-*", "arn:aws:s3:::hse-test-*/*"],
                Condition: { StringEquals: { "aws:ResourceAccount": MOCK_ACCOUNT_ID } },
            },
            { Sid: "ReadByEcrImageLayers", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*" },
            {
                Sid: "ReadBySsmAgent",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: [
                    "arn:aws:s3:::aws-ssm-eu-west-1/*",
                    "arn:aws:s3:::amazon-ssm-eu-west-1/*",
                    "arn:aws:s3:::amazon-ssm-packages-eu-west-1/*",
                    "arn:aws:s3:::eu-west-1-birdwatcher-prod/*",
                    "arn:aws:s3:::aws-ssm-distributor-file-eu-west-1/*",
                    "arn:aws:s3:::aws-ssm-document-attachments-eu-west-1/*",
                    "arn:aws:s3:::patch-baseline-snapshot-eu-west-1/*",
                ],
            },
        ]);
    });

    for (const stack of ["dev", "staging", "production"]) {
        it(`of ${stack} reaches every bucket the stack declares`, async () => {
            const built = await buildStack(stack);
            const endpoint = built.ofType(ENDPOINT).find((e) => e.inputs.vpcEndpointType === "Gateway")!;
            const own = JSON.parse(endpoint.inputs.policy).Statement.find((s: { Sid: string }) => s.Sid === "TheStacksBucketsInThisAccount");
            expect(own.Resource).to.deep.equal([`arn:aws:s3:::hse-${stack}-*`, `arn:aws:s3:::hse-${stack}-*/*`]);
            expect(own.Condition.StringEquals["aws:ResourceAccount"]).to.equal(built.outputs.keys.data.arn.split(":")[4]);
            const buckets = built.ofType("aws:s3/bucket:Bucket");
            expect(buckets.length).to.be.at.least(2);
            for (const b of buckets) expect(b.outputs?.bucket, b.name).to.match(new RegExp(`^hse-${stack}-`));
        });
    }
});

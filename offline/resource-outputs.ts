// What AWS computes when a resource is created (endpoints, DNS names, generated values), made
// up per resource type in the shape the provider returns. Every other resource gets an id, a
// name (as the provider's autonaming would) and an ARN.
import { MOCK_PARTITION, MockAccount, shortHash } from "./invokes";

export interface NewResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly id: string;
    /** The physical name: the `name` input, else prefix + suffix, else the resource name + suffix. */
    readonly physicalName: string;
}

export type OutputSynthesizer = (resource: NewResource, account: MockAccount) => Record<string, unknown>;

/** "aws:ec2/securityGroup:SecurityGroup" -> { service: "ec2", kind: "securityGroup" } */
export function parseType(type: string): { service: string; kind: string } {
    const [, module = "", kind = ""] = /^[^:]+:([^/:]*)\/?([^:]*)/.exec(type) ?? [];
    return { service: module.replace(/^index$/, ""), kind };
}

export function arnFor(type: string, physicalName: string, id: string, { region, accountId }: MockAccount): string {
    const { service, kind } = parseType(type);
    switch (`${service}/${kind}`) {
        case "iam/role":
            return `arn:${MOCK_PARTITION}:iam::${accountId}:role/${physicalName}`;
        case "iam/policy":
            return `arn:${MOCK_PARTITION}:iam::${accountId}:policy/${physicalName}`;
        case "cloudwatch/logGroup":
            return `arn:${MOCK_PARTITION}:logs:${region}:${accountId}:log-group:${physicalName}`;
        case "s3/bucket":
            return `arn:${MOCK_PARTITION}:s3:::${physicalName}`;
        case "secretsmanager/secret":
            // Secrets Manager appends six random characters to the name.
            return `arn:${MOCK_PARTITION}:secretsmanager:${region}:${accountId}:secret:${physicalName}-${id.slice(-6)}`;
        case "kms/key":
            return `arn:${MOCK_PARTITION}:kms:${region}:${accountId}:key/${id}`;
        case "lambda/function":
            return `arn:${MOCK_PARTITION}:lambda:${region}:${accountId}:function:${physicalName}`;
        case "rds/instance":
            return `arn:${MOCK_PARTITION}:rds:${region}:${accountId}:db:${physicalName}`;
        case "elasticache/user":
            return `arn:${MOCK_PARTITION}:elasticache:${region}:${accountId}:user:${physicalName}`;
        case "sns/topic":
            // A topic's ARN ends in its name (SNS API reference, CreateTopic: TopicArn).
            return `arn:${MOCK_PARTITION}:sns:${region}:${accountId}:${physicalName}`;
        case "ecs/service":
            return `arn:${MOCK_PARTITION}:ecs:${region}:${accountId}:service/${physicalName}`;
        default:
            return `arn:${MOCK_PARTITION}:${service || "aws"}:${region}:${accountId}:${kind.toLowerCase()}/${id}`;
    }
}

const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

/** A stable 12-character cluster identifier, as RDS and ElastiCache put in their DNS names. */
const dnsTag = (text: string) => `c${shortHash(text)}xyz`;

export const RESOURCE_OUTPUTS: Readonly<Record<string, OutputSynthesizer>> = {
    "aws:rds/instance:Instance": ({ name, physicalName, inputs }, { region, accountId }) => {
        const port = Number(inputs.port ?? 5432);
        const identifier = String(inputs.identifier ?? (inputs.identifierPrefix ? `${inputs.identifierPrefix}${shortHash(name)}` : physicalName));
        const address = `${identifier}.${dnsTag(accountId + region)}.${region}.rds.amazonaws.com`;
        // RDS creates the master user's secret itself, named rds!db-<id>.
        const masterUserSecrets = inputs.manageMasterUserPassword
            ? [{ secretArn: `arn:${MOCK_PARTITION}:secretsmanager:${region}:${accountId}:secret:rds!db-${shortHash(identifier)}-AbCdEf`, kmsKeyId: inputs.masterUserSecretKmsKeyId, secretStatus: "active" }]
            : [];
        return { identifier, address, port, endpoint: `${address}:${port}`, resourceId: `db-${shortHash(identifier).toUpperCase()}`, masterUserSecrets };
    },
    "aws:kms/key:Key": ({ id }) => ({ keyId: id }),
    "aws:acm/certificate:Certificate": ({ inputs }) => ({
        // What ACM asks to see in DNS, one record per name.
        domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])].map((domain: string) => ({
            domainName: domain,
            resourceRecordName: `_${shortHash(domain)}.${domain}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${shortHash(domain + "v")}.acm-validations.aws.`,
        })),
    }),
    "aws:acm/certificateValidation:CertificateValidation": ({ inputs }) => ({ certificateArn: inputs.certificateArn }),
    "aws:route53/record:Record": ({ inputs }) => ({ fqdn: String(inputs.name).replace(/\.$/, "") }),
    "aws:ecr/repository:Repository": ({ inputs }, { region, accountId }) => ({ repositoryUrl: `${accountId}.dkr.ecr.${region}.amazonaws.com/${String(inputs.name)}` }),
    "aws:cloudfront/distribution:Distribution": ({ name }) => ({ domainName: `d${shortHash(name)}abcdef.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2" }),
    "aws:lb/targetGroup:TargetGroup": ({ inputs, id }) => ({ arnSuffix: `targetgroup/${String(inputs.name)}/${shortHash(id)}${shortHash(id + "t")}` }),
    "aws:ec2/networkInterface:NetworkInterface": ({ name }) => {
        const n = parseInt(shortHash(name), 16);
        return { privateIp: `10.0.${10 + (n % 2)}.${10 + (n % 200)}`, privateIps: [] };
    },
    "aws:s3/bucket:Bucket": ({ name, inputs }, { region }) => {
        const bucket = String(inputs.bucket ?? `${String(inputs.bucketPrefix ?? name)}${shortHash(name)}${shortHash(name + "b")}`);
        return { bucket, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` };
    },
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": ({ inputs }, { region, accountId }) => ({
        // What AWS's rotation applications output: the function they create.
        outputs: { RotationLambdaARN: `arn:${MOCK_PARTITION}:lambda:${region}:${accountId}:function:${String(inputs.parameters?.functionName)}` },
    }),
    "aws:elasticache/replicationGroup:ReplicationGroup": ({ inputs }, { region, accountId }) => {
        const id = String(inputs.replicationGroupId);
        const suffix = `${dnsTag(accountId + region)}.use1.cache.amazonaws.com`;
        return inputs.clusterMode === "enabled"
            ? { configurationEndpointAddress: `clustercfg.${id}.${suffix}`, primaryEndpointAddress: undefined, readerEndpointAddress: undefined }
            : { primaryEndpointAddress: `master.${id}.${suffix}`, readerEndpointAddress: `replica.${id}.${suffix}`, configurationEndpointAddress: undefined };
    },
    "aws:lb/loadBalancer:LoadBalancer": ({ physicalName, inputs }, { region }) => ({
        dnsName: `${physicalName}-${parseInt(shortHash(physicalName), 16)}.${region}.elb.amazonaws.com`,
        zoneId: inputs.loadBalancerType === "network" ? "Z26RNL4JYFTOTI" : "Z35SXDOTRQ7X7K",
        arnSuffix: `${inputs.loadBalancerType === "network" ? "net" : "app"}/${physicalName}/${shortHash(physicalName)}${shortHash(physicalName + "2")}`,
    }),
    // The tls provider's keys and certificates: PEM-shaped, deterministic and recognisable, so a
    // test can prove a private key never appears in plain text.
    "tls:index/privateKey:PrivateKey": ({ name }) => ({
        privateKeyPem: pem("PRIVATE KEY", `mock-private-key-${shortHash(name)}`),
        publicKeyPem: pem("PUBLIC KEY", `mock-public-key-${shortHash(name)}`),
    }),
    "tls:index/selfSignedCert:SelfSignedCert": ({ name }) => ({ certPem: pem("CERTIFICATE", `mock-ca-certificate-${shortHash(name)}`) }),
    "tls:index/certRequest:CertRequest": ({ name }) => ({ certRequestPem: pem("CERTIFICATE REQUEST", `mock-request-${shortHash(name)}`) }),
    "tls:index/locallySignedCert:LocallySignedCert": ({ name }) => ({ certPem: pem("CERTIFICATE", `mock-server-certificate-${shortHash(name)}`) }),
    "random:index/randomPassword:RandomPassword": ({ name, inputs }) => {
        const length = Number(inputs.length ?? 16);
        // Deterministic and recognisable, so a test can prove it never appears in plain text.
        const result = `mock-random-password-${shortHash(name)}`.padEnd(length, "x").slice(0, length);
        return { result, bcryptHash: `$2a$10$${shortHash(result)}` };
    },
};

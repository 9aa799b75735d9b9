// A public TLS certificate from ACM for the environment's names, validated by DNS records in
// the environment's Route 53 zone (or an existing certificate given by ARN, used as it is).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../shared/naming";

export interface DnsValidatedCertificateArgs {
    /** The first name is the certificate's subject; the others are alternative names. */
    readonly domainNames: readonly string[];
    readonly hostedZoneId: pulumi.Input<string>;
}

export class DnsValidatedCertificate extends pulumi.ComponentResource {
    /** The certificate's ARN, once ACM has validated it. */
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: DnsValidatedCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:edge:DnsValidatedCertificate", name, {}, opts);
        const [subject, ...alternatives] = args.domainNames;
        const certificate = new aws.acm.Certificate(childName(name, "certificate"), {
            domainName: subject,
            subjectAlternativeNames: alternatives,
            validationMethod: "DNS",
            keyAlgorithm: "RSA_2048",
        }, { parent: this });

        // One record per name, named by the name (not its position): adding a name adds one.
        const records = args.domainNames.map((domain) => {
            const option = certificate.domainValidationOptions.apply((options) => validationOptionOf(options, domain));
            return new aws.route53.Record(childName(name, `validation-${domain}`), {
                zoneId: args.hostedZoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 300,
                allowOverwrite: true,
            }, { parent: this });
        });
        const validation = new aws.acm.CertificateValidation(childName(name, "validation"), {
            certificateArn: certificate.arn,
            validationRecordFqdns: records.map((r) => r.fqdn),
        }, { parent: this });
        this.arn = validation.certificateArn;
        this.registerOutputs({ arn: this.arn });
    }
}

type ValidationOption = aws.types.output.acm.CertificateDomainValidationOption;

/**
 * ACM's DNS record for one name. ACM lists one for every name of the certificate; a name without
 * one would otherwise become a record AWS refuses (or one that validates nothing), so it is an error.
 */
export function validationOptionOf(options: readonly ValidationOption[], domain: string): { resourceRecordName: string; resourceRecordType: string; resourceRecordValue: string } {
    const option = options.find((o) => o.domainName === domain);
    if (!option?.resourceRecordName || !option.resourceRecordType || !option.resourceRecordValue) {
        throw new Error(`ACM gave no DNS validation record for ${domain}; the certificate cannot be validated`);
    }
    return { resourceRecordName: option.resourceRecordName, resourceRecordType: option.resourceRecordType, resourceRecordValue: option.resourceRecordValue };
}

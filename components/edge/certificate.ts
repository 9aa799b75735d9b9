// A public TLS certificate from ACM for the environment's names, validated by DNS records in
// the environment's Route 53 zone (or an existing certificate given by ARN, used as it is).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../shared/naming";

export interface DnsValidatedCertificateArgs {
    /** The first name is the certificate's subject; the others are alternative names. */
    readonly domainNames: readonly string[];
    readonly hostedZoneId: pulumi.Input<string>;
    /**
     * FQDNs of validation records another certificate of this stack already manages, by name. ACM
     * gives every certificate of an account the same record for a name, in any region
     * (hashicorp/terraform-provider-aws#13653), so a second Route 53 record for it would be one
     * record with two owners: removing either (CloudFront turned off) would break the other's renewal.
     */
    readonly existingValidationRecords?: Readonly<Record<string, pulumi.Input<string>>>;
}

export class DnsValidatedCertificate extends pulumi.ComponentResource {
    /** The certificate's ARN, once ACM has validated it. */
    readonly arn: pulumi.Output<string>;
    /** The FQDN of each name's validation record, for a certificate of the same names elsewhere. */
    readonly validationRecords: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: DnsValidatedCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:edge:DnsValidatedCertificate", name, {}, opts);
        const [subject, ...alternatives] = args.domainNames;
        const certificate = new aws.acm.Certificate(childName(name, "certificate"), {
            domainName: subject,
            subjectAlternativeNames: alternatives,
            validationMethod: "DNS",
            keyAlgorithm: "RSA_2048",
        }, { parent: this });

        // One record per name no other certificate of the stack validates, named by the name (not its
        // position): adding a name adds one.
        const existing = args.existingValidationRecords ?? {};
        const records = args.domainNames.filter((domain) => !(domain in existing)).map((domain) => {
            const option = certificate.domainValidationOptions.apply((options) => validationOptionOf(options, domain));
            const record = new aws.route53.Record(childName(name, `validation-${domain}`), {
                zoneId: args.hostedZoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 300,
                allowOverwrite: true,
            }, { parent: this });
            return { domain, record };
        });
        const validation = new aws.acm.CertificateValidation(childName(name, "validation"), {
            certificateArn: certificate.arn,
            validationRecordFqdns: args.domainNames.map((domain) => existing[domain] ?? records.find((r) => r.domain === domain)!.record.fqdn),
        }, { parent: this });
        this.validationRecords = Object.fromEntries(records.map((r) => [r.domain, r.record.fqdn]));
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

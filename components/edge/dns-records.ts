// Route 53 alias records of the environment's public names: the API's name to CloudFront (or to
// the ALB when there is no CDN), and CloudFront's origin name to the ALB.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../shared/naming";

export interface AliasTarget {
    readonly name: string;
    readonly dnsName: pulumi.Input<string>;
    readonly zoneId: pulumi.Input<string>;
    /** CloudFront answers over IPv6 too: add an AAAA record. */
    readonly ipv6: boolean;
}

export interface DnsRecordsArgs {
    readonly hostedZoneId: pulumi.Input<string>;
    readonly aliases: readonly AliasTarget[];
}

export class DnsRecords extends pulumi.ComponentResource {
    constructor(name: string, args: DnsRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:edge:DnsRecords", name, {}, opts);
        for (const alias of args.aliases) {
            for (const type of alias.ipv6 ? ["A", "AAAA"] : ["A"]) {
                new aws.route53.Record(childName(name, `${alias.name}-${type.toLowerCase()}`), {
                    zoneId: args.hostedZoneId,
                    name: alias.name,
                    type,
                    aliases: [{ name: alias.dnsName, zoneId: alias.zoneId, evaluateTargetHealth: false }],
                }, { parent: this });
            }
        }
        this.registerOutputs({ names: args.aliases.map((alias) => alias.name) });
    }
}

// The secret CloudFront and the ALB share: CloudFront sends it in a header on every origin
// request, the ALB refuses requests without it, so the ALB cannot be reached around CloudFront.
// Generated (never typed), kept only as a Pulumi secret.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { childName } from "../shared/naming";

export class OriginSecret extends pulumi.ComponentResource {
    readonly value: pulumi.Output<string>;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("hse:edge:OriginSecret", name, {}, opts);
        // Letters and digits only: it travels as an HTTP header value.
        this.value = new random.RandomPassword(childName(name, "value"), { length: 48, special: false }, { parent: this }).result;
        // A secret output stays a secret in the state.
        this.registerOutputs({ value: this.value });
    }
}

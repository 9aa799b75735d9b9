// The network load balancer for the devices' raw TCP connections (port 5000): internet-facing,
// its own security group attached at creation (it cannot be added later), an `ip` target group
// that keeps the client's address, closes connections of deregistered targets, and checks health
// on the service's HTTP readiness path. Optionally TLS on the listener.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../shared/naming";

export interface NlbHealthCheck {
    readonly port: number;
    readonly path: string;
    readonly intervalSeconds: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
}

export interface NlbArgs {
    readonly namePrefix: string;
    readonly loadBalancerName: string;
    readonly targetGroupName: string;
    readonly vpcId: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<string>[];
    readonly securityGroupIds: pulumi.Input<string>[];
    readonly port: number;
    readonly healthCheck: NlbHealthCheck;
    readonly deregistrationDelaySeconds: number;
    /** TLS on the listener (the certificate and its policy); absent: plain TCP. */
    readonly tls?: { readonly certificateArn: pulumi.Input<string>; readonly policy: string };
    readonly protect: boolean;
}

export class NetworkLoadBalancer extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    /** `net/<name>/<id>`: the LoadBalancer dimension of its CloudWatch metrics. */
    readonly arnSuffix: pulumi.Output<string>;
    readonly dnsName: pulumi.Output<string>;
    readonly zoneId: pulumi.Output<string>;
    readonly targetGroupArn: pulumi.Output<string>;
    /** `targetgroup/<name>/<id>`: the TargetGroup dimension of its CloudWatch metrics. */
    readonly targetGroupArnSuffix: pulumi.Output<string>;
    /** The listener forwarding to the target group: the service behind it waits for it. */
    readonly listener: pulumi.Resource;

    constructor(name: string, args: NlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:edge:NetworkLoadBalancer", name, {}, opts);
        const nlb = new aws.lb.LoadBalancer(childName(name, "lb"), {
            name: args.loadBalancerName,
            loadBalancerType: "network",
            internal: false,
            ipAddressType: "ipv4",
            subnets: args.subnetIds,
            securityGroups: args.securityGroupIds,
            enableCrossZoneLoadBalancing: true,
            enableDeletionProtection: args.protect,
        }, { parent: this });

        const group = new aws.lb.TargetGroup(childName(name, "tg"), {
            name: args.targetGroupName,
            port: args.port,
            protocol: "TCP",
            targetType: "ip",
            vpcId: args.vpcId,
            // Devices see their own address at the service, not the NLB's.
            preserveClientIp: "true",
            deregistrationDelay: args.deregistrationDelaySeconds,
            // A device connection to a task being replaced is closed, so the device reconnects.
            connectionTermination: true,
            healthCheck: {
                protocol: "HTTP",
                port: String(args.healthCheck.port),
                path: args.healthCheck.path,
                interval: args.healthCheck.intervalSeconds,
                healthyThreshold: args.healthCheck.healthyThreshold,
                unhealthyThreshold: args.healthCheck.unhealthyThreshold,
            },
        }, { parent: this });

        this.listener = new aws.lb.Listener(childName(name, "listener"), {
            loadBalancerArn: nlb.arn,
            port: args.port,
            protocol: args.tls ? "TLS" : "TCP",
            ...(args.tls ? { certificateArn: args.tls.certificateArn, sslPolicy: args.tls.policy } : {}),
            defaultActions: [{ type: "forward", targetGroupArn: group.arn }],
        }, { parent: this });

        this.arn = nlb.arn;
        this.arnSuffix = nlb.arnSuffix;
        this.dnsName = nlb.dnsName;
        this.zoneId = nlb.zoneId;
        this.targetGroupArn = group.arn;
        this.targetGroupArnSuffix = group.arnSuffix;
        this.registerOutputs({ arn: this.arn, dnsName: this.dnsName });
    }
}

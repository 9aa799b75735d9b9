// The ECS cluster of an environment: Container Insights (enhanced where asked), ECS Exec
// sessions encrypted and logged to an encrypted log group, FARGATE and FARGATE_SPOT capacity
// providers, and the Cloud Map namespace Service Connect registers the services in.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/log-group";
import { LogRetentionDays } from "../shared/logs";
import { childName } from "../shared/naming";
import { execLogGroupPrefix } from "./fixed-names";

/** Container Insights levels (ECS API, ClusterSetting): enhanced adds per-task and per-container metrics. */
export const CONTAINER_INSIGHTS_LEVELS = ["enabled", "enhanced"] as const;
export type ContainerInsightsLevel = (typeof CONTAINER_INSIGHTS_LEVELS)[number];

export interface EcsClusterArgs {
    readonly namePrefix: string;
    /** Physical cluster name. */
    readonly clusterName: string;
    readonly containerInsights: ContainerInsightsLevel;
    /** Cloud Map namespace name for Service Connect, e.g. hse-dev.internal. */
    readonly namespace: string;
    readonly execLogRetentionInDays: LogRetentionDays;
    readonly logsKeyArn: pulumi.Input<string>;
    /** Encrypts ECS Exec sessions. */
    readonly dataKeyArn: pulumi.Input<string>;
    readonly protect: boolean;
}

export class EcsCluster extends pulumi.ComponentResource {
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    readonly namespaceArn: pulumi.Output<string>;
    readonly namespaceName: string;
    readonly execLogGroupName: pulumi.Output<string>;
    readonly execLogGroupArn: pulumi.Output<string>;
    /** The key ECS Exec sessions are encrypted with: each task role with Exec may decrypt with it. */
    readonly execSessionKeyArn: pulumi.Input<string>;
    /** The FARGATE and FARGATE_SPOT association: a service naming either waits for it. */
    readonly capacityProviders: pulumi.Resource;

    constructor(name: string, args: EcsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:compute:EcsCluster", name, {}, opts);
        const namespace = new aws.servicediscovery.HttpNamespace(childName(name, "namespace"), {
            name: args.namespace,
            description: `Service Connect names of ${args.namePrefix}`,
        }, { parent: this });

        const execLogs = encryptedLogGroup(childName(name, "exec-logs"), {
            namePrefix: execLogGroupPrefix(args.namePrefix),
            retentionInDays: args.execLogRetentionInDays,
            kmsKeyArn: args.logsKeyArn,
            protect: args.protect,
        }, { parent: this });

        const cluster = new aws.ecs.Cluster(childName(name, "ecs"), {
            name: args.clusterName,
            settings: [{ name: "containerInsights", value: args.containerInsights }],
            configuration: {
                executeCommandConfiguration: {
                    kmsKeyId: args.dataKeyArn,
                    logging: "OVERRIDE",
                    logConfiguration: { cloudWatchEncryptionEnabled: true, cloudWatchLogGroupName: execLogs.name },
                },
            },
            serviceConnectDefaults: { namespace: namespace.arn },
        }, { parent: this });

        this.capacityProviders = new aws.ecs.ClusterCapacityProviders(childName(name, "capacity"), {
            clusterName: cluster.name,
            capacityProviders: ["FARGATE", "FARGATE_SPOT"],
            // Services choose Spot themselves; anything that does not says runs on FARGATE.
            defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
        }, { parent: this });

        this.name = cluster.name;
        this.arn = cluster.arn;
        this.namespaceArn = namespace.arn;
        this.namespaceName = args.namespace;
        this.execLogGroupName = execLogs.name;
        this.execLogGroupArn = execLogs.arn;
        this.execSessionKeyArn = args.dataKeyArn;
        this.registerOutputs({ name: this.name, arn: this.arn, namespaceArn: this.namespaceArn });
    }
}

// Wiring of the compute tier: the cluster, a repository per service (or one another stack
// owns), and each service of the services section with its scaling, reading the data tier's
// secrets by ARN and attached to the edge tier's target groups.
import * as pulumi from "@pulumi/pulumi";
import { EcsCluster } from "../components/compute/cluster";
import { FargateService, ServiceSecret } from "../components/compute/fargate-service";
import { ContainerRepository } from "../components/compute/repository";
import { ServiceScaling } from "../components/compute/service-scaling";
import { ServiceSettings } from "./config/services";
import { parseSecretReference } from "./config/secret-catalog";
import { TierContext } from "./context";
import { DataTier } from "./data";
import { EdgeTier } from "./edge";
import { KeysTier } from "./keys";
import { NetworkTier } from "./network";
import { SecretsTier } from "./secrets";
import { clusterNameOf, serviceNameOf } from "./service-names";
import { SecretReference, TierHandle } from "./tier";

/** What later tiers receive from compute: the names CloudWatch's ECS metrics are keyed by. */
export interface ComputeTier extends TierHandle {
    readonly clusterName: pulumi.Output<string>;
    /** Per service of config: its ECS service name. */
    readonly serviceNames: Readonly<Record<string, pulumi.Output<string>>>;
}

/** The secrets a service reads, by the names config uses, resolved to the data tier's ARNs. */
export function secretsOf(settings: ServiceSettings, secrets: Readonly<Record<string, SecretReference>>): ServiceSecret[] {
    return Object.entries(settings.secrets).map(([name, reference]) => {
        const { secret, key } = parseSecretReference(reference)!;
        return { name, secretArn: secrets[secret].arn, jsonKey: key };
    });
}

/** repository "create" is this stack's; a URL names one another stack or account owns. */
function externalRepositoryArn(url: string): string {
    const [, account, region, name] = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/.exec(url)!;
    return `arn:aws:ecr:${region}:${account}:repository/${name}`;
}

function imageOf(repositoryUrl: pulumi.Input<string>, image: string): pulumi.Output<string> {
    return pulumi.interpolate`${repositoryUrl}${image.startsWith("sha256:") ? "@" : ":"}${image}`;
}

export function buildComputeTier(context: TierContext, deps: { keys: KeysTier; network: NetworkTier; data: DataTier; secrets: SecretsTier; edge: EdgeTier }): ComputeTier {
    const { config, namePrefix, providers } = context;
    const { keys, network, data, secrets: applicationSecrets, edge } = deps;
    const opts = { providers: [providers.aws] };
    const protect = config.protectStatefulResources;
    const cluster = new EcsCluster(`${namePrefix}-cluster`, {
        namePrefix,
        clusterName: clusterNameOf(namePrefix),
        containerInsights: config.cluster.containerInsights,
        namespace: `${namePrefix}.internal`,
        execLogRetentionInDays: config.cluster.execLogRetentionInDays,
        logsKeyArn: keys.logs.arn,
        dataKeyArn: keys.data.arn,
        protect,
    }, opts);

    const secrets = { postgres: data.postgres.secret, timescale: data.timescale.secret, cache: data.cache.secret, jwt: applicationSecrets.jwt, newrelic: applicationSecrets.newrelic };
    const built = Object.entries(config.services).map(([name, settings]) => {
        const repository =
            settings.repository === "create"
                ? new ContainerRepository(`${namePrefix}-${name}-images`, {
                      repositoryName: `hse/${name}`,
                      dataKeyArn: keys.data.arn,
                      untaggedExpiryDays: config.cluster.repositories.untaggedExpiryDays,
                      taggedImagesKept: config.cluster.repositories.taggedImagesKept,
                      protect,
                  }, opts)
                : { url: pulumi.output(settings.repository.url), arn: pulumi.output(externalRepositoryArn(settings.repository.url)) };
        const portOf = (portName: string) => settings.ports.find((p) => p.name === portName)!.port;
        const targetGroups = [
            ...(settings.alb ? [{ arn: edge.albTargetGroups[name].arn, containerPort: portOf(settings.alb.port), routedBy: edge.albTargetGroups[name].routedBy }] : []),
            ...(settings.nlb && edge.nlb?.service === name ? [{ arn: edge.nlb.targetGroupArn, containerPort: portOf(settings.nlb.port), routedBy: edge.nlb.routedBy }] : []),
        ];
        const serviceName = serviceNameOf(namePrefix, name);
        const service = new FargateService(`${namePrefix}-${name}`, {
            namePrefix,
            region: config.region,
            serviceName,
            shortName: name,
            clusterArn: cluster.arn,
            clusterName: cluster.name,
            capacityProviders: cluster.capacityProviders,
            image: imageOf(repository.url, settings.image),
            repositoryArn: repository.arn,
            cpu: settings.cpu,
            memory: settings.memory,
            architecture: settings.architecture,
            spot: settings.spot,
            ports: settings.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
            healthCheck: settings.healthCheck,
            stopTimeoutSeconds: settings.stopTimeoutSeconds,
            environment: settings.environment,
            secrets: secretsOf(settings, secrets),
            secretsKeyArn: keys.secrets.arn,
            user: settings.user,
            desiredCount: settings.desiredCount,
            healthCheckGracePeriodSeconds: settings.healthCheckGracePeriodSeconds,
            subnetIds: network.subnetIds.private,
            // The shared group (load balancers in, gRPC, the internet out) and the service's own,
            // which reaches only the data stores whose secrets it reads (decision 0039).
            securityGroupIds: [network.securityGroupIds.services, network.serviceSecurityGroupIds[name]],
            targetGroups,
            serviceConnect: {
                namespaceArn: cluster.namespaceArn,
                server: settings.serviceConnect && { portName: settings.serviceConnect.port, dnsName: settings.serviceConnect.dnsName, port: portOf(settings.serviceConnect.port) },
            },
            exec: config.cluster.execEnabled ? { sessionKeyArn: cluster.execSessionKeyArn, logGroupArn: cluster.execLogGroupArn } : undefined,
            logRetentionInDays: config.cluster.serviceLogRetentionInDays,
            logsKeyArn: keys.logs.arn,
            protect,
        }, opts);
        const scaling = new ServiceScaling(`${namePrefix}-${name}-scaling`, {
            clusterName: cluster.name,
            serviceName: service.serviceName,
            minCount: settings.minCount,
            maxCount: settings.maxCount,
            targets: settings.scaling,
            scaleOutCooldownSeconds: settings.scaling.scaleOutCooldownSeconds,
            scaleInCooldownSeconds: settings.scaling.scaleInCooldownSeconds,
            nlbArnSuffix: edge.nlb?.service === name ? edge.nlb.arnSuffix : undefined,
        }, opts);
        return { name, service, repositoryUrl: repository.url, image: settings.image, sizing: { ...service.sizing, ...scaling.sizing } };
    });

    return {
        clusterName: cluster.name,
        serviceNames: Object.fromEntries(built.map((b) => [b.name, b.service.serviceName])),
        outputs: {
            clusterName: cluster.name,
            serviceConnectNamespace: cluster.namespaceName,
            services: Object.fromEntries(built.map((b) => [b.name, { serviceName: b.service.serviceName, repositoryUrl: b.repositoryUrl, image: b.image, taskDefinitionArn: b.service.taskDefinitionArn, logGroupName: b.service.logGroupName }])),
            // What the tier costs by, as its components declared it (docs/outputs.md).
            sizing: { services: Object.fromEntries(built.map((b) => [b.name, b.sizing])) },
        },
    };
}

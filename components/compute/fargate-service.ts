// One service on Fargate, from a typed spec: its task definition (container-definition.ts), an
// execution role that may pull its image and read exactly its secrets, a task role with only
// what it needs, an encrypted log group, and the service: private subnets, no public IP,
// circuit breaker with rollback, zero-downtime deployments, zone rebalancing, Service Connect,
// and a desired count that autoscaling owns after creation.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson, Statement } from "../shared/iam";
import { encryptedLogGroup } from "../shared/log-group";
import { LogRetentionDays } from "../shared/logs";
import { childName } from "../shared/naming";
import { containerDefinition, HealthCheckSpec, PortSpec, taskVolumes } from "./container-definition";
import { CpuArchitecture } from "./fargate";
import { serviceLogGroupPrefix } from "./fixed-names";

/** What ECS Exec needs in the task role (ECS developer guide, "Monitor containers with ECS Exec"). */
export const EXEC_ACTIONS = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"];

/** The cluster's ECS Exec settings a task must be able to use: the session key and the session log group. */
export interface ExecSessions {
    readonly sessionKeyArn: pulumi.Input<string>;
    readonly logGroupArn: pulumi.Input<string>;
}

/**
 * The task role's statements for ECS Exec with encrypted, logged sessions (ECS developer guide,
 * "Monitor containers with ECS Exec", IAM permissions): the SSM channels; Decrypt of the session
 * key, for sessions only (their encryption context); and the agent's upload of the session log:
 * it first checks the group exists and is encrypted (DescribeLogGroups, which takes no log group
 * resource), then writes its stream.
 */
export function execTaskStatements(exec: ExecSessions): Statement[] {
    return [
        { sid: "EcsExecSessions", actions: [...EXEC_ACTIONS], resources: ["*"] },
        {
            sid: "DecryptExecSessions",
            actions: ["kms:Decrypt"],
            resources: [exec.sessionKeyArn],
            conditions: [{ test: "Null", variable: "kms:EncryptionContext:aws:ssm:SessionId", values: ["false"] }],
        },
        { sid: "FindExecSessionLogGroup", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
        { sid: "WriteExecSessionLogs", actions: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], resources: [pulumi.interpolate`${exec.logGroupArn}:*`] },
    ];
}

export interface ServiceSecret {
    /** Environment variable name in the container. */
    readonly name: string;
    readonly secretArn: pulumi.Input<string>;
    readonly jsonKey: string;
}

export interface FargateServiceArgs {
    readonly namePrefix: string;
    readonly region: string;
    /** Physical service name (and task family), e.g. hse-dev-monolith. */
    readonly serviceName: string;
    /** The short name: container name and Service Connect discovery name. */
    readonly shortName: string;
    readonly clusterArn: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    /** The cluster's capacity-provider association: a strategy may name only associated providers. */
    readonly capacityProviders: pulumi.Resource;
    /** Full image reference: <repository>:<tag> or <repository>@<digest>. */
    readonly image: pulumi.Input<string>;
    readonly repositoryArn: pulumi.Input<string>;
    readonly cpu: number;
    readonly memory: number;
    readonly architecture: CpuArchitecture;
    readonly spot: boolean;
    readonly ports: readonly PortSpec[];
    readonly healthCheck: HealthCheckSpec;
    readonly stopTimeoutSeconds: number;
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: readonly ServiceSecret[];
    readonly secretsKeyArn: pulumi.Input<string>;
    /** uid[:gid] the container runs as (config defaults it to a non-root user). */
    readonly user: string;
    /** Tasks at creation; autoscaling owns the count afterwards. */
    readonly desiredCount: number;
    readonly healthCheckGracePeriodSeconds: number;
    readonly subnetIds: pulumi.Input<string>[];
    readonly securityGroupIds: pulumi.Input<string>[];
    /** Each with the listener and rules that forward to it (`routedBy`): the service waits for them. */
    readonly targetGroups: readonly { readonly arn: pulumi.Input<string>; readonly containerPort: number; readonly routedBy: readonly pulumi.Resource[] }[];
    readonly serviceConnect: { readonly namespaceArn: pulumi.Input<string>; readonly server?: { readonly portName: string; readonly dnsName: string; readonly port: number } };
    /** ECS Exec into this service's containers (absent: off). */
    readonly exec?: ExecSessions;
    readonly logRetentionInDays: LogRetentionDays;
    readonly logsKeyArn: pulumi.Input<string>;
    readonly protect: boolean;
}

/** What the execution role may do: pull its image, write its logs, read its secrets (asserted exactly in tests). */
export function executionStatements(args: Pick<FargateServiceArgs, "repositoryArn" | "secrets" | "secretsKeyArn" | "region">, logGroupArn: pulumi.Input<string>): Statement[] {
    const secretArns = [...new Set(args.secrets.map((s) => s.secretArn))];
    return [
        // GetAuthorizationToken has no resource (ECR service authorization reference).
        { sid: "AuthenticateToEcr", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
        { sid: "PullItsImage", actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], resources: [args.repositoryArn] },
        { sid: "WriteItsLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [pulumi.interpolate`${logGroupArn}:*`] },
        ...(secretArns.length > 0
            ? [
                  { sid: "ReadItsSecrets", actions: ["secretsmanager:GetSecretValue"], resources: secretArns },
                  {
                      sid: "DecryptThemThroughSecretsManager",
                      actions: ["kms:Decrypt"],
                      resources: [args.secretsKeyArn],
                      conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${args.region}.amazonaws.com`] }],
                  },
              ]
            : []),
    ];
}

/** What the service's tasks cost by: the values its task definition and service are built from (the `sizing` stack output). */
export interface TaskSizing {
    /** CPU units (1024 = 1 vCPU). */
    readonly cpu: number;
    /** MiB. */
    readonly memory: number;
    readonly architecture: CpuArchitecture;
    readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
    /** The count a new service starts with; autoscaling owns it afterwards. */
    readonly desiredCount: number;
}

/** The sizing of a service with these arguments; its task definition and service are declared from the same object. */
export function taskSizing(args: FargateServiceArgs): TaskSizing {
    return { cpu: args.cpu, memory: args.memory, architecture: args.architecture, capacityProvider: args.spot ? "FARGATE_SPOT" : "FARGATE", desiredCount: args.desiredCount };
}

export class FargateService extends pulumi.ComponentResource {
    readonly sizing: TaskSizing;
    readonly serviceName: pulumi.Output<string>;
    readonly serviceArn: pulumi.Output<string>;
    readonly taskDefinitionArn: pulumi.Output<string>;
    readonly executionRoleArn: pulumi.Output<string>;
    readonly taskRoleArn: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:compute:FargateService", name, {}, opts);
        const invokeOpts = { parent: this };
        const account = aws.getCallerIdentityOutput({}, invokeOpts).accountId;
        const sizing = taskSizing(args);
        this.sizing = sizing;
        const logGroup = encryptedLogGroup(childName(name, "logs"), {
            namePrefix: serviceLogGroupPrefix(args.namePrefix, args.shortName),
            retentionInDays: args.logRetentionInDays,
            kmsKeyArn: args.logsKeyArn,
            protect: args.protect,
        }, { parent: this });

        const trust = aws.iam.getPolicyDocumentOutput({
            statements: [{
                effect: "Allow",
                actions: ["sts:AssumeRole"],
                principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
                conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
            }],
        }, invokeOpts).json;
        const executionRole = new aws.iam.Role(childName(name, "execution-role"), {
            description: `Starts ${args.serviceName}'s tasks: pulls its image, writes its logs, reads its secrets`,
            assumeRolePolicy: trust,
        }, { parent: this });
        const executionPolicy = new aws.iam.RolePolicy(childName(name, "execution-policy"), {
            role: executionRole.id,
            policy: policyJson(executionStatements(args, logGroup.arn), invokeOpts),
        }, { parent: this });
        const taskRole = new aws.iam.Role(childName(name, "task-role"), {
            description: `What ${args.serviceName}'s code may do in AWS`,
            assumeRolePolicy: trust,
        }, { parent: this });
        const taskPolicy =
            args.exec &&
            new aws.iam.RolePolicy(childName(name, "task-policy"), {
                role: taskRole.id,
                policy: policyJson(execTaskStatements(args.exec), invokeOpts),
            }, { parent: this });

        const containers = pulumi
            .all([pulumi.output(args.image), logGroup.name, pulumi.all(args.secrets.map((s) => pulumi.output(s.secretArn)))])
            .apply(([image, logGroupName, secretArns]) =>
                JSON.stringify([
                    containerDefinition({
                        name: args.shortName,
                        image,
                        ports: args.ports,
                        environment: args.environment,
                        secrets: args.secrets.map((s, i) => ({ name: s.name, secretArn: secretArns[i], jsonKey: s.jsonKey })),
                        healthCheck: args.healthCheck,
                        stopTimeoutSeconds: args.stopTimeoutSeconds,
                        logGroupName,
                        region: args.region,
                        user: args.user,
                        execEnabled: args.exec !== undefined,
                    }),
                ]),
            );
        const task = new aws.ecs.TaskDefinition(childName(name, "task"), {
            family: args.serviceName,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(sizing.cpu),
            memory: String(sizing.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: sizing.architecture },
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            containerDefinitions: containers,
            volumes: taskVolumes(args.exec !== undefined).map((v) => ({ name: v.name })),
        }, { parent: this, dependsOn: [executionPolicy] });

        const server = args.serviceConnect.server;
        const service = new aws.ecs.Service(childName(name, "service"), {
            name: args.serviceName,
            cluster: args.clusterArn,
            taskDefinition: task.arn,
            desiredCount: sizing.desiredCount,
            capacityProviderStrategies: [{ capacityProvider: sizing.capacityProvider, weight: 1 }],
            platformVersion: "LATEST",
            networkConfiguration: { subnets: args.subnetIds, securityGroups: args.securityGroupIds, assignPublicIp: false },
            loadBalancers: args.targetGroups.map((tg) => ({ targetGroupArn: tg.arn, containerName: args.shortName, containerPort: tg.containerPort })),
            ...(args.targetGroups.length > 0 ? { healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds } : {}),
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            availabilityZoneRebalancing: "ENABLED",
            enableExecuteCommand: args.exec !== undefined,
            enableEcsManagedTags: true,
            propagateTags: "SERVICE",
            serviceConnectConfiguration: {
                enabled: true,
                namespace: args.serviceConnect.namespaceArn,
                services: server ? [{ portName: server.portName, discoveryName: args.shortName, clientAlias: [{ port: server.port, dnsName: server.dnsName }] }] : [],
                logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logGroup.name, "awslogs-region": args.region, "awslogs-stream-prefix": "service-connect" } },
            },
            // `pulumi up` returns once ECS accepts the deployment. Waiting would not report a
            // circuit-breaker rollback anyway (the service is steady again on the old revision;
            // terraform-provider-aws #19519, #20858), so the deploy pipeline checks the rollout.
            waitForSteadyState: false,
            // Changing the capacity provider strategy (spot on or off) is an in-place update only
            // with this set; without it the provider replaces the service, whose fixed name and
            // Service Connect discovery name the old one still holds (pulumi-aws ecs.Service,
            // capacityProviderStrategies: "Updating this argument requires forceNewDeployment = true").
            // It acts only on updates Pulumi makes anyway: a new task definition rolls out regardless.
            forceNewDeployment: true,
        }, {
            parent: this,
            // ECS attaches a service to a target group only once a listener forwards to it, and a
            // capacity provider strategy may name only providers associated with the cluster; the
            // provider would retry the first for minutes and fail the second outright.
            // A task started before its role may use Exec would start an agent that cannot connect.
            dependsOn: [args.capacityProviders, ...args.targetGroups.flatMap((tg) => tg.routedBy), ...(taskPolicy ? [taskPolicy] : [])],
            // Autoscaling owns the count: a `pulumi up` never resets a scaled-out service.
            ignoreChanges: ["desiredCount"],
        });

        this.serviceName = service.name;
        this.serviceArn = service.arn;
        this.taskDefinitionArn = task.arn;
        this.executionRoleArn = executionRole.arn;
        this.taskRoleArn = taskRole.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ serviceName: this.serviceName, taskDefinitionArn: this.taskDefinitionArn });
    }
}

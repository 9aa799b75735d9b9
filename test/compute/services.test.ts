// The cluster, the repositories and the two services of seed §10.2.1, per environment: sizes,
// containers, secrets by ARN, roles asserted exactly, deployment safety, Service Connect, scaling.
import { expect } from "chai";
import { lifecyclePolicy } from "../../components/compute/repository";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { statementsBySid } from "../data/types";

const T = {
    cluster: "aws:ecs/cluster:Cluster",
    capacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    namespace: "aws:servicediscovery/httpNamespace:HttpNamespace",
    repository: "aws:ecr/repository:Repository",
    lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    task: "aws:ecs/taskDefinition:TaskDefinition",
    service: "aws:ecs/service:Service",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    target: "aws:appautoscaling/target:Target",
    policy: "aws:appautoscaling/policy:Policy",
};

const COUNTS = {
    // dev: X86_64 on Spot, the cheapest (Spot runs X86_64 only; decision 0024).
    dev: { monolith: [1, 1, 1], devices: [1, 1, 1], spot: true, architecture: "X86_64", exec: true, insights: "enabled", logDays: 7 },
    staging: { monolith: [1, 1, 2], devices: [1, 1, 2], spot: false, architecture: "ARM64", exec: true, insights: "enabled", logDays: 30 },
    production: { monolith: [2, 2, 10], devices: [2, 2, 8], spot: false, architecture: "ARM64", exec: false, insights: "enhanced", logDays: 30 },
};

for (const [stack, expected] of Object.entries(COUNTS)) {
    describe(`compute tier of ${stack}`, () => {
        let built: BuiltStack;
        let cluster: ResourceSet;
        const svc: Record<string, ResourceSet> = {};
        before(async () => {
            built = await buildStack(stack);
            cluster = built.subtree(`hse-${stack}-cluster`);
            for (const name of ["monolith", "devices"]) svc[name] = built.subtree(`hse-${stack}-${name}`);
        });
        const protect = stack === "production";
        const keyArn = (purpose: string) => built.named(`hse-${stack}-keys-${purpose}-key`).outputs?.arn;
        const account = () => keyArn("data").split(":")[4];
        const container = (name: string) => JSON.parse(svc[name].one(T.task).inputs.containerDefinitions)[0];
        const applicationSecrets: Record<string, string> = { jwt: "jwt", newrelic: "newRelic" };
        const secretArn = (name: string) => (name in applicationSecrets ? built.outputs.secrets[applicationSecrets[name]].secretArn : built.outputs.data[name].appSecretArn);

        it(`has one cluster hse-${stack} with Container Insights ${expected.insights} and encrypted, logged ECS Exec`, () => {
            const ecs = cluster.one(T.cluster);
            expect(ecs.inputs.name).to.equal(`hse-${stack}`);
            expect(ecs.inputs.settings).to.deep.equal([{ name: "containerInsights", value: expected.insights }]);
            const execLogs = cluster.one(T.logGroup);
            expect(execLogs.inputs).to.include({ kmsKeyId: keyArn("logs"), retentionInDays: expected.logDays });
            expect(ecs.inputs.configuration.executeCommandConfiguration).to.deep.equal({
                kmsKeyId: keyArn("data"),
                logging: "OVERRIDE",
                logConfiguration: { cloudWatchEncryptionEnabled: true, cloudWatchLogGroupName: execLogs.outputs?.name },
            });
            expect(cluster.one(T.capacity).inputs).to.deep.include({ capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }] });
            expect(cluster.one(T.namespace).inputs.name).to.equal(`hse-${stack}.internal`);
            expect(ecs.inputs.serviceConnectDefaults).to.deep.equal({ namespace: cluster.one(T.namespace).outputs?.arn });
        });

        it("keeps each service's images in an immutable, scanned, encrypted repository with a lifecycle", () => {
            for (const name of ["monolith", "devices"]) {
                const images = built.subtree(`hse-${stack}-${name}-images`);
                const repo = images.one(T.repository);
                expect(repo.inputs).to.include({ name: `hse/${name}`, imageTagMutability: "IMMUTABLE", forceDelete: !protect });
                expect(repo.inputs.imageScanningConfiguration).to.deep.equal({ scanOnPush: true });
                expect(repo.inputs.encryptionConfigurations).to.deep.equal([{ encryptionType: "KMS", kmsKey: keyArn("data") }]);
                expect([repo.protect, repo.retainOnDelete]).to.deep.equal([protect, protect]);
                expect(images.one(T.lifecycle).inputs.policy).to.equal(lifecyclePolicy(7, 30));
            }
        });

        it(`runs the monolith at 1 vCPU / 2 GB on ${expected.architecture}, port 8080, with the seed's health check`, () => {
            const task = svc.monolith.one(T.task);
            expect(task.inputs).to.include({ family: `hse-${stack}-monolith`, cpu: "1024", memory: "2048", networkMode: "awsvpc" });
            expect(task.inputs.requiresCompatibilities).to.deep.equal(["FARGATE"]);
            expect(task.inputs.runtimePlatform).to.deep.equal({ operatingSystemFamily: "LINUX", cpuArchitecture: expected.architecture });
            const c = container("monolith");
            expect(c.image).to.equal(`${account()}.dkr.ecr.us-east-1.amazonaws.com/hse/monolith:1.0.0`);
            expect(c.portMappings).to.deep.equal([{ name: "http", containerPort: 8080, protocol: "tcp", appProtocol: "http" }]);
            expect(c.healthCheck).to.deep.equal({ command: ["CMD-SHELL", "curl -f http://localhost:8080/health/readiness || exit 1"], interval: 30, timeout: 5, retries: 3, startPeriod: 60 });
        });

        it("runs the devices service at 2 vCPU / 4 GB with HTTP 8080, gRPC 50051 and device TCP 5000", () => {
            expect(svc.devices.one(T.task).inputs).to.include({ cpu: "2048", memory: "4096" });
            expect(container("devices").portMappings).to.deep.equal([
                { name: "http", containerPort: 8080, protocol: "tcp", appProtocol: "http" },
                { name: "grpc", containerPort: 50051, protocol: "tcp", appProtocol: "grpc" },
                { name: "devices", containerPort: 5000, protocol: "tcp" },
            ]);
        });

        it("runs containers as a non-root user (ECS.20), with a read-only root, a scratch volume, no privilege, a stop timeout, non-blocking logs", () => {
            for (const name of ["monolith", "devices"]) {
                const c = container(name);
                expect(c).to.include({ user: "1000:1000", readonlyRootFilesystem: true, privileged: false, stopTimeout: 30, essential: true });
                // ECS Exec's agent needs its directories writable beside the read-only root.
                const execMounts = expected.exec
                    ? [{ sourceVolume: "ssm-agent-state", containerPath: "/var/lib/amazon", readOnly: false }, { sourceVolume: "ssm-agent-logs", containerPath: "/var/log/amazon", readOnly: false }]
                    : [];
                expect(c.mountPoints).to.deep.equal([{ sourceVolume: "scratch", containerPath: "/tmp", readOnly: false }, ...execMounts]);
                expect(svc[name].one(T.task).inputs.volumes).to.deep.equal([{ name: "scratch" }, ...execMounts.map((m) => ({ name: m.sourceVolume }))]);
                const logs = svc[name].one(T.logGroup);
                expect(logs.inputs).to.include({ kmsKeyId: keyArn("logs"), retentionInDays: expected.logDays });
                expect(c.logConfiguration).to.deep.equal({
                    logDriver: "awslogs",
                    options: { "awslogs-group": logs.outputs?.name, "awslogs-region": "us-east-1", "awslogs-stream-prefix": name, mode: "non-blocking", "max-buffer-size": "25m" },
                });
            }
        });

        it("passes every credential by ARN and JSON key, and only configuration as plain environment", () => {
            const monolith = container("monolith");
            expect(monolith.environment).to.deep.equal([
                { name: "DEVICES_GRPC_URL", value: "hse-devices.local:50051" },
                { name: "NODE_ENV", value: stack === "dev" ? "development" : stack },
            ]);
            const refs = Object.fromEntries(monolith.secrets.map((s: { name: string; valueFrom: string }) => [s.name, s.valueFrom]));
            expect(refs).to.deep.equal({
                DATABASE_HOST: `${secretArn("postgres")}:host::`,
                DATABASE_NAME: `${secretArn("postgres")}:dbname::`,
                DATABASE_PASSWORD: `${secretArn("postgres")}:password::`,
                DATABASE_PORT: `${secretArn("postgres")}:port::`,
                DATABASE_USER: `${secretArn("postgres")}:username::`,
                REDIS_HOST: `${secretArn("cache")}:host::`,
                REDIS_PASSWORD: `${secretArn("cache")}:password::`,
                REDIS_PORT: `${secretArn("cache")}:port::`,
                REDIS_USERNAME: `${secretArn("cache")}:username::`,
                JWT_SECRET: `${secretArn("jwt")}:secret::`,
                JWT_PREVIOUS_SECRET: `${secretArn("jwt")}:previous::`,
                JWT_EXPIRES_IN: `${secretArn("jwt")}:expiresIn::`,
                JWT_REFRESH_EXPIRES_IN: `${secretArn("jwt")}:refreshExpiresIn::`,
                NEW_RELIC_LICENSE_KEY: `${secretArn("newrelic")}:licenseKey::`,
                NEW_RELIC_APP_NAME: `${secretArn("newrelic")}:appName::`,
            });
            const devices = container("devices");
            expect(devices.environment).to.deep.equal([{ name: "ENVIRONMENT", value: stack === "dev" ? "development" : stack }]);
            expect(devices.secrets.find((s: { name: string }) => s.name === "TIMESCALE_PASSWORD").valueFrom).to.equal(`${secretArn("timescale")}:password::`);
            // The CA that signed TimescaleDB's server certificate, so the service can verify the server (decision 0021).
            expect(devices.secrets.find((s: { name: string }) => s.name === "TIMESCALE_CA_CERTIFICATE").valueFrom).to.equal(`${secretArn("timescale")}:caCertificate::`);
            expect(devices.secrets.find((s: { name: string }) => s.name === "NEW_RELIC_LICENSE_KEY").valueFrom).to.equal(`${secretArn("newrelic")}:licenseKey::`);
            expect(devices.secrets).to.have.length(12);
        });

        it("lets each execution role pull its image, write its logs and read exactly its secrets", () => {
            for (const [name, secrets] of [["monolith", ["postgres", "cache", "jwt", "newrelic"]], ["devices", ["timescale", "cache", "newrelic"]]] as const) {
                const policy = statementsBySid(svc[name].named(`hse-${stack}-${name}-execution-policy`).inputs.policy);
                const repo = built.subtree(`hse-${stack}-${name}-images`).one(T.repository).outputs?.arn;
                expect(policy).to.deep.equal({
                    AuthenticateToEcr: { Sid: "AuthenticateToEcr", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                    PullItsImage: { Sid: "PullItsImage", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], Resource: repo },
                    WriteItsLogs: { Sid: "WriteItsLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${svc[name].one(T.logGroup).outputs?.arn}:*` },
                    ReadItsSecrets: { Sid: "ReadItsSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secrets.map(secretArn) },
                    DecryptThemThroughSecretsManager: {
                        Sid: "DecryptThemThroughSecretsManager",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: keyArn("secrets"),
                        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
                    },
                });
                const trust = JSON.parse(svc[name].named(`hse-${stack}-${name}-execution-role`).inputs.assumeRolePolicy).Statement;
                expect(trust).to.deep.equal([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": account() } } }]);
            }
        });

        it(`gives each task role ${expected.exec ? "exactly what encrypted, logged ECS Exec sessions need" : "no permission at all (no ECS Exec in production)"}`, () => {
            const execLogGroupArn = cluster.one(T.logGroup).outputs?.arn;
            for (const name of ["monolith", "devices"]) {
                const policies = svc[name].ofType(T.rolePolicy).filter((p) => p.name.endsWith("-task-policy"));
                expect(svc[name].one(T.service).inputs.enableExecuteCommand).to.equal(expected.exec);
                if (!expected.exec) {
                    expect(policies).to.deep.equal([]);
                    continue;
                }
                expect(policies).to.have.length(1);
                expect(statementsBySid(policies[0].inputs.policy)).to.deep.equal({
                    EcsExecSessions: { Sid: "EcsExecSessions", Effect: "Allow", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*" },
                    DecryptExecSessions: {
                        Sid: "DecryptExecSessions",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: keyArn("data"),
                        Condition: { Null: { "kms:EncryptionContext:aws:ssm:SessionId": "false" } },
                    },
                    FindExecSessionLogGroup: { Sid: "FindExecSessionLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
                    WriteExecSessionLogs: {
                        Sid: "WriteExecSessionLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                        Resource: `${execLogGroupArn}:*`,
                    },
                });
                // The session key is the cluster's, and the service starts only once its role may use it.
                expect(cluster.one(T.cluster).inputs.configuration.executeCommandConfiguration.kmsKeyId).to.equal(keyArn("data"));
                expect(svc[name].one(T.service).dependencies).to.include(policies[0].urn);
            }
        });

        it(`${expected.exec ? "lets" : "would let"} the data key's policy allow exactly the session decryption the task roles ask for`, () => {
            const keyPolicy = statementsBySid(built.named(`hse-${stack}-keys-data-key`).inputs.policy);
            expect(keyPolicy.EcsExecSessionsOfThisAccount).to.deep.equal({
                Sid: "EcsExecSessionsOfThisAccount",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${account()}:root` },
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: "*",
                Condition: { Null: { "kms:EncryptionContext:aws:ssm:SessionId": "false" } },
            });
            // No other statement lets a task role decrypt directly: the rest is through AWS services only
            // (statements for service principals, CloudWatch and EventBridge publishing to the alerts topic, name no role).
            const others = Object.values(keyPolicy).filter((st: any) => st.Sid !== "EcsExecSessionsOfThisAccount" && st.Principal.AWS !== undefined && [st.Action].flat().includes("kms:Decrypt"));
            for (const st of others) expect(st.Condition.StringEquals["kms:ViaService"], st.Sid).to.not.equal(undefined);
        });

        it("deploys without downtime: circuit breaker with rollback, 100 % / 200 %, zone rebalancing, no public IP; tasks tagged like their service", () => {
            const network = built.outputs.network;
            for (const name of ["monolith", "devices"]) {
                const service = svc[name].one(T.service);
                expect(service.inputs).to.include({
                    name: `hse-${stack}-${name}`,
                    deploymentMinimumHealthyPercent: 100,
                    deploymentMaximumPercent: 200,
                    availabilityZoneRebalancing: "ENABLED",
                    platformVersion: "LATEST",
                    healthCheckGracePeriodSeconds: 60,
                    enableExecuteCommand: expected.exec,
                    enableEcsManagedTags: true,
                    propagateTags: "SERVICE",
                    waitForSteadyState: false,
                });
                expect(service.inputs.deploymentCircuitBreaker).to.deep.equal({ enable: true, rollback: true });
                // The shared group and the service's own (decision 0039).
                const ownGroup = built.named(`hse-${stack}-service-${name}-sg`, "aws:ec2/securityGroup:SecurityGroup").id;
                expect(service.inputs.networkConfiguration).to.deep.equal({ subnets: network.subnetIds.private, securityGroups: [network.securityGroupIds.services, ownGroup], assignPublicIp: false });
                expect(service.inputs.capacityProviderStrategies).to.deep.equal([{ capacityProvider: expected.spot ? "FARGATE_SPOT" : "FARGATE", weight: 1 }]);
                expect(service.ignoreChanges).to.deep.equal(["desiredCount"]);
                expect(service.inputs.desiredCount).to.equal(expected[name as "monolith" | "devices"][0]);
            }
        });

        it("attaches the monolith to the ALB, and the devices service to the ALB and the NLB", () => {
            const alb = built.subtree(`hse-${stack}-alb`);
            const tg = (service: string) => alb.named(`hse-${stack}-alb-${service}-tg`).outputs?.arn;
            expect(svc.monolith.one(T.service).inputs.loadBalancers).to.deep.equal([{ targetGroupArn: tg("monolith"), containerName: "monolith", containerPort: 8080 }]);
            expect(svc.devices.one(T.service).inputs.loadBalancers).to.deep.equal([
                { targetGroupArn: tg("devices"), containerName: "devices", containerPort: 8080 },
                { targetGroupArn: built.subtree(`hse-${stack}-nlb`).one("aws:lb/targetGroup:TargetGroup").outputs?.arn, containerName: "devices", containerPort: 5000 },
            ]);
        });

        it("offers the devices' gRPC port to the monolith as hse-devices.local:50051 (Service Connect)", () => {
            const namespace = cluster.one(T.namespace).outputs?.arn;
            expect(svc.devices.one(T.service).inputs.serviceConnectConfiguration).to.deep.include({
                enabled: true,
                namespace,
                services: [{ portName: "grpc", discoveryName: "devices", clientAlias: [{ port: 50051, dnsName: "hse-devices.local" }] }],
            });
            expect(svc.monolith.one(T.service).inputs.serviceConnectConfiguration).to.deep.include({ enabled: true, namespace, services: [] });
        });

        it("scales the monolith on CPU 70 % and memory 80 %, cooling down 60 s out and 300 s in", () => {
            const scaling = built.subtree(`hse-${stack}-monolith-scaling`);
            const [desired, min, max] = expected.monolith;
            expect(desired).to.be.at.least(min);
            expect(scaling.one(T.target).inputs).to.deep.include({ minCapacity: min, maxCapacity: max, serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: `service/hse-${stack}/hse-${stack}-monolith` });
            const configs = Object.fromEntries(scaling.ofType(T.policy).map((p) => [p.name.split("-").pop(), p.inputs.targetTrackingScalingPolicyConfiguration]));
            expect(configs).to.deep.equal({
                cpu: { targetValue: 70, scaleOutCooldown: 60, scaleInCooldown: 300, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } },
                memory: { targetValue: 80, scaleOutCooldown: 60, scaleInCooldown: 300, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } },
            });
        });

        it("scales the devices service on 1000 device connections per task: NLB flows over running tasks", () => {
            const scaling = built.subtree(`hse-${stack}-devices-scaling`);
            expect(scaling.one(T.target).inputs).to.deep.include({ minCapacity: expected.devices[1], maxCapacity: expected.devices[2] });
            const config = scaling.one(T.policy).inputs.targetTrackingScalingPolicyConfiguration;
            const nlbSuffix = built.subtree(`hse-${stack}-nlb`).one("aws:lb/loadBalancer:LoadBalancer").outputs?.arnSuffix;
            expect(nlbSuffix).to.match(/^net\//);
            expect(config).to.deep.equal({
                targetValue: 1000,
                scaleOutCooldown: 60,
                scaleInCooldown: 300,
                customizedMetricSpecification: {
                    metrics: [
                        { id: "flows", label: "Active device connections (NLB flows)", metricStat: { metric: { namespace: "AWS/NetworkELB", metricName: "ActiveFlowCount", dimensions: [{ name: "LoadBalancer", value: nlbSuffix }] }, stat: "Average" }, returnData: false },
                        { id: "tasks", label: "Running tasks", metricStat: { metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: [{ name: "ClusterName", value: `hse-${stack}` }, { name: "ServiceName", value: `hse-${stack}-devices` }] }, stat: "Average" }, returnData: false },
                        { id: "perTask", label: "Device connections per task", expression: "flows / tasks", returnData: true },
                    ],
                },
            });
        });

        it("exports the cluster, the services, their repositories and images", () => {
            const out = built.outputs.compute;
            expect(out.clusterName).to.equal(`hse-${stack}`);
            expect(out.services.monolith).to.deep.include({ serviceName: `hse-${stack}-monolith`, repositoryUrl: `${account()}.dkr.ecr.us-east-1.amazonaws.com/hse/monolith`, image: "1.0.0" });
            expect(out.services.devices.serviceName).to.equal(`hse-${stack}-devices`);
        });
    });
}

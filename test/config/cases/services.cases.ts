// Invalid values of the compute and edge sections: cluster, services, alb, nlb, cdn.
import { editSection, InvalidCase, keyOf } from "../edit";

const svc = keyOf("services");
const edit = (change: (s: Record<string, any>) => void) => editSection("services", change);
const monolith = (change: (m: Record<string, any>) => void) => edit((s) => change(s.monolith));
const devices = (change: (d: Record<string, any>) => void) => edit((s) => change(s.devices));

export const SERVICES_CASES: InvalidCase[] = [
    // services
    { title: "CPU and memory Fargate does not pair", edit: monolith((m) => { m.memory = 1024; }), key: svc("monolith.memory"), says: "with 1024 CPU units Fargate offers 2048, 3072" },
    { title: "CPU units that are not a Fargate size", edit: monolith((m) => { m.cpu = 1000; }), key: svc("monolith.cpu"), says: "256, 512, 1024" },
    { title: "desired count above the maximum", edit: monolith((m) => { m.desiredCount = 5; }), key: svc("monolith.desiredCount"), says: "above maxCount (1)" },
    { title: "minimum above the desired count", edit: monolith((m) => { m.minCount = 2; m.maxCount = 3; }), key: svc("monolith.desiredCount"), says: "below minCount (2)" },
    { title: "two ports with one name", edit: devices((d) => { d.ports[1].name = "http"; }), key: svc("devices.ports[1].name"), says: "used by two ports" },
    { title: "two ports with one number", edit: devices((d) => { d.ports[1].port = 8080; }), key: svc("devices.ports[1].port"), says: "used by two ports" },
    { title: "ALB forwarding to a port that does not exist", edit: monolith((m) => { m.alb.port = "web"; }), key: svc("monolith.alb.port"), says: "ports here: http" },
    { title: "Service Connect on a raw TCP port", edit: devices((d) => { d.serviceConnect.port = "devices"; }), key: svc("devices.serviceConnect.port"), says: "serviceConnect needs http or grpc" },
    { title: "NLB forwarding to a port the service does not have", edit: devices((d) => { d.nlb.port = "tcp"; }), key: svc("devices.nlb.port"), says: "ports here: http, grpc, devices" },
    { title: "NLB forwarding to an HTTP port", edit: devices((d) => { d.nlb.port = "http"; }), key: svc("devices.nlb.port"), says: "nlb needs tcp" },
    { title: "scaling with no target", edit: monolith((m) => { m.scaling = {}; }), key: svc("monolith.scaling"), says: "has no target" },
    { title: "scaling on connections without the NLB", edit: monolith((m) => { m.scaling = { connectionsPerTask: 100 }; }), key: svc("monolith.scaling.connectionsPerTask"), says: "behind the NLB" },
    { title: "a secret that does not exist", edit: monolith((m) => { m.secrets.JWT_SECRET = "vault.jwt"; }), key: svc("monolith.secrets.JWT_SECRET"), says: "not a secret key of the platform" },
    { title: "a key a secret does not have", edit: monolith((m) => { m.secrets.DATABASE_URL = "postgres.url"; }), key: svc("monolith.secrets.DATABASE_URL"), says: "postgres.{host,port" },
    { title: "a password as a plain environment value", edit: monolith((m) => { m.environment.DB_PASSWORD = "hunter2"; }), key: svc("monolith.environment.DB_PASSWORD"), says: "looks like a secret" },
    { title: "a short password name as a plain environment value", edit: monolith((m) => { m.environment.DB_PASS = "hunter2"; }), key: svc("monolith.environment.DB_PASS"), says: "looks like a secret" },
    { title: "a credentials name as a plain environment value", edit: monolith((m) => { m.environment.SMTP_CREDENTIALS = "x"; }), key: svc("monolith.environment.SMTP_CREDENTIALS"), says: "looks like a secret" },
    { title: "a URL with a password in a plain environment value", edit: devices((d) => { d.environment.BROKER_URL = "amqps://hse:hunter2@mq.internal:5671"; }), key: svc("devices.environment.BROKER_URL"), says: "holds a URL with a password" },
    { title: "a URL with only a password in a plain environment value", edit: devices((d) => { d.environment.CACHE_URL = "rediss://:hunter2@cache:6379"; }), key: svc("devices.environment.CACHE_URL"), says: "holds a URL with a password" },
    { title: "a service named like the ECS Exec log group", edit: edit((s) => { s.exec = s.monolith; delete s.monolith; }), key: svc("exec"), says: "log group prefix /hse-<env>/ecs/exec- is also held by the cluster's ECS Exec logs" },
    { title: "a service whose target group is the NLB's of another", edit: edit((s) => { s["devices-tcp"] = { ...s.monolith, alb: { port: "http", paths: ["/x/*"], priority: 300 } }; }), key: svc("devices-tcp"), says: "target group hse-<env>-devices-tcp is also held by service devices" },
    { title: "a variable both plain and secret", edit: monolith((m) => { m.environment.DATABASE_HOST = "db"; }), key: svc("monolith.environment.DATABASE_HOST"), says: "also in secrets" },
    { title: "the latest tag in staging", stack: "staging", edit: monolith((m) => { m.image = "latest"; }), key: svc("monolith.image"), says: "a tag that moves" },
    { title: "a branch name as the tag in production", stack: "production", edit: devices((d) => { d.image = "main"; }), key: svc("devices.image"), says: "pin a version, a commit SHA or a digest" },
    { title: "an image that is neither a tag nor a digest", edit: monolith((m) => { m.image = "repo/monolith:1.0"; }), key: svc("monolith.image"), says: "image tag" },
    { title: "no service is the ALB's default", edit: monolith((m) => { m.alb.default = false; }), key: "hse-platform:services", says: "0 services with alb.default" },
    { title: "two services are the ALB's default", edit: devices((d) => { d.alb.default = true; }), key: "hse-platform:services", says: "2 services with alb.default" },
    { title: "two services behind the NLB", edit: edit((s) => { s.worker = { ...s.devices, serviceConnect: undefined, alb: undefined }; delete s.worker.serviceConnect; delete s.worker.alb; }), key: "hse-platform:services", says: "2 services behind the NLB" },
    { title: "a service name too long for its target group", edit: edit((s) => { s.notificationsx = s.monolith; delete s.monolith; }), key: svc("notificationsx"), says: "2-12 characters" },
    { title: "a service name in capitals", edit: edit((s) => { s.Monolith = s.monolith; delete s.monolith; }), key: svc("Monolith"), says: "lowercase" },
    { title: "a health check timeout above 60 s", edit: monolith((m) => { m.healthCheck.timeoutSeconds = 90; }), key: svc("monolith.healthCheck.timeoutSeconds"), says: "at most 60" },
    { title: "a health check more often than every 5 s", edit: monolith((m) => { m.healthCheck.intervalSeconds = 2; }), key: svc("monolith.healthCheck.intervalSeconds"), says: "at least 5" },
    { title: "a stop timeout above Fargate's 120 s", edit: monolith((m) => { m.stopTimeoutSeconds = 300; }), key: svc("monolith.stopTimeoutSeconds"), says: "at most 120" },
    { title: "Fargate Spot with an ARM64 service", edit: monolith((m) => { m.architecture = "ARM64"; }), key: svc("monolith.spot"), says: "Fargate Spot runs Linux X86_64 tasks only" },
    { title: "Fargate Spot with the default architecture (ARM64)", stack: "staging", edit: devices((d) => { d.spot = true; }), key: svc("devices.spot"), says: "with architecture ARM64" },
    { title: "root in production", stack: "production", edit: monolith((m) => { m.user = "0"; }), key: svc("monolith.user"), says: "root, in production" },
    { title: "root with a group in production", stack: "production", edit: devices((d) => { d.user = "0:1000"; }), key: svc("devices.user"), says: "\"0:1000\", root" },
    { title: "a user name instead of a uid", edit: monolith((m) => { m.user = "app"; }), key: svc("monolith.user"), says: "uid or uid:gid" },
    { title: "an unknown CPU architecture", edit: monolith((m) => { m.architecture = "ARM"; }), key: svc("monolith.architecture"), says: "ARM64, X86_64" },
    { title: "a repository URL that is not ECR's", edit: monolith((m) => { m.repository = { url: "docker.io/hse/monolith" }; }), key: svc("monolith.repository.url"), says: "ECR repository URL" },
    { title: "a port the security groups do not open", edit: devices((d) => { d.ports.push({ name: "metrics", port: 9090, protocol: "http" }); }), key: svc("devices.ports[3].port"), says: "open only network.ports" },
    { title: "the same Service Connect name twice", edit: monolith((m) => { m.ports.push({ name: "grpc", port: 50051, protocol: "grpc" }); m.serviceConnect = { port: "grpc", dnsName: "hse-devices.local" }; }), key: svc("devices.serviceConnect.dnsName"), says: "offered by another service too" },
    { title: "ALB paths without a rule priority", edit: devices((d) => { delete d.alb.priority; }), key: svc("devices.alb.priority"), says: "needs its own rule priority" },
    { title: "two services with one ALB rule priority", edit: monolith((m) => { m.alb.paths = ["/api/*"]; m.alb.priority = 100; }), key: svc("monolith.alb.priority"), says: "100 is devices's too" },
    { title: "an ALB rule priority AWS does not accept", edit: devices((d) => { d.alb.priority = 0; }), key: svc("devices.alb.priority"), says: "at least 1" },
    { title: "the ALB rule priority of CloudFront's last rule", stack: "staging", edit: devices((d) => { d.alb.priority = 50000; }), key: svc("devices.alb.priority"), says: "at most 49999" },
    { title: "more than four path patterns for a service", edit: devices((d) => { d.alb.paths = ["/a/*", "/b/*", "/c/*", "/d/*", "/e/*"]; }), key: svc("devices.alb.paths"), says: "at most 4" },
    // cluster
    { title: "ECS Exec in production", stack: "production", edit: editSection("cluster", (c) => { c.execEnabled = true; }), key: keyOf("cluster")("execEnabled"), says: "nobody opens a shell" },
    { title: "an unknown Container Insights level", edit: editSection("cluster", (c) => { c.containerInsights = "full"; }), key: keyOf("cluster")("containerInsights"), says: "enabled, enhanced" },
    // alb
    { title: "a public name outside the hosted zone", edit: editSection("alb", (a) => { a.domain = "api-dev.example.org"; }), key: keyOf("alb")("domain"), says: "not in the zone hse.com" },
    { title: "a public name longer than DNS allows (253)", edit: editSection("alb", (a) => { a.domain = `${`${"a".repeat(63)}.`.repeat(4)}hse.com`; }), key: keyOf("alb")("domain"), says: "must be a domain name" },
    { title: "a hosted zone name with a digit after its top-level domain", edit: editSection("alb", (a) => { a.hostedZone = "hse.com1"; }), key: keyOf("alb")("hostedZone"), says: "must be a hosted zone name" },
    { title: "a TLS policy Security Hub does not accept", edit: editSection("alb", (a) => { a.tlsPolicy = "ELBSecurityPolicy-2016-08"; }), key: keyOf("alb")("tlsPolicy"), says: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" },
    { title: "a health check that times out after the next one starts", edit: editSection("alb", (a) => { a.healthCheck = { intervalSeconds: 10, timeoutSeconds: 10 }; }), key: keyOf("alb")("healthCheck.timeoutSeconds"), says: "shorter than intervalSeconds" },
    { title: "a certificate ARN that is not one", edit: editSection("alb", (a) => { a.certificateArn = "arn:aws:iam::1:server-certificate/x"; }), key: keyOf("alb")("certificateArn"), says: "ACM certificate ARN" },
    { title: "a desync mode Security Hub does not accept", edit: editSection("alb", (a) => { a.desyncMitigationMode = "monitor"; }), key: keyOf("alb")("desyncMitigationMode"), says: "defensive, strictest" },
    // nlb
    { title: "NLB health checks on a port its security group cannot reach", edit: editSection("nlb", (n) => { n.healthCheck = { port: 5000 }; }), key: keyOf("nlb")("healthCheck.port"), says: "reaches the services' HTTP port only" },
    // cdn
    { title: "CloudFront with the ALB open to the internet", edit: editSection("cdn", (c) => { c.enabled = true; }), key: keyOf("network")("albIngress.source"), says: "must take HTTPS from CloudFront only" },
    { title: "no CloudFront with the ALB open to CloudFront only", stack: "staging", edit: editSection("cdn", (c) => { c.enabled = false; }), key: keyOf("network")("albIngress.source"), says: "nothing could reach the ALB" },
    { title: "a viewer TLS policy Security Hub does not accept", stack: "staging", edit: editSection("cdn", (c) => { c.minimumProtocolVersion = "TLSv1.1_2016"; }), key: keyOf("cdn")("minimumProtocolVersion"), says: "TLSv1.2_2021" },
    { title: "a rate limit below WAF's 10", stack: "staging", edit: editSection("cdn", (c) => { c.waf = { rateLimit: 5 }; }), key: keyOf("cdn")("waf.rateLimit"), says: "at least 10" },
    { title: "an unknown managed rule group", stack: "staging", edit: editSection("cdn", (c) => { c.waf = { managedRuleGroups: ["AWSManagedRulesEverything"] }; }), key: keyOf("cdn")("waf.managedRuleGroups[0]"), says: "AWSManagedRulesCommonRuleSet" },
    { title: "a managed rule group twice", stack: "staging", edit: editSection("cdn", (c) => { c.waf = { managedRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet"] }; }), key: keyOf("cdn")("waf.managedRuleGroups"), says: "more than once" },
    { title: "a rate window WAF does not offer", stack: "staging", edit: editSection("cdn", (c) => { c.waf = { rateWindowSeconds: 30 }; }), key: keyOf("cdn")("waf.rateWindowSeconds"), says: "60, 120, 300, 600" },
];

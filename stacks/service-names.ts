// The physical names of the cluster and its services, known from config alone: the compute tier
// creates them, and the tiers before it (data, secrets) name them in the rotations and redeploys
// that must restart the services reading a secret.
import * as pulumi from "@pulumi/pulumi";
import { RedeployedService } from "../components/secrets/rotation-function";
import { physicalName } from "../components/shared/naming";
import { PlatformConfig } from "./config/load";
import { AwsCaller } from "./context";

/** The cluster's name: hse-<env>. */
export function clusterNameOf(namePrefix: string): string {
    return namePrefix;
}

/** A service's physical name: hse-<env>-<service>. */
export function serviceNameOf(namePrefix: string, service: string): string {
    return physicalName(namePrefix, service, 255);
}

/**
 * The services that read `secret` (by their config), as a rotation function redeploys them.
 * Their names are known from config, so the data and secrets tiers can name them before they exist.
 */
export function servicesReading(config: PlatformConfig, secret: string, caller: AwsCaller): RedeployedService[] {
    const cluster = clusterNameOf(config.namePrefix);
    return Object.entries(config.services)
        .filter(([, s]) => Object.values(s.secrets).some((reference) => reference.split(".")[0] === secret))
        .map(([name]) => {
            const service = serviceNameOf(config.namePrefix, name);
            return { cluster, service, arn: pulumi.interpolate`arn:${caller.partition}:ecs:${config.region}:${caller.accountId}:service/${cluster}/${service}` };
        });
}

// The cache section (`hse-platform:cache`): today only the port, which the network's security
// groups open between the services and the cache. The data tier grows it.
import { z } from "zod";
import { port } from "./fields";
import { defineSection } from "./section";

export const CACHE_DEFAULT_PORT = 6379;

export const cacheSchema = z
    .strictObject({
        port: port.default(CACHE_DEFAULT_PORT).describe("Port the cache listens on; the cache security group opens it to the services."),
    })
    .prefault({})
    .describe("Valkey / Redis (ElastiCache) for queues and caches.");

export const cacheSection = defineSection({
    key: "cache",
    summary: "Valkey / Redis (ElastiCache) for queues and caches.",
    schema: cacheSchema,
    rules: [],
    derive: (parsed) => parsed,
});

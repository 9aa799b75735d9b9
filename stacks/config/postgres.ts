// The PostgreSQL section (`hse-platform:postgres`): today only the port, which the network's
// security groups open between the services and the database. The data tier grows it.
import { z } from "zod";
import { port } from "./fields";
import { defineSection } from "./section";

export const POSTGRES_DEFAULT_PORT = 5432;

export const postgresSchema = z
    .strictObject({
        port: port.default(POSTGRES_DEFAULT_PORT).describe("Port PostgreSQL listens on; the database security group opens it to the services."),
    })
    .prefault({})
    .describe("PostgreSQL on RDS for the monolith's relational data.");

export const postgresSection = defineSection({
    key: "postgres",
    summary: "PostgreSQL (RDS) for the monolith's relational data.",
    schema: postgresSchema,
    rules: [],
    derive: (parsed) => parsed,
});

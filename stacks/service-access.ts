// Which data stores each service of config may reach: those whose secrets it reads (decision
// 0039). Known from config alone, so the network tier opens exactly these paths.
import { DATA_STORES, DataStore, ServiceAccess } from "../components/network/security-group-matrix";
import { ServiceSettings } from "./config/services";

/** The data stores whose secrets one service reads, in the catalog's order. */
export function dataStoresRead(settings: Pick<ServiceSettings, "secrets">): DataStore[] {
    const read = new Set(Object.values(settings.secrets).map((reference) => reference.split(".")[0]));
    return DATA_STORES.filter((store) => read.has(store));
}

/** Every service of config with the data stores it reads. */
export function serviceAccess(services: Readonly<Record<string, Pick<ServiceSettings, "secrets">>>): ServiceAccess[] {
    return Object.entries(services).map(([name, settings]) => ({ name, stores: dataStoresRead(settings) }));
}

// IPv4 CIDR arithmetic for config validation, built on ipaddr.js (the parser used by
// Express's proxy-addr) so that address parsing is not hand-written here.
import * as ipaddr from "ipaddr.js";

export interface Ipv4Block {
    /** The CIDR as written, e.g. "10.0.1.0/24". */
    readonly cidr: string;
    /** First address of the block as an unsigned 32-bit integer. */
    readonly first: number;
    /** Last address of the block as an unsigned 32-bit integer. */
    readonly last: number;
    readonly prefixLength: number;
}

function toUint32(address: ipaddr.IPv4): number {
    return address.toByteArray().reduce((acc, byte) => acc * 256 + byte, 0);
}

/**
 * Parses "a.b.c.d/n" strictly: four decimal octets, a prefix length, and no host bits set
 * (AWS rejects "10.0.1.5/24" for VPCs and subnets). Returns undefined for anything else.
 */
export function parseIpv4Block(cidr: string): Ipv4Block | undefined {
    const [address, prefix, ...rest] = cidr.split("/");
    if (rest.length > 0 || prefix === undefined || !/^\d{1,2}$/.test(prefix)) {
        return undefined;
    }
    if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
        return undefined;
    }
    const prefixLength = Number(prefix);
    if (prefixLength > 32) {
        return undefined;
    }
    const network = ipaddr.IPv4.networkAddressFromCIDR(cidr);
    if (network.toString() !== address) {
        return undefined;
    }
    const first = toUint32(network);
    const size = 2 ** (32 - prefixLength);
    return { cidr, first, last: first + size - 1, prefixLength };
}

export function blockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
    return inner.first >= outer.first && inner.last <= outer.last;
}

export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
    return a.first <= b.last && b.first <= a.last;
}

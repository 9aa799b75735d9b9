// The two URLs a person or CI needs after the bootstrap: where to log in, and which secrets
// provider each stack is initialised with.

/**
 * `pulumi login` URL of the S3 state bucket. Pulumi's DIY-backend guide ("Using a DIY backend",
 * AWS S3): since CLI v3.33.1 the region goes in the query string with `awssdk=v2`, and the URL is
 * quoted in a shell because of the `&`. A `profile=<name>` may be appended by whoever logs in.
 */
export function loginUrl(bucket: string, region: string): string {
    return `s3://${bucket}?region=${region}&awssdk=v2`;
}

/**
 * `--secrets-provider` of every stack of the account: the key by alias, with its region
 * (`pulumi stack init --help` and `pulumi stack change-secrets-provider --help`:
 * awskms://alias/ExampleAlias?region=us-east-1).
 */
export function secretsProviderUrl(alias: string, region: string): string {
    return `awskms://${alias}?region=${region}`;
}

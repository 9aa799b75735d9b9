// Resource types the edge tier's tests read.
export const T = {
    lb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule",
    tg: "aws:lb/targetGroup:TargetGroup",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    distribution: "aws:cloudfront/distribution:Distribution",
    acl: "aws:wafv2/webAcl:WebAcl",
    aclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    certificate: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
    logSource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
};

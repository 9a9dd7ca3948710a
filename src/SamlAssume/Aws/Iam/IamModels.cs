namespace SamlAssume.Aws.Iam;

/// <summary>iam:GetUser's User (docs.aws.amazon.com/IAM/latest/APIReference/API_User.html).</summary>
public sealed record IamUserDetails(string UserName, string UserId, string Arn);

/// <summary>One member of iam:ListMFADevices (API_MFADevice.html).</summary>
public sealed record IamMfaDevice(string UserName, string SerialNumber, DateTimeOffset? EnableDate);

/// <summary>One member of iam:ListAccessKeys (API_AccessKeyMetadata.html): never the secret.</summary>
public sealed record IamAccessKeyMetadata(string UserName, string AccessKeyId, string Status, DateTimeOffset? CreateDate);

/// <summary>iam:CreateAccessKey's AccessKey (API_AccessKey.html): the only time IAM shows the secret.</summary>
public sealed record IamNewAccessKey(string UserName, string AccessKeyId, string SecretAccessKey, DateTimeOffset? CreateDate)
{
    public override string ToString() => $"IamNewAccessKey {{ UserName = {UserName}, AccessKeyId = {AccessKeyId} }}";
}

/// <summary>sts:GetCallerIdentity's answer.</summary>
public sealed record CallerIdentity(string Account, string Arn, string UserId);

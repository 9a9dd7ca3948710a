namespace SamlAssume.TestSupport;

/// <summary>
/// The IAM users of the sandbox's default tenant (src/SamlAssume.Sandbox/default-tenant.json), for every test project.
/// Literals, so they work in constant contexts and this project needs no reference to src/; the sandbox's own test
/// <c>SandboxProgramTests.Default_tenant_has_the_documented_values</c> asserts that they equal the tenant's.
/// </summary>
public static class SandboxUsers
{
    /// <summary>The identity account the IAM users live in.</summary>
    public const string AccountId = "444444444444";

    /// <summary>alice: one access key pair and one virtual MFA device (awscli_bastion's user in the tests).</summary>
    public static class Alice
    {
        public const string Arn = "arn:aws:iam::" + AccountId + ":user/alice";
        public const string AccessKeyId = "AKIASANDBOXALICE0001";
        public const string SecretAccessKey = "sandbox/alice/long+lived/secret/key/0001";
        public const string MfaSerial = "arn:aws:iam::" + AccountId + ":mfa/alice";
        public const string TotpSecret = "KRUGKIDTMFXGIYTPPAQGC3DJMNSSAT2U";
    }

    /// <summary>bob: two virtual MFA devices; the tests use his phone's to show that alice cannot use bob's device.</summary>
    public static class Bob
    {
        public const string Arn = "arn:aws:iam::" + AccountId + ":user/bob";
        public const string AccessKeyId = "AKIASANDBOXBOB000002";
        public const string SecretAccessKey = "sandbox/bob/long+lived/secret/key/000002";
        public const string PhoneMfaSerial = "arn:aws:iam::" + AccountId + ":mfa/bob-phone";
        public const string PhoneTotpSecret = "MJXWEIDQNBXW4ZJAONSWG4TFOQQDCMRT";
        public const string LaptopMfaSerial = "arn:aws:iam::" + AccountId + ":mfa/bob-laptop";
        public const string LaptopTotpSecret = "MJXWEIDMMFYHI33QEBZWKY3SMV2CAMZU";
    }
}

namespace SamlAssume.Aws.Sessions.Tests;

/// <summary>awscli_bastion's layout and its variations, read from real files through the environment variables the AWS CLI honours.</summary>
public sealed class SharedProfilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("samlassume-profiles-").FullName;

    private const string Credentials = $"""
        [bastion]
        aws_access_key_id = {SandboxUsers.Alice.AccessKeyId}
        aws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}

        [temporary]
        aws_access_key_id = ASIAXXXXXXXXXXXXXXXX
        aws_secret_access_key = secret
        aws_session_token = token
        """;

    private const string Config = $"""
        [profile bastion-sts]
        mfa_serial = {SandboxUsers.Alice.MfaSerial}
        credential_process = samlassume session-token --source-profile bastion

        [profile dev-admin]
        role_arn = arn:aws:iam::333333333333:role/Admin
        source_profile = bastion-sts
        region = eu-west-1

        [profile prod-readonly]
        role_arn = arn:aws:iam::111111111111:role/ReadOnly
        source_profile = bastion
        duration_seconds = 43200
        role_session_name = alice

        [profile elsewhere]
        role_arn = arn:aws:iam::222222222222:role/Admin
        source_profile = temporary

        [profile nokeys]
        region = us-east-1

        [sso-session corp]
        sso_region = us-east-1
        """;

    private SharedProfiles Read()
    {
        File.WriteAllText(Path.Combine(_dir, "creds"), Credentials);
        File.WriteAllText(Path.Combine(_dir, "conf"), Config);
        var env = new Dictionary<string, string> { ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_dir, "creds"), ["AWS_CONFIG_FILE"] = Path.Combine(_dir, "conf") };
        return SharedConfigFiles.Resolve(n => env.GetValueOrDefault(n), "/nonexistent-home").Read();
    }

    [Fact]
    public void The_source_has_the_keys_and_takes_mfa_serial_from_its_session_token_profile()
    {
        var source = Read().Source("bastion");
        Assert.Equal((SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.MfaSerial), (source.AccessKeyId, source.MfaSerial));
        Assert.DoesNotContain("secret", source.ToString());
    }

    [Fact]
    public void Roles_lead_to_the_source_directly_or_through_the_session_token_profile()
    {
        var profiles = Read();
        Assert.Equal(["dev-admin", "prod-readonly"], profiles.RolesLeadingTo("bastion").Select(r => r.Name));
        var prod = profiles.Role("prod-readonly", "bastion");
        Assert.Equal((43200, "alice"), (prod.DurationSeconds, prod.RoleSessionName));
        Assert.Equal("eu-west-1", profiles.Role("dev-admin", "bastion").Region);
        Assert.Equal("bastion", profiles.SourceOf("dev-admin"));
    }

    [Fact]
    public void Bad_profiles_say_what_is_wrong_in_one_line()
    {
        var profiles = Read();
        Assert.Contains("has no aws_access_key_id and aws_secret_access_key", Assert.Throws<AwsProfileException>(() => profiles.Source("nokeys")).Message);
        Assert.Contains("holds temporary credentials", Assert.Throws<AwsProfileException>(() => profiles.Source("temporary")).Message);
        Assert.Contains("is in neither", Assert.Throws<AwsProfileException>(() => profiles.Source("missing")).Message);
        var chain = Assert.Throws<AwsProfileException>(() => profiles.Role("elsewhere", "bastion")).Message;
        Assert.Equal($"profile 'elsewhere' leads to 'temporary', which is neither source profile 'bastion' nor a `samlassume session-token --source-profile bastion` profile", chain);
        Assert.Contains("has no role_arn", Assert.Throws<AwsProfileException>(() => profiles.Role("bastion-sts", "bastion")).Message);
    }

    [Fact]
    public void Default_paths_are_under_home_and_tilde_is_expanded()
    {
        var files = SharedConfigFiles.Resolve(_ => null, "/home/u");
        Assert.Equal(("/home/u/.aws/credentials", "/home/u/.aws/config"), (files.CredentialsFile, files.ConfigFile));
        Assert.Equal("/home/u/x/creds", SharedConfigFiles.Resolve(n => n == "AWS_SHARED_CREDENTIALS_FILE" ? "~/x/creds" : null, "/home/u").CredentialsFile);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

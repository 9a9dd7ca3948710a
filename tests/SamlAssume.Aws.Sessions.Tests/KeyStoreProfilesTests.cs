namespace SamlAssume.Aws.Sessions.Tests;

/// <summary>
/// Long-lived keys outside the files (aws-vault's model): which profiles SharedProfiles asks an
/// <see cref="ILongLivedKeyStore"/> about, that the files win, and that a store's failure reaches the caller unchanged.
/// </summary>
public sealed class KeyStoreProfilesTests
{
    private const string Config = $"""
        [profile bastion-sts]
        mfa_serial = {SandboxUsers.Alice.MfaSerial}
        credential_process = samlassume session-token --source-profile vault

        [profile dev-admin]
        role_arn = arn:aws:iam::333333333333:role/Admin
        source_profile = bastion-sts

        [profile direct]
        role_arn = arn:aws:iam::222222222222:role/Developer
        source_profile = vault

        [profile sso]
        sso_session = corp
        sso_account_id = 111111111111

        [profile via-sso]
        role_arn = arn:aws:iam::111111111111:role/Admin
        source_profile = sso

        [profile vault]
        region = eu-west-1

        [profile unrelated]
        role_arn = arn:aws:iam::555555555555:role/Admin
        source_profile = nowhere
        """;

    private sealed class CountingStore(Dictionary<string, LongLivedAwsKeys> keys) : ILongLivedKeyStore
    {
        public List<string> Asked { get; } = [];
        public Exception? Failure { get; init; }
        public string Name => "the test store";

        public LongLivedAwsKeys? Find(string profile)
        {
            Asked.Add(profile);
            if (Failure is not null) throw Failure;
            return keys.GetValueOrDefault(profile);
        }
    }

    private static readonly LongLivedAwsKeys Alice = new(SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.SecretAccessKey);

    [Fact]
    public void A_profile_without_keys_in_the_files_takes_them_from_the_store_with_its_file_settings()
    {
        var store = new CountingStore(new() { ["vault"] = Alice });
        var profiles = SharedProfiles.Parse("", Config, store);

        var source = profiles.Source("vault");

        Assert.Equal((Alice.AccessKeyId, Alice.SecretAccessKey), (source.AccessKeyId, source.SecretAccessKey));
        Assert.Equal((SandboxUsers.Alice.MfaSerial, "eu-west-1", "the test store"), (source.MfaSerial, source.Region, source.KeysFrom));
        Assert.Equal("vault", profiles.SourceOf("dev-admin"));
        Assert.Equal("vault", profiles.SourceOf("direct"));
        Assert.Equal(["dev-admin", "direct"], profiles.RolesLeadingTo("vault").Select(r => r.Name));
        // Each profile is asked about once, and never one whose files give other credentials (sso, role or process profiles).
        Assert.Equal(store.Asked.Distinct(), store.Asked);
        Assert.DoesNotContain("sso", store.Asked);
        Assert.DoesNotContain("bastion-sts", store.Asked);
        Assert.DoesNotContain("dev-admin", store.Asked);
        // --all walks every role profile, but asks about none that leads elsewhere.
        Assert.DoesNotContain("nowhere", store.Asked);
    }

    [Fact]
    public void Keys_in_the_credentials_file_win_and_the_store_is_not_asked()
    {
        var store = new CountingStore(new() { ["vault"] = new("AKIAFROMTHESTORE0001", "store-secret") });
        var profiles = SharedProfiles.Parse($"[vault]\naws_access_key_id = {SandboxUsers.Alice.AccessKeyId}\naws_secret_access_key = file-secret\n", Config, store);

        Assert.Equal(SandboxUsers.Alice.AccessKeyId, profiles.Source("vault").AccessKeyId);
        Assert.Equal("credentials", profiles.Source("vault").KeysFrom);
        Assert.Empty(store.Asked);
    }

    [Fact]
    public void A_profile_in_neither_file_may_still_have_keys_in_the_store()
    {
        var store = new CountingStore(new() { ["keyring-only"] = Alice });
        var profiles = SharedProfiles.Parse("", "", store);

        Assert.Equal(Alice.AccessKeyId, profiles.Source("keyring-only").AccessKeyId);
        Assert.Null(profiles.Source("keyring-only").MfaSerial);
        Assert.StartsWith("profile 'nowhere' is in neither credentials nor config, and the test store has no keys for it (store them with",
            Assert.Throws<AwsProfileException>(() => profiles.Source("nowhere")).Message);
    }

    [Fact]
    public void Without_keys_anywhere_the_message_names_both_places_and_the_store_is_never_asked_for_other_credentials()
    {
        var store = new CountingStore([]);
        var profiles = SharedProfiles.Parse("", Config, store);

        Assert.StartsWith($"profile 'vault' has no aws_access_key_id and aws_secret_access_key in credentials, and the test store has none for it",
            Assert.Throws<AwsProfileException>(() => profiles.Source("vault")).Message);
        Assert.StartsWith("profile 'sso' has no aws_access_key_id and aws_secret_access_key in credentials: it cannot",
            Assert.Throws<AwsProfileException>(() => profiles.Source("sso")).Message);
        Assert.Null(profiles.SourceOf("via-sso"));
        Assert.Equal(["vault"], store.Asked);
        Assert.Equal("sso_session", profiles.OtherCredentialsKey("sso"));
        Assert.Null(profiles.OtherCredentialsKey("vault"));
    }

    [Fact]
    public void A_store_that_cannot_answer_fails_the_lookup_with_its_own_exception()
    {
        var locked = new InvalidOperationException("the store is locked");
        var profiles = SharedProfiles.Parse("", Config, new CountingStore([]) { Failure = locked });

        Assert.Same(locked, Assert.Throws<InvalidOperationException>(() => profiles.Source("vault")));
        // Choosing the source needs no store: only starting a session does.
        Assert.Equal("vault", profiles.SourceOf("direct"));
        Assert.Equal("vault", profiles.SourceOf("dev-admin"));

        // A source whose keys are in the file never needs the store, even to list its roles.
        var fileKeys = SharedProfiles.Parse($"[vault]\naws_access_key_id = {SandboxUsers.Alice.AccessKeyId}\naws_secret_access_key = s\n", Config, new CountingStore([]) { Failure = locked });
        Assert.Equal(["dev-admin", "direct"], fileKeys.RolesLeadingTo("vault").Select(r => r.Name));
        // 'nowhere' is in no file, so with a store it may be a source of its own.
        Assert.Equal("profile 'unrelated' leads to source profile 'nowhere', not 'vault'",
            Assert.Throws<AwsProfileException>(() => fileKeys.Role("unrelated", "vault")).Message);
    }
}

using System.Text.RegularExpressions;

namespace SamlAssume.Sandbox.Tests;

public sealed class AssumeRoleWithSamlTests
{
    [Fact]
    public async Task Happy_path_returns_AWS_shaped_credentials()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var assertion = await calls.AssertionAsync("demo@example.com", "demo-password");
        var (status, xml) = await calls.AssumeAsync(assertion, Arns.Role("111111111111", "ReadOnly"), Arns.Provider("111111111111"), 7200);

        Assert.Equal(200, status);
        Assert.Contains("<AssumeRoleWithSAMLResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">", xml);
        Assert.Matches("^ASIA[A-Z2-7]{16}$", StsXmlReading.Value(xml, "AccessKeyId"));
        Assert.Equal(40, StsXmlReading.Value(xml, "SecretAccessKey").Length);
        Assert.False(string.IsNullOrEmpty(StsXmlReading.Value(xml, "SessionToken")));
        var expiration = DateTimeOffset.Parse(StsXmlReading.Value(xml, "Expiration"));
        Assert.InRange(expiration - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(7100), TimeSpan.FromSeconds(7201));
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/ReadOnly/demo@example.com", StsXmlReading.Value(xml, "Arn"));
        Assert.Matches(new Regex("^AROA[A-Z2-7]{17}:demo@example.com$"), StsXmlReading.Value(xml, "AssumedRoleId"));
        Assert.Equal("demo@example.com", StsXmlReading.Value(xml, "Subject"));
        Assert.Equal("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", StsXmlReading.Value(xml, "SubjectType"));
        Assert.Equal("https://app.onelogin.com/saml/metadata/424242", StsXmlReading.Value(xml, "Issuer"));
        Assert.Equal("https://signin.aws.amazon.com/saml", StsXmlReading.Value(xml, "Audience"));
        Assert.False(string.IsNullOrEmpty(StsXmlReading.Value(xml, "NameQualifier")));
        Assert.False(string.IsNullOrEmpty(StsXmlReading.Value(xml, "RequestId")));
        Assert.Equal(1, sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task Provider_first_role_values_are_accepted()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var assertion = await calls.AssertionAsync("reversed@example.com", "reversed-password");
        var (status, _) = await calls.AssumeAsync(assertion, Arns.Role("333333333333", "Developer"), Arns.Provider("333333333333"));
        Assert.Equal(200, status);
    }

    public static TheoryData<string, string, string, int?, int, string, string> Errors => new()
    {
        // user, role arn, provider arn, duration, status, code, message
        { "solo@example.com", Arns.Role("222222222222", "Admin"), Arns.Provider("222222222222"), null, 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML" },
        { "norole@example.com", Arns.Role("111111111111", "Admin"), Arns.Provider("111111111111"), null, 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML" },
        { "demo@example.com", Arns.Role("111111111111", "Admin"), "arn:aws:iam::111111111111:saml-provider/okta", null, 400, "InvalidIdentityToken", "Specified provider doesn't exist" },
        { "demo@example.com", Arns.Role("111111111111", "Admin"), "arn:aws:iam::999999999999:saml-provider/onelogin", null, 400, "InvalidIdentityToken", "Specified provider doesn't exist" },
        { "demo@example.com", Arns.Role("111111111111", "Admin"), Arns.Provider("111111111111"), 7200, 400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." },
        { "demo@example.com", Arns.Role("111111111111", "ReadOnly"), Arns.Provider("111111111111"), 899, 400, "ValidationError", "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900" },
        { "demo@example.com", Arns.Role("111111111111", "ReadOnly"), Arns.Provider("111111111111"), 43201, 400, "ValidationError", "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Each_refusal_has_AWS_code_status_and_message(string user, string roleArn, string providerArn, int? duration, int status, string code, string message)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var assertion = await calls.AssertionAsync(user, user.Split('@')[0] + "-password");
        var (actualStatus, xml) = await calls.AssumeAsync(assertion, roleArn, providerArn, duration);
        Assert.Equal(status, actualStatus);
        Assert.Contains("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">", xml);
        Assert.Equal("Sender", StsXmlReading.Value(xml, "Type"));
        Assert.Equal(code, StsXmlReading.ErrorCode(xml));
        Assert.Equal(message, StsXmlReading.ErrorMessage(xml));
        Assert.False(string.IsNullOrEmpty(StsXmlReading.Value(xml, "RequestId")));
    }

    [Fact]
    public async Task Expired_assertion_is_ExpiredTokenException()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock });
        using var calls = new SandboxCalls(sandbox);
        var assertion = await calls.AssertionAsync("demo@example.com", "demo-password");
        clock.Advance(TimeSpan.FromMinutes(5));
        var (status, xml) = await calls.AssumeAsync(assertion, Arns.Role("111111111111", "Admin"), Arns.Provider("111111111111"));
        Assert.Equal(400, status);
        Assert.Equal("ExpiredTokenException", StsXmlReading.ErrorCode(xml));
    }

    [Fact]
    public async Task Bad_role_session_name_is_InvalidIdentityToken()
    {
        var tenant = TenantJson.LoadDefault();
        var users = tenant.Users.Select(u => u.Username == "solo@example.com" ? u with { RoleSessionName = "bad name!" } : u).ToList();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TenantJson = TenantJson.Serialize(tenant with { Users = users }) });
        using var calls = new SandboxCalls(sandbox);
        var assertion = await calls.AssertionAsync("solo@example.com", "solo-password");
        var (status, xml) = await calls.AssumeAsync(assertion, Arns.Role("222222222222", "ReadOnly"), Arns.Provider("222222222222"));
        Assert.Equal(400, status);
        Assert.Equal("InvalidIdentityToken", StsXmlReading.ErrorCode(xml));
        Assert.Equal("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}", StsXmlReading.ErrorMessage(xml));
    }

    [Fact]
    public async Task Session_not_on_or_after_caps_the_expiration()
    {
        var tenant = TenantJson.LoadDefault();
        var json = TenantJson.Serialize(tenant with { Assertion = tenant.Assertion with { SessionNotOnOrAfterSeconds = 1000 } });
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TenantJson = json });
        using var calls = new SandboxCalls(sandbox);
        var (status, xml) = await calls.AssumeAsync(await calls.AssertionAsync("demo@example.com", "demo-password"),
            Arns.Role("111111111111", "ReadOnly"), Arns.Provider("111111111111"), 43200);
        Assert.Equal(200, status);
        Assert.InRange(DateTimeOffset.Parse(StsXmlReading.Value(xml, "Expiration")) - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(1001));
    }

    [Fact]
    public async Task Missing_parameter_and_unknown_action_are_refused()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (s1, x1) = await calls.StsAsync(("Action", "AssumeRoleWithSAML"), ("Version", "2011-06-15"), ("RoleArn", Arns.Role("111111111111", "Admin")));
        Assert.Equal(400, s1);
        Assert.Equal("MissingParameter", StsXmlReading.ErrorCode(x1));
        var (s2, x2) = await calls.StsAsync(("Action", "AssumeRoleWithMagic"), ("Version", "2011-06-15"));
        Assert.Equal(400, s2);
        Assert.Equal("InvalidAction", StsXmlReading.ErrorCode(x2));
    }
}

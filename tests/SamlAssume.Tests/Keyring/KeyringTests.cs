using SamlAssume.Aws.Sessions;
using SamlAssume.Cli;
using SamlAssume.Keyring;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Keyring;

/// <summary>
/// Secrets in the keyring, through the real command line against a real gnome-keyring-daemon on a private D-Bus
/// session bus; secret-tool (libsecret) is the independent client that stores and reads items as other programs —
/// OneLogin's own tool among them — do. Each test counts what reached the sandbox's OneLogin.
/// </summary>
public sealed class KeyringTests
{
    private const string User = "solo@example.com";
    private const string Password = "solo-password";

    private static string[] Login(TestWorkspace ws, params string[] extra) =>
        ["login", "-c", ws.ConfigDirectory, "-u", User, "-a", ws.AppId, "-d", ws.Sandbox.Tenant.Subdomain, "-p", "k", "--aws-region", "us-east-1", .. extra];

    private static int SignIns(TestWorkspace ws) => ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion);

    private static int LinesContaining(string text, string part) => text.Split('\n').Count(l => l.Contains(part, StringComparison.Ordinal));

    [KeyringFact]
    public async Task A_password_typed_and_stored_at_a_terminal_spares_the_next_login_its_prompt()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var keyring = await KeyringDaemon.StartAsync();
        var keys = new ScriptedInput().Line(Password).Line("y");

        var first = await CliRun.RunAsync(ws, Login(ws), keys, keyring.Environment);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(0, keys.Remaining);
        Assert.Contains("Store the OneLogin password in the keyring", first.Stderr);
        Assert.Equal(Password, await keyring.LookupWithSecretToolAsync(KeyringItems.PasswordService, User));

        // No terminal now: a password prompt would fail the run.
        var second = await CliRun.RunAsync(ws, Login(ws), environment: keyring.Environment);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2, SignIns(ws));
        Assert.DoesNotContain(Password, first.AllOutput + second.AllOutput);
    }

    [KeyringFact]
    public async Task Declining_the_offer_stores_nothing()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var keyring = await KeyringDaemon.StartAsync();
        var keys = new ScriptedInput().Line(Password).Line("n");

        var result = await CliRun.RunAsync(ws, Login(ws), keys, keyring.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Null(await keyring.LookupWithSecretToolAsync(KeyringItems.PasswordService, User));
    }

    [KeyringFact]
    public async Task Save_password_stores_a_password_from_stdin_without_asking_once_it_worked()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var keyring = await KeyringDaemon.StartAsync();

        var wrong = await CliRun.RunAsync(ws, Login(ws, "--password-stdin", "--save-password"), environment: keyring.Environment, stdin: "not-the-password\n");
        Assert.Equal(ExitCodes.SignInRefused, wrong.ExitCode);
        Assert.Null(await keyring.LookupWithSecretToolAsync(KeyringItems.PasswordService, User));

        var right = await CliRun.RunAsync(ws, Login(ws, "--password-stdin", "--save-password"), environment: keyring.Environment, stdin: Password + "\n");
        Assert.True(right.ExitCode == 0, right.ToString());
        Assert.Contains("Stored the OneLogin password in the keyring", right.Stderr);
        Assert.Equal(Password, await keyring.LookupWithSecretToolAsync(KeyringItems.PasswordService, User));
    }

    [KeyringFact]
    public async Task OneLogins_keychain_flags_find_an_item_another_program_stored()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var keyring = await KeyringDaemon.StartAsync();
        // What OneLogin's tool leaves after --keychain-service onelogin-aws --keychain-account me (Python keyring's attributes).
        await keyring.StoreWithSecretToolAsync("onelogin-aws", "me", Password);

        var result = await CliRun.RunAsync(ws, Login(ws, "--keychain-service", "onelogin-aws", "--keychain-account", "me"), environment: keyring.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, SignIns(ws));
    }

    [KeyringFact]
    public async Task Credential_process_signs_in_with_the_stored_password_where_nobody_could_type_one()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        await using var keyring = await KeyringDaemon.StartAsync();
        await keyring.StoreWithSecretToolAsync("onelogin-aws", "demo", "demo-password");

        var result = await CliRun.RunAsync(ws,
            ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--keychain-service", "onelogin-aws", "--keychain-account", "demo"],
            environment: keyring.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.StartsWith("ASIA", json.RootElement.GetProperty("AccessKeyId").GetString());
        Assert.Equal(1, SignIns(ws));
    }

    [KeyringFact]
    public async Task A_stored_password_OneLogin_rejects_is_removed_and_not_sent_again()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var keyring = await KeyringDaemon.StartAsync();
        await keyring.StoreWithSecretToolAsync(KeyringItems.PasswordService, User, "an-old-password");

        var result = await CliRun.RunAsync(ws, Login(ws), environment: keyring.Environment);

        Assert.Equal(ExitCodes.SignInRefused, result.ExitCode);
        Assert.Equal(1, SignIns(ws));
        Assert.Contains("samlassume: error: OneLogin rejected the password stored in the keyring", result.Stderr);
        Assert.Contains("it was removed from the keyring", result.Stderr);
        Assert.Equal(1, LinesContaining(result.Stderr, "samlassume: error:"));
        Assert.Null(await keyring.LookupWithSecretToolAsync(KeyringItems.PasswordService, User));
        Assert.DoesNotContain("an-old-password", result.AllOutput);

        // The next run has nothing stored: without a terminal it says what is missing, and OneLogin sees nothing.
        var next = await CliRun.RunAsync(ws, Login(ws), environment: keyring.Environment);
        Assert.Equal(ExitCodes.Usage, next.ExitCode);
        Assert.Equal(1, SignIns(ws));
    }

    [KeyringFact]
    public async Task At_a_terminal_a_rejected_stored_password_is_asked_for_once_and_the_new_one_kept()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var keyring = await KeyringDaemon.StartAsync();
        await keyring.StoreWithSecretToolAsync(KeyringItems.PasswordService, User, "an-old-password");
        var keys = new ScriptedInput().LineWhenAsked(Password).LineWhenAsked("y");

        var result = await CliRun.RunAsync(ws, Login(ws), keys, keyring.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, keys.Remaining);
        // One sign-in with the stored password, one with the typed one: the rejected one was not sent again.
        Assert.Equal(2, SignIns(ws));
        Assert.Equal(1, LinesContaining(result.Stderr, "OneLogin rejected the password stored in the keyring"));
        Assert.Equal(Password, await keyring.LookupWithSecretToolAsync(KeyringItems.PasswordService, User));
    }

    [KeyringFact]
    public async Task A_locked_keyring_costs_one_line_and_the_usual_prompt()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var keyring = await KeyringDaemon.StartAsync();
        await keyring.StoreWithSecretToolAsync(KeyringItems.PasswordService, User, Password);
        await keyring.LockAsync();
        var keys = new ScriptedInput().Line(Password);

        var result = await CliRun.RunAsync(ws, Login(ws), keys, keyring.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, keys.Remaining);
        Assert.Equal(1, LinesContaining(result.Stderr, "keyring"));
        Assert.Contains("warning: the keyring is locked", result.Stderr);
        Assert.Contains("OneLogin password:", result.Stderr);
        Assert.Equal(1, SignIns(ws));
    }

    [Fact]
    public async Task An_absent_keyring_costs_one_line_when_asked_for_and_none_otherwise()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var nowhere = new Dictionary<string, string?> { [SystemKeyring.BusAddressVariable] = "unix:path=" + Path.Combine(ws.Root, "no-bus") };

        var keys = new ScriptedInput().Line(Password);
        var asked = await CliRun.RunAsync(ws, Login(ws, "--save-password"), keys, nowhere);

        Assert.True(asked.ExitCode == 0, asked.ToString());
        Assert.Equal(0, keys.Remaining);
        Assert.Equal(1, LinesContaining(asked.Stderr, "keyring"));
        Assert.Contains("warning: no keyring: the D-Bus session bus at unix:path=", asked.Stderr);

        var quiet = await CliRun.RunAsync(ws, Login(ws), new ScriptedInput().Line(Password), nowhere);
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain("keyring", quiet.Stderr);
    }

    [KeyringFact]
    public async Task The_client_secret_can_live_in_the_keyring()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig(clientSecret: "keyring:");
        await using var keyring = await KeyringDaemon.StartAsync();

        var missing = await CliRun.RunAsync(ws, Login(ws, "--onelogin-password", Password), environment: keyring.Environment);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("keeps client_secret in the keyring, but the keyring has none", missing.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));

        var secret = ws.Sandbox.Tenant.ClientSecret;
        var stored = await CliRun.RunAsync(ws, ["keyring", "set-client-secret", "-c", ws.ConfigDirectory], environment: keyring.Environment, stdin: secret + "\n");
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.Equal(secret, await keyring.LookupWithSecretToolAsync(KeyringItems.ClientSecretService, ws.Sandbox.Tenant.ClientId));

        var login = await CliRun.RunAsync(ws, Login(ws, "--onelogin-password", Password), environment: keyring.Environment);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.DoesNotContain(secret, stored.AllOutput + login.AllOutput);
    }

    [Fact]
    public async Task A_client_secret_in_an_absent_keyring_fails_with_one_line_before_any_call()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig(clientSecret: "keyring:");

        var result = await CliRun.RunAsync(ws, Login(ws, "--onelogin-password", Password));

        Assert.Equal(ExitCodes.Keyring, result.ExitCode);
        Assert.Equal("samlassume: error: " + Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json") +
            " keeps client_secret in the keyring, but no keyring: DBUS_SESSION_BUS_ADDRESS is not set (no desktop session, so no Secret Service to ask)", result.Stderr.Trim());
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [KeyringFact]
    public async Task Long_lived_aws_keys_are_stored_for_a_source_profile_and_read_back()
    {
        await using var ws = await TestWorkspace.StartAsync();
        await using var keyring = await KeyringDaemon.StartAsync();
        const string id = "AKIAIOSFODNN7EXAMPLE", secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

        var temporary = await CliRun.RunAsync(ws, ["keyring", "set-aws-keys", "--profile", "bastion"], environment: keyring.Environment, stdin: "ASIAIOSFODNN7EXAMPLE\n" + secret + "\n");
        Assert.Equal(ExitCodes.Usage, temporary.ExitCode);

        var result = await CliRun.RunAsync(ws, ["keyring", "set-aws-keys", "--profile", "bastion"], environment: keyring.Environment, stdin: id + "\n" + secret + "\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(secret, result.AllOutput);
        var keys = await AwsKeysInKeyring.ReadAsync(new SecretServiceKeyring(keyring.Address), "bastion", CancellationToken.None);
        Assert.Equal(new LongLivedAwsKeys(id, secret), keys);
        Assert.Null(await AwsKeysInKeyring.ReadAsync(new SecretServiceKeyring(keyring.Address), "other", CancellationToken.None));
    }

    [KeyringFact]
    public async Task Status_lists_and_forget_removes_only_what_samlassume_stored()
    {
        await using var ws = await TestWorkspace.StartAsync();
        await using var keyring = await KeyringDaemon.StartAsync();
        await keyring.StoreWithSecretToolAsync("someone-else", "me", "their-secret");
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["keyring", "set-password", "-u", User], environment: keyring.Environment, stdin: Password + "\n")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["keyring", "set-aws-keys", "-p", "bastion"], environment: keyring.Environment,
            stdin: "AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")).ExitCode);

        var status = await CliRun.RunAsync(ws, ["keyring", "status"], environment: keyring.Environment);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"OneLogin password: service {KeyringItems.PasswordService}, account {User}", status.Stdout);
        Assert.Contains($"AWS access key: service {KeyringItems.AwsKeysService}, account bastion", status.Stdout);
        Assert.DoesNotContain("someone-else", status.Stdout);
        // gnome-keyring offers the DH session: secrets never cross the bus in the clear.
        Assert.Contains("transfer: dh-ietf1024-sha256-aes128-cbc-pkcs7 (secrets encrypted on the bus)", status.Stdout);
        Assert.DoesNotContain(Password, status.AllOutput);

        var forget = await CliRun.RunAsync(ws, ["keyring", "forget", "--all"], environment: keyring.Environment);

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.Contains("Removed 2 item(s)", forget.Stderr);
        Assert.Null(await keyring.LookupWithSecretToolAsync(KeyringItems.PasswordService, User));
        Assert.Null(await keyring.LookupWithSecretToolAsync(KeyringItems.AwsKeysService, "bastion"));
        Assert.Equal("their-secret", await keyring.LookupWithSecretToolAsync("someone-else", "me"));
    }

    [Fact]
    public async Task Keyring_commands_without_a_keyring_fail_with_one_line()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await CliRun.RunAsync(ws, ["keyring", "status"]);

        Assert.Equal(ExitCodes.Keyring, result.ExitCode);
        Assert.Equal("samlassume: error: no keyring: DBUS_SESSION_BUS_ADDRESS is not set (no desktop session, so no Secret Service to ask)", result.Stderr.Trim());
    }
}
